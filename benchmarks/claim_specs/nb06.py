"""06_bptt: how long a truncation window must be, on a freshly initialised RNN."""

import numpy as np

from claim_specs import Spec, measured
from rnnlab.analysis import bptt
from rnnlab.analysis.spectral import spectral_radius
from rnnlab.data.corpora import load_corpus
from rnnlab.data.text import Vocab
from rnnlab.scratch.rnn import init_rnn_params

NB = "06_bptt"


@measured
def windows(seed: int) -> dict[str, int]:
    text = load_corpus("tinyshakespeare")[:41]
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    xs, targets = vocab.one_hot(ids[:-1])[:, None, :], ids[1:, None]
    params = init_rnn_params(len(vocab), 16, len(vocab), rng=np.random.default_rng(seed))
    rho0 = spectral_radius(params["W_hh"])
    ks = np.arange(1, 41)
    found = {}
    for rho in [0.5, 1.0, 1.5]:
        C = bptt.pair_contributions({**params, "W_hh": params["W_hh"] * (rho / rho0)}, xs, targets)
        modes = ["window", "chunks"] if rho == 1.0 else ["window"]
        for mode in modes:
            p = bptt.truncation_profile(C, ks, mode=mode)
            found[f"{mode} {rho}"] = int(ks[np.argmax(p["relative_error"] <= 0.01)])
    return found


SPECS = [
    Spec(
        NB,
        "the larger ρ, the longer the window must be",
        windows,
        lambda w: w["window 1.5"] - w["window 0.5"],
        lambda w: w["window 0.5"] < w["window 1.0"] < w["window 1.5"],
    ),
    Spec(
        NB,
        "chunks need a longer window than a sliding window",
        windows,
        lambda w: w["chunks 1.0"] - w["window 1.0"],
        lambda w: w["chunks 1.0"] > w["window 1.0"],
    ),
]
