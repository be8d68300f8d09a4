"""The four RNN schemes as small torch models, each trained on its task from rnnlab.data.schemes.

Every ``train_*`` function builds its data from a seed, trains for a few hundred Adam steps on a
CPU, and returns a dict: scheme, task, application, metric, accuracy (held-out), baseline,
baseline_accuracy, seconds, steps, losses and a few decoded examples. :func:`run_all_schemes`
runs the four; :func:`results_table` formats their rows.

The recurrent part is always a one-layer ``torch.nn.RNN`` (tanh), the lecture's
h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h); tokens enter as learned embeddings x_t.
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

from rnnlab.data import schemes as data
from rnnlab.repro import one_thread
from rnnlab.scratch.rnn import rnn_forward

__all__ = [
    "train_one_to_many",
    "train_many_to_one",
    "train_bag_of_words",
    "train_encoder_decoder",
    "train_synced",
    "run_all_schemes",
    "results_table",
    "numpy_vs_torch",
    "predict_reviews",
    "swap_test",
    "WORD_BY_WORD",
]

N_EXAMPLES = 8  # decoded held-out examples kept in every result

# the baseline "translator": each English word -> one French word, in the same order
WORD_BY_WORD = {"i": "je", "you": "tu", "he": "il", "we": "nous", "they": "ils", "see": "vois",
                "want": "veux", "the": "le", "a": "un", "black": "noir", "white": "blanc",
                "cat": "chat", "dog": "chien", "bird": "oiseau", "mouse": "souris",
                "car": "voiture"}  # fmt: skip


def _check_int(value: object, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


def _modules():
    """The torch model classes, defined on first use so that importing rnnlab stays light."""
    import torch
    from torch import nn

    class Captioner(nn.Module):
        """One to many: the image sets h_0, then the RNN reads its own previous word."""

        def __init__(self, F: int, V: int, H: int, E: int = 16):
            super().__init__()
            self.init_h = nn.Linear(F, H)
            self.embed = nn.Embedding(V, E)
            self.rnn = nn.RNN(E, H)
            self.head = nn.Linear(H, V)

        def forward(self, images, inputs):  # images (B, F), inputs (T, B) -> logits (T, B, V)
            h0 = torch.tanh(self.init_h(images))[None]  # (1, B, H)
            out, _ = self.rnn(self.embed(inputs), h0)  # (T, B, H)
            return self.head(out)

        @torch.no_grad()
        def generate(self, images, bos: int, eos: int, max_len: int):  # -> (max_len, B) ids
            h = torch.tanh(self.init_h(images))[None]
            token = torch.full((images.shape[0],), bos, dtype=torch.long)
            out = []
            for _ in range(max_len):
                o, h = self.rnn(self.embed(token)[None], h)
                token = self.head(o[0]).argmax(-1)  # greedy: the most likely next word
                out.append(token)
            return torch.stack(out)

    class Classifier(nn.Module):
        """Many to one: read the whole sentence, classify from the last real h_t."""

        def __init__(self, V: int, H: int, C: int, E: int = 16):
            super().__init__()
            self.embed = nn.Embedding(V, E, padding_idx=0)
            self.rnn = nn.RNN(E, H)
            self.head = nn.Linear(H, C)

        def forward(self, tokens, lengths):  # tokens (T, B), lengths (B,) -> logits (B, C)
            out, _ = self.rnn(self.embed(tokens))  # (T, B, H); padding comes after the end
            last = out[lengths - 1, torch.arange(tokens.shape[1])]  # (B, H): h at each end
            return self.head(last)

    class BagOfWords(nn.Module):
        """The baseline: a linear classifier on word counts, blind to word order."""

        def __init__(self, V: int, C: int):
            super().__init__()
            self.V = V
            self.linear = nn.Linear(V, C)

        def forward(self, tokens, lengths):  # tokens (T, B) -> logits (B, C)
            counts = torch.nn.functional.one_hot(tokens, self.V).sum(0).float()  # (B, V)
            counts[:, 0] = 0.0  # padding is not a word
            return self.linear(counts)

    class Seq2Seq(nn.Module):
        """Many to many, encoder-decoder: the encoder's last h_t starts the decoder."""

        def __init__(self, Vs: int, Vt: int, H: int, E: int = 16):
            super().__init__()
            self.src_embed = nn.Embedding(Vs, E, padding_idx=0)
            self.encoder = nn.RNN(E, H)
            self.tgt_embed = nn.Embedding(Vt, E)
            self.decoder = nn.RNN(E, H)
            self.head = nn.Linear(H, Vt)

        def encode(self, src, src_len):  # -> (1, B, H), the sentence as one vector
            out, _ = self.encoder(self.src_embed(src))
            return out[src_len - 1, torch.arange(src.shape[1])][None]

        def forward(self, src, src_len, inputs):  # inputs (T, B) -> logits (T, B, Vt)
            out, _ = self.decoder(self.tgt_embed(inputs), self.encode(src, src_len))
            return self.head(out)

        @torch.no_grad()
        def generate(self, src, src_len, bos: int, max_len: int):  # -> (max_len, B) ids
            h = self.encode(src, src_len)
            token = torch.full((src.shape[1],), bos, dtype=torch.long)
            out = []
            for _ in range(max_len):
                o, h = self.decoder(self.tgt_embed(token)[None], h)
                token = self.head(o[0]).argmax(-1)
                out.append(token)
            return torch.stack(out)

    class Tagger(nn.Module):
        """Many to many, synced: one output y_t for every input x_t."""

        def __init__(self, V: int, H: int, K: int, E: int = 16):
            super().__init__()
            self.embed = nn.Embedding(V, E, padding_idx=0)
            self.rnn = nn.RNN(E, H)
            self.head = nn.Linear(H, K)

        def forward(self, tokens):  # (T, B) -> logits (T, B, K)
            out, _ = self.rnn(self.embed(tokens))
            return self.head(out)

    return Captioner, Classifier, BagOfWords, Seq2Seq, Tagger


