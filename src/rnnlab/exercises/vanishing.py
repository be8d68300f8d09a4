"""Exercises of notebook 07 (vanishing and exploding gradients, clipping)."""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "solution_steps_to_vanish",
    "check_steps_to_vanish",
    "solution_norm_after",
    "check_norm_after",
    "solution_clipped",
    "check_clipped",
    "check_sigmoid_bound",
]


def solution_steps_to_vanish(lam: float = 0.9, level: float = 1e-3) -> int:
    """The first t with lam**t < level."""
    t = math.ceil(math.log(level) / math.log(lam))
    return t if lam**t < level else t + 1


def check_steps_to_vanish(answer: object) -> Verdict:
    """Exercise 1: the first t at which 0.9**t drops below 1e-3."""
    name = "Exercise 1 (how fast 0.9^t vanishes)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = int(answer) == answer and int(answer) == solution_steps_to_vanish()
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "solve 0.9**t < 1e-3 with logarithms, then round up")


def solution_norm_after(lams=(0.5, 0.95, 1.05), T: int = 100) -> float:
    """‖h_T‖ for h_0 with one unit along each eigen-direction of a symmetric W."""
    return float(np.sqrt(np.sum(np.asarray(lams, dtype=float) ** (2 * T))))


def check_norm_after(answer: object) -> Verdict:
    """Exercise 2: ‖h_100‖ for eigenvalues 0.5, 0.95, 1.05 and one unit along each (within 1%)."""
    name = "Exercise 2 (the norm after 100 steps)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = math.isclose(float(answer), solution_norm_after(), rel_tol=0.01)
    except (TypeError, ValueError):
        ok = False
    hint = "‖h_T‖² is the sum of (λ_i^T)²; which term is all that's left after 100 steps?"
    return verdict(ok, name, hint)


def solution_clipped() -> list[list[float]]:
    """clip_by_norm([[3, 4], [12]], max_norm=1.3): the global norm is 13, so scale by 0.1."""
    return [[0.3, 0.4], [1.2]]


def check_clipped(answer: object) -> Verdict:
    """Exercise 3: the two arrays after clipping [3, 4] and [12] to a global norm of 1.3."""
    name = "Exercise 3 (clip by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        first, second = ([float(v) for v in np.ravel(a)] for a in answer)  # type: ignore[union-attr]
        ok = np.allclose(first, [0.3, 0.4], atol=1e-6) and np.allclose(second, [1.2], atol=1e-6)
    except (TypeError, ValueError):
        ok = False
    hint = "the norm is global: sqrt(3² + 4² + 12²) = 13 for both arrays together"
    return verdict(ok, name, hint)


def check_sigmoid_bound(answer: object) -> Verdict:
    """Exercise 4: the largest σ_max(W_hh) for which a sigmoid RNN's gradient surely vanishes."""
    name = "Exercise 4 (the sigmoid bound)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = math.isclose(float(answer), 4.0)
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "the sigmoid's slope is at most γ = 1/4; the condition is σ_max < 1/γ")
