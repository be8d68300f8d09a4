"""Exercises of notebook 02 (the RNN formula): a step by hand, weight reuse, parameter count."""

from __future__ import annotations

import numpy as np

from rnnlab.data.sequences import rnn_param_count
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "HAND_PARAMS",
    "HAND_XS",
    "check_h2",
    "check_whh_uses",
    "check_param_count",
    "solution_h2",
    "solution_whh_uses",
    "solution_param_count",
]

# small numbers for a computation by hand: D = 2, H = 2, no bias, h_0 = 0
HAND_PARAMS = {
    "W_xh": np.array([[1.0, 0.0], [0.0, 2.0]]),
    "W_hh": np.array([[0.5, -1.0], [0.0, 0.5]]),
    "b_h": np.zeros(2),
}
HAND_XS = np.array([[1.0, 0.0], [0.0, 1.0]])  # rows: x_1, x_2


def solution_h2() -> np.ndarray:
    """h_2 for HAND_PARAMS and HAND_XS, starting from h_0 = 0."""
    h = np.zeros(2)
    for x in HAND_XS:
        h = np.tanh(HAND_PARAMS["W_hh"] @ h + HAND_PARAMS["W_xh"] @ x + HAND_PARAMS["b_h"])
    return h


def solution_whh_uses(T: int = 6) -> int:
    """How many times W_hh is applied over T steps from h_0: once per step."""
    return T


def solution_param_count() -> int:
    """Parameters of an RNN with D = 27, H = 50, V = 27, whatever the sequence length."""
    return rnn_param_count(27, 50, 27)


def check_h2(answer: object) -> Verdict:
    """Exercise 1: h_2, computed by hand (3 decimals are enough)."""
    name = "Exercise 1 (h_2 by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        value = np.asarray(answer, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        value = np.array([])
    ok = value.shape == (2,) and np.allclose(value, solution_h2(), atol=1e-3)
    return verdict(ok, name, "first h_1 = tanh(W_xh x_1), then h_2 = tanh(W_hh h_1 + W_xh x_2)")


def check_whh_uses(answer: object) -> Verdict:
    """Exercise 2: how many times W_hh is applied when the RNN reads T = 6 inputs."""
    name = "Exercise 2 (uses of W_hh)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = isinstance(answer, int | np.integer) and int(answer) == solution_whh_uses(6)
    return verdict(ok, name, "count the horizontal arrows of the unrolled graph, from h_0")


def check_param_count(answer: object) -> Verdict:
    """Exercise 3: the parameter count for D = 27, H = 50, V = 27 and sequences of length 1000."""
    name = "Exercise 3 (parameter count)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = isinstance(answer, int | np.integer) and int(answer) == solution_param_count()
    return verdict(
        ok, name, "W_xh (H, D) + W_hh (H, H) + b_h (H) + W_hy (V, H) + b_y (V); T plays no part"
    )
