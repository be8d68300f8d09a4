"""Gradient norms by distance while a numpy character RNN really trains (notebook 07).

A small tanh RNN from :mod:`rnnlab.scratch` learns next-character prediction on a text with
Adam and (optionally) gradient-norm clipping. Along the way it records the loss, the global
gradient norm before clipping, and at chosen steps how large ∂J^(t)/∂h_{t-d} is for each
distance d: how much of a loss term's gradient still reaches a state d steps back.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rnnlab.gradients import backprop_norms, mean_by_distance
from rnnlab.scratch.clip import clip_by_norm, global_norm
from rnnlab.scratch.rnn import init_rnn_params, rnn_loss_and_grads

__all__ = ["char_batches", "track_gradients"]


def char_batches(ids: np.ndarray, T: int, B: int, V: int, rng: np.random.Generator):
    """One batch of B random windows: xs (T, B, V) one-hot inputs, targets (T, B) next ids."""
    starts = rng.integers(0, ids.size - T - 1, size=B)
    window = ids[starts[None, :] + np.arange(T + 1)[:, None]]  # (T + 1, B)
    return np.eye(V)[window[:-1]], window[1:]


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
) -> dict:
    """Train a character RNN on `text`; return its loss, gradient norms and distance profiles.

    checkpoints: steps (0 = before training, `steps` = at the end) at which to measure the
    mean over t of ‖∂J^(t)/∂h_{t-d}‖ for d = 0..T-1, on a fixed batch.
    Returns {'loss' (steps,), 'grad_norm' (steps,) before clipping, 'clipped' (steps,) bool,
    'profiles' {step: (T,)}, 'vocab' str, 'params' the trained weights}.
    """
    if not isinstance(text, str) or len(text) < T + 2:
        raise ValueError(f"text must be a str longer than T + 1 = {T + 1} characters")
    for name, value in [("hidden", hidden), ("T", T), ("B", B), ("steps", steps)]:
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    bad = [c for c in checkpoints if not 0 <= c <= steps]
    if bad:
        raise ValueError(f"checkpoints must lie in [0, steps={steps}], got {bad}")
    rng = np.random.default_rng(seed)
    vocab = "".join(sorted(set(text)))
    index = {c: i for i, c in enumerate(vocab)}
    ids = np.array([index[c] for c in text])
    V = len(vocab)
    params = init_rnn_params(V, hidden, V, rng=rng)
    probe = char_batches(ids, T, B, V, rng)  # the fixed batch the profiles are measured on
    moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}
    out = {
        "loss": np.empty(steps),
        "grad_norm": np.empty(steps),
        "clipped": np.zeros(steps, bool),
        "profiles": {},
    }

    def profile() -> np.ndarray:
        return mean_by_distance(backprop_norms(params, *probe)["state"])

    for step in range(steps):
        if step in checkpoints:
            out["profiles"][step] = profile()
        xs, targets = char_batches(ids, T, B, V, rng)
        loss, grads, _ = rnn_loss_and_grads(params, xs, targets)
        out["loss"][step] = loss
        out["grad_norm"][step] = global_norm(grads)
        if max_norm is not None:
            grads, _ = clip_by_norm(grads, max_norm)
            out["clipped"][step] = out["grad_norm"][step] > max_norm
        for key, g in grads.items():  # Adam
            m, v = moments[key]
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g**2
            m_hat, v_hat = m / (1 - 0.9 ** (step + 1)), v / (1 - 0.999 ** (step + 1))
            params[key] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    if steps in checkpoints:
        out["profiles"][steps] = profile()
    out["vocab"] = vocab
    out["params"] = params
    return out
