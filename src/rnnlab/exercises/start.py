"""Exercises of notebook 00 (start here)."""

from __future__ import annotations

import math

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = ["check_half_life", "solution_half_life"]


def solution_half_life(lam: float = 0.9) -> int:
    """The first step t at which lam**t drops below 1/2."""
    return math.ceil(math.log(0.5) / math.log(lam))


def check_half_life(answer: object) -> Verdict:
    """Exercise 1: the first t with 0.9**t < 0.5 (read it off the widget, or compute it)."""
    name = "Exercise 1 (half-life of 0.9^t)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = int(answer) == solution_half_life(0.9) and int(answer) == answer
    except (TypeError, ValueError):
        ok = False
    return verdict(ok, name, "set lambda to 0.9 and find the first t where the curve is below 0.5")
