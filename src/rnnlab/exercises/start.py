"""Exercises of notebook 00 (start here): the powers behind the first widget, and a half-life."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number

__all__ = ["check_powers", "check_half_life"]


def check_powers(fn: object) -> Verdict:
    """Exercise 1: `fn(lam, steps)` returns |lam|^t for t = 0, 1, ..., steps, shape (steps + 1,)."""

    def reference(lam, steps):
        return np.abs(lam) ** np.arange(steps + 1)

    mistakes = [
        Mistake(
            lambda lam, steps: lam ** np.arange(steps + 1),
            "the widget plots |λ|^t: take the absolute value (try λ = -1.2)",
        ),
        Mistake(
            lambda lam, steps: np.abs(lam) ** np.arange(1, steps + 1),
            "start at t = 0, where |λ|^0 = 1: there are steps + 1 values",
        ),
        Mistake(
            lambda lam, steps: np.abs(lam) ** np.arange(1, steps + 2),
            "the first value is |λ|^0 = 1, at t = 0",
        ),
        Mistake(
            lambda lam, steps: np.abs(lam) * np.arange(steps + 1),
            "|λ|^t multiplies λ by itself t times; λ * t adds it t times",
        ),
    ]
    cases = [(0.9, 10), (-1.2, 7), (0.5, 0), (1.05, 25), (-0.3, 4)]
    hint = "compare your values with the widget's curve for the same λ"
    return check_function(
        "Exercise 1 (powers of λ)",
        fn,
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        hint=hint,
    )


def check_half_life(answer: object) -> Verdict:
    """Exercise 2: the first whole t with 0.9**t < 1/2 (read it off the widget, or compute it)."""
    first = int(np.argmax(0.9 ** np.arange(100) < 0.5))
    return check_number(
        answer,
        "Exercise 2 (half-life of 0.9^t)",
        first,
        atol=0.0,
        rtol=0.0,
        hint="set λ to 0.9 and find the first whole t where the curve is below 0.5",
        wrong=[(first - 1, f"0.9**{first - 1} is not below 1/2 yet: check with your powers()")],
    )
