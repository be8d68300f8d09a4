"""Exercises of notebook 09 (long memory)."""

from __future__ import annotations

import math

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_adding_baseline",
    "check_half_memory",
    "check_copy_baseline",
    "solution_adding_baseline",
    "solution_half_memory",
    "solution_copy_baseline",
]


def _close(answer: object, expected: float, tol: float) -> bool:
    try:
        return math.isclose(float(answer), expected, abs_tol=tol)
    except (TypeError, ValueError):
        return False


def solution_adding_baseline() -> float:
    """Always answering 1: MSE = Var(u1 + u2) = 2 * 1/12 = 1/6."""
    return 1 / 6


def check_adding_baseline(answer: object) -> Verdict:
    """Exercise 1: the test MSE of a model that always answers 1 on the adding problem."""
    name = "Exercise 1 (the adding baseline)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, solution_adding_baseline(), 2e-3)
    return verdict(ok, name, "the error is (u1 - 1/2) + (u2 - 1/2); a U[0, 1] has variance 1/12")


def solution_half_memory() -> float:
    """Knowing u2 but not u1, answer u2 + 1/2: the error u1 - 1/2 has variance 1/12."""
    return 1 / 12


def check_half_memory(answer: object) -> Verdict:
    """Exercise 2: the best MSE of a model that only remembers the second marked value."""
    name = "Exercise 2 (half a memory)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, solution_half_memory(), 2e-3)
    return verdict(ok, name, "the best guess for the forgotten u1 is its mean; what is left?")


def solution_copy_baseline(n_symbols: int = 8) -> float:
    """Guessing one of n_symbols equally likely symbols is right 1 / n_symbols of the time."""
    return 1 / n_symbols


def check_copy_baseline(answer: object) -> Verdict:
    """Exercise 3: the copy-task accuracy of a model that remembers nothing (8 symbols)."""
    name = "Exercise 3 (the copy baseline)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, solution_copy_baseline(8), 2e-3)
    return verdict(ok, name, "with no memory every symbol is equally likely")
