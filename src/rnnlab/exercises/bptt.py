"""Exercises of notebook 06 (backpropagation through time)."""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._verdict import Verdict, unanswered, verdict
from rnnlab.scratch.rnn import rnn_loss_and_grads

__all__ = [
    "check_scalar_contributions",
    "solution_scalar_contributions",
    "buggy_loss_and_grads",
    "check_buggy_key",
    "check_window",
    "solution_window",
]


def solution_scalar_contributions(w: float = 0.5, xs=(1.0, 2.0, 0.0)) -> list[float]:
    """Scalar linear RNN h_t = w h_{t-1} + x_t, h_0 = 0, J = h_T: dJ/dw through each appearance.

    Appearance i (1-based) maps h_{i-1} to h_i; it contributes (dJ/dh_i) h_{i-1} = w^(T-i) h_{i-1}.
    """
    hs = [0.0]
    for x in xs:
        hs.append(w * hs[-1] + x)
    T = len(xs)
    return [w ** (T - i) * hs[i - 1] for i in range(1, T + 1)]


def _as_floats(answer: object) -> list[float] | None:
    try:
        values = [float(v) for v in answer]  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    return values if all(math.isfinite(v) for v in values) else None


def check_scalar_contributions(answer: object) -> Verdict:
    """Exercise 1: the three contributions [i=1, i=2, i=3] for w = 0.5, x = (1, 2, 0)."""
    name = "Exercise 1 (contributions by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    values = _as_floats(answer)
    expected = solution_scalar_contributions()
    ok = values is not None and np.allclose(values, expected, atol=1e-9)
    hint = "compute h_1, h_2 first; appearance i contributes w**(3 - i) * h_{i-1}; h_0 = 0"
    if values is not None and len(values) == 3 and math.isclose(sum(values), sum(expected)):
        hint = "the sum is right but not the split: which h does appearance i multiply?"
    return verdict(ok, name, hint)


def buggy_loss_and_grads(params, xs, targets, h0=None):
    """rnn_loss_and_grads with one deliberate bug in one gradient: find it with a gradient check."""
    loss, grads, h_last = rnn_loss_and_grads(params, xs, targets, h0)
    T = np.shape(xs)[0]
    grads = dict(grads)
    grads["b_h"] = grads["b_h"] * (1.0 + 1.0 / T)  # as if one step's error were counted twice
    return loss, grads, h_last


def check_buggy_key(answer: object) -> Verdict:
    """Exercise 2: which key of buggy_loss_and_grads' gradients fails the gradient check?"""
    name = "Exercise 2 (find the bug)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = isinstance(answer, str) and answer.strip().strip("'\"") == "b_h"
    hint = "run rnn_gradient_check(params, xs, targets, grads=...) and look for the key above 1e-7"
    return verdict(ok, name, hint)


def solution_window(rel_errors, ks, tolerance: float = 0.01) -> int:
    """The smallest window k whose relative error is at most `tolerance`."""
    for k, err in zip(ks, rel_errors, strict=True):
        if err <= tolerance:
            return int(k)
    raise ValueError(f"no window keeps the gradient within {tolerance}")


def check_window(answer: object, profile: dict) -> Verdict:
    """Exercise 3: the smallest k whose truncated gradient is within 1% of the full one.

    profile: the truncation profile (from rnnlab.analysis.bptt.truncation_profile) it is read from.
    """
    name = "Exercise 3 (how long a window)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    expected = solution_window(profile["relative_error"], profile["k"])
    try:
        ok = int(answer) == expected and int(answer) == answer
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "find the first k in the table whose relative error is <= 0.01")