def _fit(model, loss_fn, n_train: int, *, steps: int, batch: int, lr: float, seed: int):
    """Adam on random minibatches: ``loss_fn(idx)`` is the loss of training examples `idx`."""
    import torch

    gen = np.random.default_rng(seed + 1)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        idx = torch.from_numpy(gen.integers(0, n_train, size=batch))
        loss = loss_fn(idx)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # the lecture's clipping
        opt.step()
        losses.append(loss.item())
    return losses


def _split(d: dict, n_train: int, keys_time_major: tuple[str, ...]):
    """Split a data dict into train and test parts (time-major arrays split on axis 1)."""
    import torch

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


def _shift_right(targets, bos: int):
    """Decoder inputs for teacher forcing: <bos> followed by the targets minus the last."""
    import torch

    first = torch.full_like(targets[:1], bos)
    return torch.cat([first, targets[:-1]])


def _seq_loss(logits, targets):
    """Cross-entropy over real positions only (target id 0 is padding)."""
    import torch

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


def _result(scheme, task, application, metric, acc, baseline, base_acc, seconds, steps, losses,
            examples) -> dict:  # fmt: skip
    return {"scheme": scheme, "task": task, "application": application, "metric": metric,
            "accuracy": float(acc), "baseline": baseline, "baseline_accuracy": float(base_acc),
            "seconds": float(seconds), "steps": int(steps), "losses": losses,
            "examples": examples}  # fmt: skip


