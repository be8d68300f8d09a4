"""An exploding gradient in a real character RNN, with and without clipping (notebook 07).

Plain gradient descent, the lecture's update ``θ <- θ - η g``, on a numpy tanh RNN whose
W_hh starts with spectral radius ρ > 1. Both runs start from the same weights and see the same
windows; one rescales every gradient whose norm exceeds `max_norm`, the other does not.
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import check_int
from rnnlab.analysis.spectral import spectral_radius
from rnnlab.data.text import Vocab, random_windows
from rnnlab.experiments.results.runs import SGDRun
from rnnlab.scratch.clip import clip_by_norm, global_norm
from rnnlab.scratch.rnn import init_rnn_params, rnn_loss_and_grads

__all__ = ["explosion_runs"]


def explosion_runs(
    text: str,
    *,
    hidden: int = 64,
    T: int = 50,
    B: int = 16,
    steps: int = 300,
    lr: float = 1.0,
    rho: float = 2.0,
    max_norm: float = 1.0,
    seed: int = 0,
) -> dict[str, SGDRun]:
    """Train the same RNN twice with plain gradient descent: 'plain' and 'clipped'.

    text: the training text; hidden H; windows of T characters, B at a time. W_hh is rescaled
    to spectral radius `rho` before training. Returns {'plain', 'clipped'} -> SGDRun with the
    loss (S,) and the gradient norm before clipping (S,); a run whose loss stops being finite
    ends there (its arrays are shorter).
    """
    for name, value in [("hidden", hidden), ("T", T), ("B", B), ("steps", steps)]:
        check_int(value, name)
    if not isinstance(text, str) or len(text) < T + 2:
        raise ValueError(f"text must be a str longer than T + 1 = {T + 1} characters")
    if not rho > 0 or not max_norm > 0 or not lr > 0:
        raise ValueError(f"rho, max_norm and lr must be > 0, got {rho}, {max_norm}, {lr}")
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    runs = {}
    for label, limit in [("plain", None), ("clipped", max_norm)]:
        rng = np.random.default_rng(seed)  # the same weights and windows for both runs
        params = init_rnn_params(len(vocab), hidden, len(vocab), rng=rng)
        params["W_hh"] *= rho / spectral_radius(params["W_hh"])
        losses, norms = [], []
        for _ in range(steps):
            window = random_windows(ids, T, B, rng)  # (T + 1, B)
            loss, grads, _ = rnn_loss_and_grads(params, np.eye(len(vocab))[window[:-1]], window[1:])
            losses.append(loss)
            norms.append(global_norm(grads))
            if not np.isfinite(loss):
                break
            if limit is not None:
                grads, _ = clip_by_norm(grads, limit)
            for key, g in grads.items():
                params[key] -= lr * g  # the lecture's update, no optimiser tricks
        runs[label] = SGDRun(loss=np.array(losses), grad_norm=np.array(norms))
    return runs
