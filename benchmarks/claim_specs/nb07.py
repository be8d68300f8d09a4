"""07_vanishing_exploding: the gradient by distance while a numpy character RNN trains."""

import numpy as np

from claim_specs import Spec, measured
from rnnlab.data.corpora import load_corpus
from rnnlab.data.text import random_windows
from rnnlab.experiments.explosion import explosion_runs
from rnnlab.experiments.gradient_tracking import track_gradients
from rnnlab.scratch.clip import clip_by_norm, clip_by_value
from rnnlab.scratch.rnn import rnn_loss_and_grads

NB = "07_vanishing_exploding"


@measured
def tracked(seed: int):
    text = load_corpus("tinyshakespeare")[:200_000]
    return track_gradients(
        text,
        hidden=48,
        T=25,
        B=16,
        steps=600,
        lr=1e-2,
        max_norm=1.0,
        checkpoints=(0, 100, 600),
        seed=seed,
    )


def _reach(run, step: int, d: int) -> float:
    return run.profiles[step][d] / run.profiles[step][0]


@measured
def cosines(seed: int) -> dict[str, float]:
    """The cosine of each clipped gradient with a trained gradient scaled up 100 times."""
    run = tracked(seed)
    text = load_corpus("tinyshakespeare")[:5000]
    window = random_windows(run.vocab.encode(text), 25, 16, np.random.default_rng(5 + seed))
    xs, targets = np.eye(len(run.vocab))[window[:-1]], window[1:]
    big = {k: 100 * v for k, v in rnn_loss_and_grads(run.params, xs, targets)[1].items()}
    flat = np.concatenate([a.ravel() for a in big.values()])
    found = {}
    for name, g in [("norm", clip_by_norm(big, 1.0)[0]), ("value", clip_by_value(big, 0.01))]:
        g = np.concatenate([a.ravel() for a in g.values()])
        found[name] = float(g @ flat / (np.linalg.norm(g) * np.linalg.norm(flat)))
    return found


@measured
def exploding(seed: int):
    text = load_corpus("tinyshakespeare")[:100_000]
    runs = explosion_runs(
        text, hidden=64, T=50, B=16, steps=300, lr=1.0, rho=2.0, max_norm=1.0, seed=seed
    )
    return runs["plain"], runs["clipped"], float(np.log(len(set(text))))


def _last(run) -> float:
    return float(run.loss[-20:].mean())


SPECS = [
    Spec(
        NB,
        "the network learned",
        tracked,
        lambda r: r.loss[:20].mean() - r.loss[-20:].mean(),
        lambda r: r.loss[-20:].mean() < r.loss[:20].mean() - 0.5,
    ),
    Spec(
        NB,
        "training lengthened the gradient's reach",
        tracked,
        lambda r: _reach(r, 600, 10) / _reach(r, 0, 10),
        lambda r: _reach(r, 600, 10) > _reach(r, 0, 10),
    ),
    Spec(
        NB,
        "20 steps back, most of the gradient is still gone",
        tracked,
        lambda r: _reach(r, 600, 20),
        lambda r: _reach(r, 600, 20) < 1e-2,
    ),
    Spec(
        NB,
        "the initial W_hh has ρ < 0.8; training takes ρ above 1",
        tracked,
        lambda r: r.spectral_radius[600],
        lambda r: r.spectral_radius[0] < 0.8 < 1 < r.spectral_radius[600],
    ),
    Spec(
        NB,
        "no step's gradient norm reaches 10 times the median",
        tracked,
        lambda r: r.grad_norm.max() / np.median(r.grad_norm),
        lambda r: r.grad_norm.max() < 10 * np.median(r.grad_norm),
    ),
    Spec(
        NB,
        "clipping at max_norm = 1 touches under 2% of the steps",
        tracked,
        lambda r: r.clipped.mean(),
        lambda r: r.clipped.mean() < 0.02,
    ),
    Spec(
        NB,
        "norm clipping keeps the direction, value clipping bends it",
        cosines,
        lambda c: c["value"],
        lambda c: c["norm"] > 1 - 1e-12 and c["value"] < 0.9,
    ),
    Spec(
        NB,
        "training saturates the states: the mean tanh' falls from above 0.9 to below 0.55",
        tracked,
        lambda r: r.mean_slope[600],
        lambda r: r.mean_slope[0] > 0.9 > 0.55 > r.mean_slope[600],
    ),
    Spec(
        NB,
        "after training, ρ times the mean tanh' is still below 1",
        tracked,
        lambda r: r.spectral_radius[600] * r.mean_slope[600],
        lambda r: r.spectral_radius[600] * r.mean_slope[600] < 1,
    ),
    Spec(
        NB,
        "without clipping the gradient explodes: some step's norm is over 30 times the median",
        exploding,
        lambda r: r[0].grad_norm.max() / np.median(r[0].grad_norm),
        lambda r: r[0].grad_norm.max() > 30 * np.median(r[0].grad_norm),
    ),
    Spec(
        NB,
        "the clipped run learns; the plain run ends more than 1 nat worse",
        exploding,
        lambda r: _last(r[0]) - _last(r[1]),
        lambda r: _last(r[1]) < r[2] - 1 and _last(r[0]) > _last(r[1]) + 1,
    ),
]