def train_one_to_many(
    *, seed: int = 0, steps: int = 500, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> dict:
    """Image -> caption. Metric: held-out captions generated exactly (greedy, up to <eos>).

    Baseline: always write the most common training caption, whatever the image.
    """
    import torch

    steps, hidden = _check_int(steps, "steps", 1), _check_int(hidden, "hidden", 1)
    start = time.perf_counter()
    d = data.caption_data(n_train + n_test, rng=np.random.default_rng(seed))
    vocab = d["vocab"]
    bos, eos = vocab.index(data.BOS), vocab.index(data.EOS)
    train, test = _split(d, n_train, ("captions",))
    with one_thread():
        torch.manual_seed(seed)
        Captioner = _modules()[0]
        model = Captioner(train["images"].shape[1], len(vocab), hidden)

        def loss_fn(idx):
            y = train["captions"][:, idx]
            return _seq_loss(model(train["images"][idx], _shift_right(y, bos)), y)

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
    result = _result("one to many", "image features -> caption", "image annotation",
                   "exact caption", acc, "most common caption", base,
                   time.perf_counter() - start, steps, losses, examples)  # fmt: skip
    sample = _sample(test, ("images", "captions"))
    return {**result, "key": "one_to_many", "model": model, "sample": sample}


def _classify(model_index: int, *, seed, steps, hidden, n_train, n_test):
    import torch

    d = data.sentiment_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = _split(d, n_train, ("tokens",))
    with one_thread():
        torch.manual_seed(seed)
        cls = _modules()[model_index]
        V, C = len(d["vocab"]), len(d["classes"])
        model = cls(V, hidden, C) if model_index == 1 else cls(V, C)

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
) -> dict:
    """The bag-of-words baseline on the sentiment task: word counts -> linear classifier."""
    steps = _check_int(steps, "steps", 1)
    start = time.perf_counter()
    acc, losses, examples, model, _ = _classify(
        2, seed=seed, steps=steps, hidden=1, n_train=n_train, n_test=n_test
    )
    result = _result("bag of words", "review -> sentiment", "sentence classification",
                     "accuracy", acc, "chance", 0.5, time.perf_counter() - start, steps, losses,
                     examples)  # fmt: skip
    return {**result, "model": model}


