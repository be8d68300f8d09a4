"""The four RNN schemes, each trained on its task from :mod:`rnnlab.data.schemes`.

Every ``train_*`` function builds its data from a seed, trains a model of
:mod:`rnnlab.models.schemes` for a few hundred Adam steps (teacher forcing for the decoders:
during training each step is fed the true previous word, starting from ``<bos>``) through
:func:`rnnlab.training.fit`, and returns a :class:`~rnnlab.experiments.results.SchemeResult`
with its held-out accuracy next to a baseline's. :func:`run_all_schemes` runs the four.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import torch

from rnnlab._validate import check_int
from rnnlab.data import schemes as data
from rnnlab.experiments.results import SchemeResult
from rnnlab.models.schemes import BagOfWords, Captioner, Classifier, Seq2Seq, Tagger
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = [
    "N_EXAMPLES",
    "WORD_BY_WORD",
    "train_one_to_many",
    "train_many_to_one",
    "train_bag_of_words",
    "train_encoder_decoder",
    "train_synced",
    "run_all_schemes",
    "word_by_word",
    "shift_right",
]

N_EXAMPLES = 8  # decoded held-out examples kept in every result

# the baseline "translator": each English word -> one French word, in the same order
WORD_BY_WORD = {"i": "je", "you": "tu", "he": "il", "we": "nous", "they": "ils", "see": "vois",
                "sees": "voit", "want": "veux", "wants": "veut", "the": "le", "a": "un",
                "black": "noir", "white": "blanc",
                "cat": "chat", "dog": "chien", "bird": "oiseau", "mouse": "souris",
                "car": "voiture"}  # fmt: skip


def _fit(model, loss_fn, n_train: int, *, steps: int, batch: int, lr: float, seed: int):
    """Adam on random minibatches: ``loss_fn(idx)`` is the loss of training examples `idx`."""
    draws = np.random.default_rng(seed + 1)

    def step_loss(_step: int) -> torch.Tensor:
        return loss_fn(torch.from_numpy(draws.integers(0, n_train, size=batch)))

    return fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))


def _split(d: dict, n_train: int, keys_time_major: tuple[str, ...]):
    """Split a data dict into train and test parts (time-major arrays split on axis 1)."""
    train, test = {}, {}
    for key, value in d.items():
        if not isinstance(value, np.ndarray):
            continue
        axis = 1 if key in keys_time_major else 0
        a, b = np.split(value, [n_train], axis=axis)
        to = torch.float32 if value.dtype.kind == "f" else torch.long
        train[key] = torch.as_tensor(a, dtype=to)
        test[key] = torch.as_tensor(b, dtype=to)
    return train, test


def shift_right(targets, bos: int):
    """Decoder inputs for teacher forcing: <bos> followed by the targets minus the last."""
    first = torch.full_like(targets[:1], bos)
    return torch.cat([first, targets[:-1]])


def _seq_loss(logits, targets):
    """Cross-entropy over real positions only (target id 0 is padding)."""
    return torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=0
    )


def _exact_match(pred, target, eos: int) -> np.ndarray:
    """Per sequence: do predicted ids equal the target up to and including <eos>? (B,) bool."""
    pred, target = pred.numpy(), target.numpy()
    ok = []
    for b in range(target.shape[1]):
        t = [int(i) for i in target[:, b] if i != 0]
        p = [int(i) for i in pred[:, b]]
        p = p[: p.index(eos) + 1] if eos in p else p
        ok.append(p == t)
    return np.array(ok)


def _sample(test: dict, keys: tuple[str, ...], n: int = 32) -> dict:
    """The first n held-out examples (time-major arrays cut on axis 1), for later checks."""
    return {k: test[k][:, :n] if test[k].dim() == 2 and k in ("captions", "tokens", "src", "tgt",
            "tags") else test[k][:n] for k in keys}  # fmt: skip


def train_one_to_many(
    *, seed: int = 0, steps: int = 500, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """Image -> caption. Metric: held-out captions generated exactly (greedy, up to <eos>).

    Baseline: always write the most common training caption, whatever the image.
    """
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    d = data.caption_data(n_train + n_test, rng=np.random.default_rng(seed))
    vocab = d["vocab"]
    bos, eos = vocab.index(data.BOS), vocab.index(data.EOS)
    train, test = _split(d, n_train, ("captions",))
    with one_thread():
        torch.manual_seed(seed)
        model = Captioner(train["images"].shape[1], len(vocab), hidden)

        def loss_fn(idx):
            y = train["captions"][:, idx]
            return _seq_loss(model(train["images"][idx], shift_right(y, bos)), y)

        losses = _fit(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        pred = model.generate(test["images"], bos, eos, test["captions"].shape[0] + 2)
    acc = _exact_match(pred, test["captions"], eos).mean()
    common = Counter(tuple(c) for c in train["captions"].T.tolist()).most_common(1)[0][0]
    base = np.mean([tuple(c) == common for c in test["captions"].T.tolist()])
    examples = [
        (f"image {tuple(int(a) for a in d['attributes'][n_train + b])}",
         data.decode(pred[:, b].numpy(), vocab), data.decode(test["captions"][:, b].numpy(), vocab))
        for b in range(N_EXAMPLES)
    ]  # fmt: skip
    return SchemeResult(
        "one to many", "image features -> caption", "image annotation", "exact caption",
        float(acc), "most common caption", float(base), time.perf_counter() - start, steps,
        losses, examples, key="one_to_many", model=model,
        sample=_sample(test, ("images", "captions")),
    )  # fmt: skip


def _classify(make_model, *, seed, steps, n_train, n_test):
    """Train a sentiment classifier `make_model(V, C)` on the review task; return what it did."""
    d = data.sentiment_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = _split(d, n_train, ("tokens",))
    with one_thread():
        torch.manual_seed(seed)
        model = make_model(len(d["vocab"]), len(d["classes"]))

        def loss_fn(idx):
            logits = model(train["tokens"][:, idx], train["lengths"][idx])
            return torch.nn.functional.cross_entropy(logits, train["labels"][idx])

        losses = _fit(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        with torch.no_grad():
            pred = model(test["tokens"], test["lengths"]).argmax(-1)
    acc = (pred == test["labels"]).float().mean().item()
    examples = [
        (data.decode(test["tokens"][:, b].numpy(), d["vocab"]), d["classes"][int(pred[b])],
         d["classes"][int(test["labels"][b])])
        for b in range(N_EXAMPLES)
    ]  # fmt: skip
    return acc, losses, examples, model, _sample(test, ("tokens", "lengths"))


def train_bag_of_words(
    *, seed: int = 0, steps: int = 150, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """The bag-of-words baseline on the sentiment task: word counts -> linear classifier."""
    steps = check_int(steps, "steps")
    start = time.perf_counter()
    acc, losses, examples, model, _ = _classify(
        BagOfWords, seed=seed, steps=steps, n_train=n_train, n_test=n_test
    )
    return SchemeResult(
        "bag of words", "review -> sentiment", "sentence classification", "accuracy", acc,
        "chance", 0.5, time.perf_counter() - start, steps, losses, examples, model=model,
    )  # fmt: skip


def train_many_to_one(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """Review -> sentiment, read by an RNN. Baseline: :func:`train_bag_of_words` (same data)."""
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    acc, losses, examples, model, sample = _classify(
        lambda V, C: Classifier(V, hidden, C), seed=seed, steps=steps, n_train=n_train,
        n_test=n_test,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    bow = train_bag_of_words(seed=seed, steps=steps, n_train=n_train, n_test=n_test)
    return SchemeResult(
        "many to one", "review -> sentiment", "sentiment analysis", "accuracy", acc,
        "bag of words", bow.accuracy, seconds, steps, losses, examples, key="many_to_one",
        model=model, sample=sample, baseline_model=bow.model,
    )  # fmt: skip


def word_by_word(src_ids: np.ndarray) -> list[str]:
    """The baseline translation of one source id sequence: the lexicon, word by word."""
    words = data.decode(src_ids, data.SRC_VOCAB).split()
    return [WORD_BY_WORD[w] for w in words] + [data.EOS]


def train_encoder_decoder(
    *, seed: int = 0, steps: int = 500, hidden: int = 64, n_train: int = 3000, n_test: int = 500
) -> SchemeResult:
    """English -> French toy translation. Metric: held-out sentences translated exactly.

    Baseline: translate word by word with a dictionary (same order, no agreement).
    """
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    d = data.translation_data(n_train + n_test, rng=np.random.default_rng(seed))
    tv = d["tgt_vocab"]
    bos, eos = tv.index(data.BOS), tv.index(data.EOS)
    train, test = _split(d, n_train, ("src", "tgt"))
    with one_thread():
        torch.manual_seed(seed)
        model = Seq2Seq(len(d["src_vocab"]), len(tv), hidden)

        def loss_fn(idx):
            y = train["tgt"][:, idx]
            logits = model(train["src"][:, idx], train["src_lengths"][idx], shift_right(y, bos))
            return _seq_loss(logits, y)

        losses = _fit(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        pred = model.generate(test["src"], test["src_lengths"], bos, test["tgt"].shape[0] + 2)
    acc = _exact_match(pred, test["tgt"], eos).mean()
    base = np.mean(
        [
            word_by_word(test["src"][:, b].numpy())
            == data.decode(test["tgt"][:, b].numpy(), tv).split()
            for b in range(test["src"].shape[1])
        ]
    )
    examples = [
        (data.decode(test["src"][:, b].numpy(), d["src_vocab"]),
         data.decode(pred[:, b].numpy(), tv), data.decode(test["tgt"][:, b].numpy(), tv))
        for b in range(N_EXAMPLES)
    ]  # fmt: skip
    return SchemeResult(
        "many to many (encoder-decoder)", "English -> French, ends with <eos>",
        "machine translation", "exact translation", float(acc), "word by word", float(base),
        time.perf_counter() - start, steps, losses, examples, key="encoder_decoder",
        model=model, sample=_sample(test, ("src", "src_lengths", "tgt")),
    )  # fmt: skip


def train_synced(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """Part-of-speech tagging, one tag per word. Metric: held-out tag accuracy on real words.

    Baseline: tag each word with its most frequent training tag, ignoring its neighbours.
    """
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    d = data.tagging_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = _split(d, n_train, ("tokens", "tags"))
    with one_thread():
        torch.manual_seed(seed)
        model = Tagger(len(d["vocab"]), hidden, len(d["tagset"]))

        def loss_fn(idx):
            return _seq_loss(model(train["tokens"][:, idx]), train["tags"][:, idx])

        losses = _fit(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        with torch.no_grad():
            pred = model(test["tokens"]).argmax(-1)
    real = test["tags"] != 0
    acc = (pred == test["tags"])[real].float().mean().item()
    counts: dict[int, Counter] = {}
    for w, t in zip(train["tokens"].flatten().tolist(), train["tags"].flatten().tolist(),
                    strict=True):  # fmt: skip
        counts.setdefault(w, Counter())[t] += 1
    unigram = torch.tensor(
        [counts[w].most_common(1)[0][0] if w in counts else 0 for w in range(len(d["vocab"]))]
    )
    base_right = unigram[test["tokens"]] == test["tags"]
    base = base_right[real].float().mean().item()
    ambiguous = torch.isin(
        test["tokens"], torch.tensor([d["vocab"].index(w) for w in data.AMBIGUOUS])
    )
    note = (
        f"on the ambiguous words only: baseline {base_right[ambiguous].float().mean().item():.0%},"
        f" model {(pred == test['tags'])[ambiguous].float().mean().item():.0%}"
    )
    examples = [
        (data.decode(test["tokens"][:, b].numpy(), d["vocab"]),
         " ".join(d["tagset"][int(i)] for i in pred[: test["lengths"][b], b]),
         " ".join(d["tagset"][int(i)] for i in test["tags"][: test["lengths"][b], b]))
        for b in range(N_EXAMPLES)
    ]  # fmt: skip
    return SchemeResult(
        "many to many (synced)", "sentence -> a tag per word", "tagging", "tag accuracy", acc,
        "most frequent tag per word", base, time.perf_counter() - start, steps, losses,
        examples, key="synced", model=model, sample=_sample(test, ("tokens",)), note=note,
    )  # fmt: skip


def run_all_schemes(*, seed: int = 0, scale: float = 1.0) -> list[SchemeResult]:
    """Train the four schemes; `scale` multiplies every step count (use < 1 for quick tests)."""
    if not np.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive number, got {scale!r}")

    def s(n: int) -> int:
        return max(1, round(n * scale))

    return [
        train_one_to_many(seed=seed, steps=s(500)),
        train_many_to_one(seed=seed, steps=s(150)),
        train_encoder_decoder(seed=seed, steps=s(500)),
        train_synced(seed=seed, steps=s(150)),
    ]
