"""Gradient norms by distance while a numpy character RNN really trains (notebook 07).

A small tanh RNN from :mod:`rnnlab.scratch` learns next-character prediction on a text with
Adam and (optionally) gradient-norm clipping. Along the way it records the loss, the global
gradient norm before clipping, and at chosen steps how large ∂J^(t)/∂h_{t-d} is for each
distance d: how much of a loss term's gradient still reaches a state d steps back.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rnnlab._validate import check_ints
from rnnlab.analysis.bptt import backprop_norms, mean_by_distance
from rnnlab.analysis.spectral import spectral_radius
from rnnlab.data.text import Vocab, random_windows
from rnnlab.experiments.results.runs import GradientTracking
from rnnlab.scratch.clip import clip_by_norm, global_norm
from rnnlab.scratch.optim import adam_init, adam_update
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads

__all__ = ["track_gradients"]


def track_gradients(
    text: str,
    *,
    hidden: int = 32,
    T: int = 25,
    B: int = 16,
    steps: int = 300,
    lr: float = 3e-3,
    max_norm: float | None = 1.0,
    checkpoints: Sequence[int] = (0, 300),
    seed: int = 0,
) -> GradientTracking:
    """Train a character RNN on `text`; return its loss, gradient norms and distance profiles.

    checkpoints: steps (0 = before training, `steps` = at the end) at which to measure the
    mean over t of ‖∂J^(t)/∂h_{t-d}‖ for d = 0..T-1, on a fixed batch.
    Returns the loss (steps,), the gradient norm before clipping (steps,), whether each step
    was clipped (steps,), the profiles {step: (T,)}, the vocabulary, the trained weights and
    the spectral radius of W_hh and the mean tanh' of the probe's states at each checkpoint
    {step: float}.
    """
    if not isinstance(text, str) or len(text) < T + 2:
        raise ValueError(f"text must be a str longer than T + 1 = {T + 1} characters")
    check_ints(hidden=hidden, T=T, B=B, steps=steps)
    bad = [c for c in checkpoints if not 0 <= c <= steps]
    if bad:
        raise ValueError(f"checkpoints must lie in [0, steps={steps}], got {bad}")
    rng = np.random.default_rng(seed)
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    V = len(vocab)
    params = init_rnn_params(V, hidden, V, rng=rng)
    probe = _one_hot_batch(ids, T, B, V, rng)  # the fixed batch the profiles are measured on
    opt = adam_init(params)
    loss, grad_norm, clipped = np.empty(steps), np.empty(steps), np.zeros(steps, bool)
    measured: dict[int, tuple[np.ndarray, float, float]] = {}  # step -> (profile, radius, slope)
    for step in range(steps):
        if step in checkpoints:
            measured[step] = _measure(params, probe)
        xs, targets = _one_hot_batch(ids, T, B, V, rng)
        loss[step], grads, _ = rnn_loss_and_grads(params, xs, targets)
        grad_norm[step] = global_norm(grads)
        if max_norm is not None:
            grads, _ = clip_by_norm(grads, max_norm)
            clipped[step] = grad_norm[step] > max_norm
        adam_update(params, grads, opt, lr)
    if steps in checkpoints:
        measured[steps] = _measure(params, probe)
    return GradientTracking(
        loss=loss,
        grad_norm=grad_norm,
        clipped=clipped,
        profiles={step: m[0] for step, m in measured.items()},
        vocab=vocab,
        params=params,
        spectral_radius={step: m[1] for step, m in measured.items()},
        mean_slope={step: m[2] for step, m in measured.items()},
    )


def _measure(params: dict[str, np.ndarray], probe) -> tuple[np.ndarray, float, float]:
    """On the probe batch (xs (T, B, V), targets (T, B)): the mean over t of
    ‖∂J^(t)/∂h_{t-d}‖ for d = 0..T-1 (T,), the spectral radius of W_hh, and the mean tanh'."""
    profile = mean_by_distance(backprop_norms(params, *probe)["state"])
    hs, _ = rnn_forward(params, probe[0])  # (T, B, H)
    return profile, float(spectral_radius(params["W_hh"])), float(np.mean(1.0 - hs**2))


def _one_hot_batch(ids: np.ndarray, T: int, B: int, V: int, rng: np.random.Generator):
    """B random windows: xs (T, B, V) one-hot inputs, targets (T, B) the next ids."""
    window = random_windows(ids, T, B, rng)  # (T + 1, B)
    return np.eye(V)[window[:-1]], window[1:]
