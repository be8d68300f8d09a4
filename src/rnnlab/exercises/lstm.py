"""Exercises of notebook 08 (the LSTM cell)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_memory_left",
    "check_cell_update",
    "check_forget_rows",
    "solution_memory_left",
    "solution_cell_update",
    "solution_forget_rows",
]


def solution_memory_left(f: float = 0.9, steps: int = 20) -> float:
    """With the input gate shut and the forget gate held at f, c_steps = f**steps * c_0."""
    return f**steps


def check_memory_left(answer: object) -> Verdict:
    """Exercise 1: the fraction of c_0 left after 20 steps with f = 0.9 and i = 0."""
    name = "Exercise 1 (memory left after 20 steps)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = math.isclose(float(answer), solution_memory_left(), abs_tol=5e-4)
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "with i = 0 every step multiplies c by f, twenty times")


def solution_cell_update(f, c_prev, i, c_tilde):
    """Step 3 of the lecture: c_t = f_t * c_{t-1} + i_t * c~_t, elementwise."""
    return f * c_prev + i * c_tilde


def check_cell_update(fn: object) -> Verdict:
    """Exercise 2: a function (f, c_prev, i, c_tilde) -> c_t, on numpy arrays of any shape."""
    name = "Exercise 2 (the cell update)"
    if (pending := unanswered(fn, name)) is not None:
        return pending
    if not isinstance(fn, Callable):
        return verdict(False, name, "pass a function of (f, c_prev, i, c_tilde), not a value")
    rng = np.random.default_rng(0)
    f, i = rng.uniform(size=(2, 3, 4))
    c_prev, c_tilde = rng.normal(size=(3, 4)), np.tanh(rng.normal(size=(3, 4)))
    try:
        got = np.asarray(fn(f, c_prev, i, c_tilde), dtype=np.float64)
        ok = got.shape == (3, 4) and np.allclose(got, solution_cell_update(f, c_prev, i, c_tilde))
    except Exception:  # a student's function may fail in any way; that is a wrong answer
        ok = False
    return verdict(ok, name, "keep f_t of the old cell and add i_t of the candidate (elementwise)")


def solution_forget_rows(hidden_size: int = 8) -> tuple[int, int]:
    """torch.nn.LSTM stacks input, forget, cell, output: the forget rows are [H, 2H)."""
    return hidden_size, 2 * hidden_size


def check_forget_rows(answer: object) -> Verdict:
    """Exercise 3: (start, stop) of the forget-gate rows of weight_ih_l0 when H = 8."""
    name = "Exercise 3 (torch's forget-gate rows)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = tuple(int(a) for a in answer) == solution_forget_rows(8)
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "torch's order is input, forget, cell, output, H rows each")
