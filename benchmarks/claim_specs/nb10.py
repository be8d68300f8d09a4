"""10_what_it_learned: cells, gates and context of the packaged models on the held-out text.

The models are packaged (no training here); the seed draws the circular shifts of the chance
baseline and the positions the context curves are measured at.
"""

import numpy as np
import torch

from claim_specs import Spec, measured
from rnnlab.analysis.units import correlations, trace
from rnnlab.experiments.what_it_learned import (
    analysis_text,
    context_curve,
    find_cells,
    gate_saturation,
)
from rnnlab.models.convert import lstm_from_torch
from rnnlab.scratch.lstm import lstm_forward
from rnnlab.training.checkpoints import load_pretrained

NB = "10_what_it_learned"
CONTEXTS = [1, 2, 4, 8, 16, 32, 64, 128]


@measured
def models(_seed: int = 0):
    lstm, rnn = load_pretrained("lstm_python"), load_pretrained("rnn_python")
    held = analysis_text(lstm.vocab, n_chars=20_000, per_file=4_000)
    return lstm, rnn, held


@measured
def cells(seed: int):
    lstm, _, held = models()
    found = find_cells(
        lstm.model, lstm.vocab.encode(held.text), held.features, np.random.default_rng(seed)
    )
    return {name: found.best(name) for name in held.features}, found


@measured
def gates(_seed: int):
    lstm, _, held = models()
    sat = gate_saturation(lstm.model, lstm.vocab.encode(held.text))
    return next(g for g in sat if g.gate == "f").units_mostly("right")


@measured
def context(seed: int):
    lstm, rnn, held = models()
    return {
        name: context_curve(
            ck.model, ck.vocab.encode(held.text), CONTEXTS, 100, np.random.default_rng(seed + 1)
        )
        for name, ck in [("LSTM", lstm), ("RNN", rnn)]
    }


@measured
def parity(_seed: int) -> dict[str, float]:
    """numpy against torch on the first 400 held-out characters, and our r against torch's."""
    lstm, _, held = models()
    snippet = lstm.vocab.encode(held.text)[:400]
    xs = np.eye(len(lstm.vocab))[snippet][:, None, :]
    hs, gates = lstm_forward(lstm_from_torch(lstm.model.rnn), xs)
    h_np, c_np = hs[:, 0], gates["cell"][:, 0]
    tr = trace(lstm.model, snippet)
    rel = max(np.abs(tr.h - h_np).max(), np.abs(tr.c - c_np).max() / np.abs(c_np).max())
    in_string = held.features["string"][:400]
    r_ours = correlations(tr.c, in_string)
    k = int(np.argmax(np.abs(r_ours)))
    r_torch = float(torch.corrcoef(torch.tensor(np.stack([tr.c[:, k], in_string])))[0, 1])
    return {"rel": float(rel), "r_diff": abs(r_ours[k] - r_torch)}


def _gain(curve) -> float:
    return float(curve.loss[CONTEXTS.index(8)] - curve.loss[-1])


def _beats_chance(name: str) -> Spec:
    return Spec(
        NB,
        f"the best cell for '{name}' beats every shift of the feature",
        cells,
        lambda c: abs(c[0][name].r) - c[0][name].null_max,
        lambda c: c[0][name].beats_chance,
    )


def _one_unit(c) -> bool:
    best = c[0]
    return best["comment"].unit == best["string"].unit == best["string or comment"].unit


SPECS = [
    Spec(
        NB,
        "numpy and torch compute the same h_t and c_t",
        parity,
        lambda p: p["rel"],
        lambda p: p["rel"] < 1e-5,
    ),
    Spec(
        NB, "our r is torch.corrcoef's", parity, lambda p: p["r_diff"], lambda p: p["r_diff"] < 1e-9
    ),
    *(_beats_chance(name) for name in ("string or comment", "brackets", "column", "indent")),
    Spec(
        NB,
        "the best cells for strings and for comments are one unit, the string-or-comment cell",
        cells,
        lambda c: c[0]["string or comment"].unit,
        _one_unit,
    ),
    Spec(
        NB,
        "some forget gates stay open (> 0.9) most of the time",
        gates,
        lambda n: n,
        lambda n: n >= 10,
    ),
    Spec(
        NB,
        "40 characters back, the LSTM's prediction still depends on its input far more "
        "than the RNN's",
        context,
        lambda c: c["LSTM"].gradient[40] / c["RNN"].gradient[40],
        lambda c: c["LSTM"].gradient[40] > 10 * c["RNN"].gradient[40],
    ),
    Spec(
        NB,
        "going from 8 to 128 characters of context helps the LSTM more than the RNN",
        context,
        lambda c: _gain(c["LSTM"]) - _gain(c["RNN"]),
        lambda c: _gain(c["LSTM"]) > _gain(c["RNN"]),
    ),
]
