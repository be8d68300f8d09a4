"""07_vanishing_exploding: the gradient by distance while a numpy character RNN trains."""

from claim_specs import Spec, measured
from rnnlab.data import load_corpus
from rnnlab.experiments.gradient_tracking import track_gradients

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
        lambda r: _reach(r, 600, 10) > 3 * _reach(r, 0, 10),
    ),
    Spec(
        NB,
        "20 steps back, most of the gradient is still gone",
        tracked,
        lambda r: _reach(r, 600, 20),
        lambda r: _reach(r, 600, 20) < 1e-2,
    ),
]