def train_many_to_one(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> dict:
    """Review -> sentiment, read by an RNN. Baseline: :func:`train_bag_of_words` (same data)."""
    steps, hidden = _check_int(steps, "steps", 1), _check_int(hidden, "hidden", 1)
    start = time.perf_counter()
    acc, losses, examples, model, sample = _classify(
        1, seed=seed, steps=steps, hidden=hidden, n_train=n_train, n_test=n_test
    )
    seconds = time.perf_counter() - start
    bow = train_bag_of_words(seed=seed, steps=steps, n_train=n_train, n_test=n_test)
    result = _result("many to one", "review -> sentiment", "sentiment analysis", "accuracy", acc,
                     "bag of words", bow["accuracy"], seconds, steps, losses,
                     examples)  # fmt: skip
    return {**result, "key": "many_to_one", "model": model, "sample": sample,
            "baseline_model": bow["model"]}  # fmt: skip


def word_by_word(src_ids: np.ndarray) -> list[str]:
    """The baseline translation of one source id sequence: the lexicon, word by word."""
    words = data.decode(src_ids, data.SRC_VOCAB).split()
    return [WORD_BY_WORD[w] for w in words] + [data.EOS]


def train_encoder_decoder(
    *, seed: int = 0, steps: int = 500, hidden: int = 64, n_train: int = 3000, n_test: int = 500
) -> dict:
    """English -> French toy translation. Metric: held-out sentences translated exactly.

    Baseline: translate word by word with a dictionary (same order, no agreement).
    """
    import torch

    steps, hidden = _check_int(steps, "steps", 1), _check_int(hidden, "hidden", 1)
    start = time.perf_counter()
    d = data.translation_data(n_train + n_test, rng=np.random.default_rng(seed))
    tv = d["tgt_vocab"]
    bos, eos = tv.index(data.BOS), tv.index(data.EOS)
    train, test = _split(d, n_train, ("src", "tgt"))
    with one_thread():
        torch.manual_seed(seed)
        Seq2Seq = _modules()[3]
        model = Seq2Seq(len(d["src_vocab"]), len(tv), hidden)

        def loss_fn(idx):
            y = train["tgt"][:, idx]
            logits = model(train["src"][:, idx], train["src_lengths"][idx], _shift_right(y, bos))
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
    result = _result("many to many (encoder-decoder)", "English -> French, ends with <eos>",
                     "machine translation", "exact translation", acc, "word by word", base,
                     time.perf_counter() - start, steps, losses, examples)  # fmt: skip
    sample = _sample(test, ("src", "src_lengths", "tgt"))
    return {**result, "key": "encoder_decoder", "model": model, "sample": sample}


def train_synced(
    *, seed: int = 0, steps: int = 150, hidden: int = 32, n_train: int = 2000, n_test: int = 500
) -> dict:
    """Part-of-speech tagging, one tag per word. Metric: held-out tag accuracy on real words.

    Baseline: tag each word with its most frequent training tag, ignoring its neighbours.
    """
    import torch

    steps, hidden = _check_int(steps, "steps", 1), _check_int(hidden, "hidden", 1)
    start = time.perf_counter()
    d = data.tagging_data(n_train + n_test, rng=np.random.default_rng(seed))
    train, test = _split(d, n_train, ("tokens", "tags"))
    with one_thread():
        torch.manual_seed(seed)
        Tagger = _modules()[4]
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
    result = _result("many to many (synced)", "sentence -> a tag per word", "tagging",
                     "tag accuracy", acc, "most frequent tag per word", base,
                     time.perf_counter() - start, steps, losses, examples)  # fmt: skip
    sample = _sample(test, ("tokens",))
    return {**result, "note": note, "key": "synced", "model": model, "sample": sample}


def run_all_schemes(*, seed: int = 0, scale: float = 1.0) -> list[dict]:
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


def results_table(results: list[dict], *, seconds: bool = True) -> str:
    """A Markdown table of results: scheme, task, baseline (score), accuracy, seconds."""
    head = "| scheme | task | baseline (score) | model accuracy |" + (
        " seconds |" if seconds else ""
    )
    rule = "|---|---|---|---|" + ("---|" if seconds else "")
    rows = []
    for r in results:
        row = (
            f"| {r['scheme']} | {r['task']} | {r['baseline']} ({r['baseline_accuracy']:.0%}) "
            f"| {r['accuracy']:.0%} {r['metric']} |"
        )
        rows.append(row + (f" {r['seconds']:.1f} |" if seconds else ""))
    return "\n".join([head, rule, *rows])


def numpy_vs_torch(result: dict) -> dict[str, float | bool]:
    """Rerun a trained scheme model in numpy (:mod:`rnnlab.scratch.schemes`) and in torch.

    Both use the same float64 weights on the held-out sample stored in `result`. Returns
    {"max_abs_diff": largest logit difference, "same_predictions": whether the predicted
    classes, tags or greedy sequences agree}.
    """
    import copy

    import torch

    from rnnlab.scratch import rnn_from_torch
    from rnnlab.scratch import schemes as ref

    if not isinstance(result, dict) or result.get("key") not in _NUMPY_SCHEMES:
        raise ValueError(f"result must come from a train_* function, got keys {list(result)}")
    model = copy.deepcopy(result["model"]).double()
    sample = {k: v.double() if v.is_floating_point() else v for k, v in result["sample"].items()}
    with torch.no_grad():
        torch_out, numpy_out, torch_pred, numpy_pred = _NUMPY_SCHEMES[result["key"]](
            model, sample, ref, rnn_from_torch
        )
    diff = float(np.abs(torch_out.numpy() - numpy_out).max())
    return {"max_abs_diff": diff, "same_predictions": bool(np.array_equal(torch_pred, numpy_pred))}


def _np(t) -> np.ndarray:
    return t.detach().numpy()


def _check_one_to_many(model, s, ref, from_torch):
    params = from_torch(model.rnn, model.head)
    E = _np(model.embed.weight)
    bos, eos = data.CAPTION_VOCAB.index(data.BOS), data.CAPTION_VOCAB.index(data.EOS)
    h0 = np.tanh(_np(s["images"]) @ _np(model.init_h.weight).T + _np(model.init_h.bias))
    inputs = _shift_right(s["captions"], bos)
    numpy_logits = ref.synced(params, ref.embed(E, _np(inputs)), h0)
    max_len = s["captions"].shape[0] + 2
    torch_ids = _np(model.generate(s["images"], bos, eos, max_len))
    numpy_ids = ref.one_to_many(params, h0, E, bos=bos, max_len=max_len)
    return model(s["images"], inputs), numpy_logits, torch_ids, numpy_ids


def _check_many_to_one(model, s, ref, from_torch):
    params = from_torch(model.rnn, model.head)
    xs = ref.embed(_np(model.embed.weight), _np(s["tokens"]))
    torch_logits = model(s["tokens"], s["lengths"])
    numpy_logits = ref.many_to_one(params, xs, _np(s["lengths"]))
    return torch_logits, numpy_logits, _np(torch_logits.argmax(-1)), numpy_logits.argmax(-1)


def _check_encoder_decoder(model, s, ref, from_torch):
    enc = from_torch(model.encoder, model.head)  # the head is not used by the encoder
    dec = from_torch(model.decoder, model.head)
    E_src, E_tgt = _np(model.src_embed.weight), _np(model.tgt_embed.weight)
    bos = data.TGT_VOCAB.index(data.BOS)
    src_xs, lengths = ref.embed(E_src, _np(s["src"])), _np(s["src_lengths"])
    hs, _ = rnn_forward(enc, src_xs)
    context = hs[lengths - 1, np.arange(len(lengths))]
    inputs = _shift_right(s["tgt"], bos)
    numpy_logits = ref.synced(dec, ref.embed(E_tgt, _np(inputs)), context)
    max_len = s["tgt"].shape[0] + 2
    torch_ids = _np(model.generate(s["src"], s["src_lengths"], bos, max_len))
    numpy_ids = ref.encoder_decoder(enc, dec, src_xs, lengths, E_tgt, bos=bos, max_len=max_len)
    return model(s["src"], s["src_lengths"], inputs), numpy_logits, torch_ids, numpy_ids


def _check_synced(model, s, ref, from_torch):
    params = from_torch(model.rnn, model.head)
    numpy_logits = ref.synced(params, ref.embed(_np(model.embed.weight), _np(s["tokens"])))
    torch_logits = model(s["tokens"])
    return torch_logits, numpy_logits, _np(torch_logits.argmax(-1)), numpy_logits.argmax(-1)


_NUMPY_SCHEMES = {
    "one_to_many": _check_one_to_many,
    "many_to_one": _check_many_to_one,
    "encoder_decoder": _check_encoder_decoder,
    "synced": _check_synced,
}


def predict_reviews(result: dict, reviews: list[str]) -> dict[str, np.ndarray]:
    """P(positive) for each review from the trained RNN and its bag-of-words baseline.

    `result` comes from :func:`train_many_to_one`; unknown words are dropped. Returns
    {"rnn": (n,), "bow": (n,)} probabilities.
    """
    import torch

    if not isinstance(result, dict) or result.get("key") != "many_to_one":
        raise ValueError("result must come from train_many_to_one")
    index = {w: i for i, w in enumerate(data.SENTIMENT_VOCAB)}
    ids = [[index[w] for w in r.split() if w in index] or [index["the"]] for r in reviews]
    tokens, lengths = data.pad_ids(ids)
    tokens, lengths = torch.from_numpy(tokens), torch.from_numpy(lengths)
    out = {}
    with torch.no_grad():
        for name, model in [("rnn", result["model"]), ("bow", result["baseline_model"])]:
            out[name] = torch.softmax(model(tokens, lengths), -1)[:, 1].numpy()
    return out


def swap_test(result: dict, *, n: int = 500, seed: int = 123) -> dict[str, float]:
    """Swap the two clauses of n fresh reviews: the label flips, the bag of words does not.

    Returns the accuracy of the RNN and of the bag of words on the original and on the swapped
    reviews, and how often each model changed its answer.
    """
    d = data.sentiment_data(n, rng=np.random.default_rng(seed))
    reviews = [data.decode(d["tokens"][:, b], d["vocab"]) for b in range(n)]
    swapped = [data.swap_clauses(r) for r in reviews]
    before, after = predict_reviews(result, reviews), predict_reviews(result, swapped)
    labels = d["labels"]
    out = {}
    for name in ("rnn", "bow"):
        p0, p1 = before[name] > 0.5, after[name] > 0.5
        out[f"{name}_accuracy"] = float((p0 == labels).mean())
        out[f"{name}_accuracy_swapped"] = float((p1 == (1 - labels)).mean())
        out[f"{name}_changed"] = float((p0 != p1).mean())
    return out
