"""The four RNN schemes, each trained on its task from :mod:`rnnlab.data.schemes`.

Every ``train_*`` function builds its data from a seed, trains a model of
:mod:`rnnlab.models.schemes` for a few hundred Adam steps (teacher forcing for the decoders:
during training each step is fed the true previous word, starting from ``<bos>``) through
:func:`rnnlab.training.loop.fit`, and returns a
:class:`~rnnlab.experiments.results.tables.SchemeResult` with its held-out accuracy next to a
baseline's. :func:`run_all_schemes` runs the four.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import torch

from rnnlab._validate import check_int
from rnnlab.data import schemes as data
from rnnlab.experiments.results.tables import SchemeResult
from rnnlab.experiments.scheme_parts import (
    exact_match,
    fit_minibatches,
    held_out_sample,
    sequence_loss,
    shift_right,
    split_examples,
)
from rnnlab.models.schemes import BagOfWords, Captioner, Classifier, Seq2Seq, Tagger
from rnnlab.repro import one_thread

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
]

N_EXAMPLES = 8  # decoded held-out examples kept in every result

# the baseline "translator": each English word -> one French word, in the same order (the
# lexicon's first form: je/tu for a verb, masculine for an article or adjective)
WORD_BY_WORD = {
    **{en: fr for en, (fr, _) in data.SUBJECTS.items()},
    **{v: forms[0] for v, forms in data.VERBS.items()},
    **{data.THIRD_PERSON[v]: forms[1] for v, forms in data.VERBS.items()},
    **{en: forms["m"] for en, forms in data.ARTICLES.items()},
    **{en: forms["m"] for en, forms in data.ADJECTIVES.items() if forms},
    **{en: fr for en, (fr, _) in data.NOUNS.items()},
}


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
    train, test = split_examples(d, n_train, ("captions",))
    with one_thread():
        torch.manual_seed(seed)
        model = Captioner(train["images"].shape[1], len(vocab), hidden)

        def loss_fn(idx):
            y = train["captions"][:, idx]
            return sequence_loss(model(train["images"][idx], shift_right(y, bos)), y)

        losses = fit_minibatches(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        pred = model.generate(test["images"], bos, eos, test["captions"].shape[0] + 2)
    acc = exact_match(pred, test["captions"], eos).mean()
    common = Counter(tuple(c) for c in train["captions"].T.tolist()).most_common(1)[0][0]
    base = np.mean([tuple(c) == common for c in test["captions"].T.tolist()])
    examples = [
        (
            f"image {tuple(int(a) for a in d['attributes'][n_train + b])}",
            data.decode(pred[:, b].numpy(), vocab),
            data.decode(test["captions"][:, b].numpy(), vocab),
        )
        for b in range(N_EXAMPLES)
    ]
    return SchemeResult(
        scheme="one to many",
        task="image features -> caption",
        application="image annotation",
        metric="exact caption",
        accuracy=float(acc),
        baseline="most common caption",
        baseline_accuracy=float(base),
        seconds=time.perf_counter() - start,
        steps=steps,
        losses=losses,
        examples=examples,
        key="one_to_many",
        model=model,
        sample=held_out_sample(test, ("images", "captions")),
    )


def _classify(make_model, *, seed, steps, n_train, n_test):
    """Train a sentiment classifier `make_model(V, C)` on the review task; return what it did."""
    d = data.sentiment_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = split_examples(d, n_train, ("tokens",))
    with one_thread():
        torch.manual_seed(seed)
        model = make_model(len(d["vocab"]), len(d["classes"]))

        def loss_fn(idx):
            logits = model(train["tokens"][:, idx], train["lengths"][idx])
            return torch.nn.functional.cross_entropy(logits, train["labels"][idx])

        losses = fit_minibatches(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        with torch.no_grad():
            pred = model(test["tokens"], test["lengths"]).argmax(-1)
    acc = (pred == test["labels"]).float().mean().item()
    examples = [
        (
            data.decode(test["tokens"][:, b].numpy(), d["vocab"]),
            d["classes"][int(pred[b])],
            d["classes"][int(test["labels"][b])],
        )
        for b in range(N_EXAMPLES)
    ]
    return acc, losses, examples, model, held_out_sample(test, ("tokens", "lengths"))


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
        scheme="bag of words",
        task="review -> sentiment",
        application="sentence classification",
        metric="accuracy",
        accuracy=acc,
        baseline="chance",
        baseline_accuracy=0.5,
        seconds=time.perf_counter() - start,
        steps=steps,
        losses=losses,
        examples=examples,
        model=model,
    )


def train_many_to_one(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """Review -> sentiment, read by an RNN. Baseline: :func:`train_bag_of_words` (same data)."""
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    acc, losses, examples, model, sample = _classify(
        lambda V, C: Classifier(V, hidden, C),
        seed=seed,
        steps=steps,
        n_train=n_train,
        n_test=n_test,
    )
    seconds = time.perf_counter() - start
    bow = train_bag_of_words(seed=seed, steps=steps, n_train=n_train, n_test=n_test)
    return SchemeResult(
        scheme="many to one",
        task="review -> sentiment",
        application="sentiment analysis",
        metric="accuracy",
        accuracy=acc,
        baseline="bag of words",
        baseline_accuracy=bow.accuracy,
        seconds=seconds,
        steps=steps,
        losses=losses,
        examples=examples,
        key="many_to_one",
        model=model,
        sample=sample,
        baseline_model=bow.model,
    )


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
    train, test = split_examples(d, n_train, ("src", "tgt"))
    with one_thread():
        torch.manual_seed(seed)
        model = Seq2Seq(len(d["src_vocab"]), len(tv), hidden)

        def loss_fn(idx):
            y = train["tgt"][:, idx]
            logits = model(train["src"][:, idx], train["src_lengths"][idx], shift_right(y, bos))
            return sequence_loss(logits, y)

        losses = fit_minibatches(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        pred = model.generate(test["src"], test["src_lengths"], bos, test["tgt"].shape[0] + 2)
    acc = exact_match(pred, test["tgt"], eos).mean()
    base = np.mean(
        [
            word_by_word(test["src"][:, b].numpy())
            == data.decode(test["tgt"][:, b].numpy(), tv).split()
            for b in range(test["src"].shape[1])
        ]
    )
    examples = [
        (
            data.decode(test["src"][:, b].numpy(), d["src_vocab"]),
            data.decode(pred[:, b].numpy(), tv),
            data.decode(test["tgt"][:, b].numpy(), tv),
        )
        for b in range(N_EXAMPLES)
    ]
    return SchemeResult(
        scheme="many to many (encoder-decoder)",
        task="English -> French, ends with <eos>",
        application="machine translation",
        metric="exact translation",
        accuracy=float(acc),
        baseline="word by word",
        baseline_accuracy=float(base),
        seconds=time.perf_counter() - start,
        steps=steps,
        losses=losses,
        examples=examples,
        key="encoder_decoder",
        model=model,
        sample=held_out_sample(test, ("src", "src_lengths", "tgt")),
    )


def _most_frequent_tag(train: dict, V: int) -> torch.Tensor:
    """The baseline tagger: for each word id (V,), its most frequent tag in the training part
    (tokens and tags (T, B)); 0 for a word never seen."""
    counts: dict[int, Counter] = {}
    words, tags = train["tokens"].flatten().tolist(), train["tags"].flatten().tolist()
    for w, t in zip(words, tags, strict=True):
        counts.setdefault(w, Counter())[t] += 1
    return torch.tensor([counts[w].most_common(1)[0][0] if w in counts else 0 for w in range(V)])


def train_synced(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> SchemeResult:
    """Part-of-speech tagging, one tag per word. Metric: held-out tag accuracy on real words.

    Baseline: tag each word with its most frequent training tag, ignoring its neighbours.
    """
    steps, hidden = check_int(steps, "steps"), check_int(hidden, "hidden")
    start = time.perf_counter()
    d = data.tagging_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = split_examples(d, n_train, ("tokens", "tags"))
    with one_thread():
        torch.manual_seed(seed)
        model = Tagger(len(d["vocab"]), hidden, len(d["tagset"]))

        def loss_fn(idx):
            return sequence_loss(model(train["tokens"][:, idx]), train["tags"][:, idx])

        losses = fit_minibatches(model, loss_fn, n_train, steps=steps, batch=64, lr=0.01, seed=seed)
        with torch.no_grad():
            pred = model(test["tokens"]).argmax(-1)
    real = test["tags"] != 0
    acc = (pred == test["tags"])[real].float().mean().item()
    base_right = _most_frequent_tag(train, len(d["vocab"]))[test["tokens"]] == test["tags"]
    base = base_right[real].float().mean().item()
    ambiguous = torch.isin(
        test["tokens"], torch.tensor([d["vocab"].index(w) for w in data.AMBIGUOUS])
    )
    note = (
        f"on the ambiguous words only: baseline {base_right[ambiguous].float().mean().item():.0%},"
        f" model {(pred == test['tags'])[ambiguous].float().mean().item():.0%}"
    )
    examples = [
        (
            data.decode(test["tokens"][:, b].numpy(), d["vocab"]),
            " ".join(d["tagset"][int(i)] for i in pred[: test["lengths"][b], b]),
            " ".join(d["tagset"][int(i)] for i in test["tags"][: test["lengths"][b], b]),
        )
        for b in range(N_EXAMPLES)
    ]
    return SchemeResult(
        scheme="many to many (synced)",
        task="sentence -> a tag per word",
        application="tagging",
        metric="tag accuracy",
        accuracy=acc,
        baseline="most frequent tag per word",
        baseline_accuracy=base,
        seconds=time.perf_counter() - start,
        steps=steps,
        losses=losses,
        examples=examples,
        key="synced",
        model=model,
        sample=held_out_sample(test, ("tokens",)),
        note=note,
    )


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
