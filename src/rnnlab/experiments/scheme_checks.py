"""What the trained scheme models do beyond their score: the same numbers in numpy, and the
clause-swap test that only a model of word order passes."""

from __future__ import annotations

import copy

import numpy as np
import torch

from rnnlab.data import schemes as data
from rnnlab.experiments.results.runs import ParityCheck, SwapTest
from rnnlab.experiments.results.tables import SchemeResult
from rnnlab.experiments.scheme_parts import shift_right
from rnnlab.models.convert import rnn_from_torch
from rnnlab.scratch import schemes as ref
from rnnlab.scratch.rnn import rnn_forward

__all__ = ["numpy_vs_torch", "predict_reviews", "swap_test"]


def numpy_vs_torch(result: SchemeResult) -> ParityCheck:
    """Rerun a trained scheme model in numpy (:mod:`rnnlab.scratch.schemes`) and in torch.

    Both use the same float64 weights on the held-out sample stored in `result`: the largest
    logit difference, and whether the predicted classes, tags or greedy sequences agree.
    """
    if not isinstance(result, SchemeResult) or result.key not in _NUMPY_SCHEMES:
        raise ValueError(
            "result must come from a train_* function of rnnlab.experiments.schemes,"
            f" got {type(result).__name__} {getattr(result, 'key', '')!r}"
        )
    model = copy.deepcopy(result.model).double()
    sample = {k: v.double() if v.is_floating_point() else v for k, v in result.sample.items()}
    with torch.no_grad():
        torch_out, numpy_out, torch_pred, numpy_pred = _NUMPY_SCHEMES[result.key](model, sample)
    diff = float(np.abs(torch_out.numpy() - numpy_out).max())
    return ParityCheck(
        max_abs_diff=diff, same_predictions=bool(np.array_equal(torch_pred, numpy_pred))
    )


def _np(t) -> np.ndarray:
    return t.detach().numpy()


def _check_one_to_many(model, s):
    params = rnn_from_torch(model.rnn, model.head)
    E = _np(model.embed.weight)
    bos, eos = data.CAPTION_VOCAB.index(data.BOS), data.CAPTION_VOCAB.index(data.EOS)
    h0 = np.tanh(_np(s["images"]) @ _np(model.init_h.weight).T + _np(model.init_h.bias))
    inputs = shift_right(s["captions"], bos)
    numpy_logits = ref.synced(params, ref.embed(E, _np(inputs)), h0)
    max_len = s["captions"].shape[0] + 2
    torch_ids = _np(model.generate(s["images"], bos, eos, max_len))
    numpy_ids = ref.one_to_many(params, h0, E, bos=bos, max_len=max_len)
    return model(s["images"], inputs), numpy_logits, torch_ids, numpy_ids


def _check_many_to_one(model, s):
    params = rnn_from_torch(model.rnn, model.head)
    xs = ref.embed(_np(model.embed.weight), _np(s["tokens"]))
    torch_logits = model(s["tokens"], s["lengths"])
    numpy_logits = ref.many_to_one(params, xs, _np(s["lengths"]))
    return torch_logits, numpy_logits, _np(torch_logits.argmax(-1)), numpy_logits.argmax(-1)


def _check_encoder_decoder(model, s):
    enc = rnn_from_torch(model.encoder, model.head)  # the head is not used by the encoder
    dec = rnn_from_torch(model.decoder, model.head)
    E_src, E_tgt = _np(model.src_embed.weight), _np(model.tgt_embed.weight)
    bos = data.TGT_VOCAB.index(data.BOS)
    src_xs, lengths = ref.embed(E_src, _np(s["src"])), _np(s["src_lengths"])
    hs, _ = rnn_forward(enc, src_xs)
    context = hs[lengths - 1, np.arange(len(lengths))]
    inputs = shift_right(s["tgt"], bos)
    numpy_logits = ref.synced(dec, ref.embed(E_tgt, _np(inputs)), context)
    max_len = s["tgt"].shape[0] + 2
    torch_ids = _np(model.generate(s["src"], s["src_lengths"], bos, max_len))
    numpy_ids = ref.encoder_decoder(enc, dec, src_xs, lengths, E_tgt, bos=bos, max_len=max_len)
    return model(s["src"], s["src_lengths"], inputs), numpy_logits, torch_ids, numpy_ids


def _check_synced(model, s):
    params = rnn_from_torch(model.rnn, model.head)
    numpy_logits = ref.synced(params, ref.embed(_np(model.embed.weight), _np(s["tokens"])))
    torch_logits = model(s["tokens"])
    return torch_logits, numpy_logits, _np(torch_logits.argmax(-1)), numpy_logits.argmax(-1)


_NUMPY_SCHEMES = {
    "one_to_many": _check_one_to_many,
    "many_to_one": _check_many_to_one,
    "encoder_decoder": _check_encoder_decoder,
    "synced": _check_synced,
}


def predict_reviews(result: SchemeResult, reviews: list[str]) -> dict[str, np.ndarray]:
    """P(positive) for each review from the trained RNN and its bag-of-words baseline.

    `result` comes from :func:`train_many_to_one`; unknown words are dropped. Returns
    {"rnn": (n,), "bow": (n,)} probabilities.
    """
    if not isinstance(result, SchemeResult) or result.key != "many_to_one":
        raise ValueError("result must come from train_many_to_one")
    index = {w: i for i, w in enumerate(data.SENTIMENT_VOCAB)}
    ids = [[index[w] for w in r.split() if w in index] or [index["the"]] for r in reviews]
    tokens, lengths = data.pad_ids(ids)
    tokens, lengths = torch.from_numpy(tokens), torch.from_numpy(lengths)
    out = {}
    with torch.no_grad():
        for name, model in [("rnn", result.model), ("bow", result.baseline_model)]:
            out[name] = torch.softmax(model(tokens, lengths), -1)[:, 1].numpy()
    return out


def swap_test(result: SchemeResult, *, n: int = 500, seed: int = 123) -> SwapTest:
    """Swap the two clauses of n fresh reviews: the label flips, the bag of words does not.

    Returns the accuracy of the RNN and of the bag of words on the original and on the swapped
    reviews, and how often each model changed its answer.
    """
    d = data.sentiment_data(n, rng=np.random.default_rng(seed))
    reviews = [data.decode(d["tokens"][:, b], d["vocab"]) for b in range(n)]
    swapped = [data.swap_clauses(r) for r in reviews]
    before, after = predict_reviews(result, reviews), predict_reviews(result, swapped)
    labels = d["labels"]
    scores = {}
    for name in ("rnn", "bow"):
        p0, p1 = before[name] > 0.5, after[name] > 0.5
        scores[f"{name}_accuracy"] = float((p0 == labels).mean())
        scores[f"{name}_accuracy_swapped"] = float((p1 == (1 - labels)).mean())
        scores[f"{name}_changed"] = float((p0 != p1).mean())
    return SwapTest(**scores)
