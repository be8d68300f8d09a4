"""Exercises of notebook 00 (start here): a prediction to check on the first widget, the powers
behind it, a half-life, and how close to 1 a factor must be to keep 1% over 100 steps."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number

__all__ = ["check_growth_prediction", "check_powers", "check_half_life", "check_memory_factor"]


def check_growth_prediction(answer: object) -> Verdict:
    """The prediction before the widget: |λ|^50 for λ = 1.1 is (a) about 5, (b) about 10,
    (c) about 100, (d) over 10,000. The explanation quotes the widget's own title."""
    values = 1.1 ** np.arange(51.0)  # what the widget plots at λ = 1.1, 50 steps
    at_10, at_50 = values[10], values[-1]
    why = (
        f"Set λ to 1.1 (50 steps): the title reads |λ|^50 = {at_50:.3g}. Every step multiplies"
        f" by 1.1 again, so the growth compounds: |λ|^10 = {at_10:.3g}, and 50 steps are five"
        f" such factors, {at_10:.3g}^5."
    )
    return check_choice(
        answer,
        "Prediction (|λ|^50 for λ = 1.1)",
        "c",
        choices="abcd",
        why=why,
        wrong={"a": "more than that.", "b": "more than that.", "d": "less than that."},
    )


def check_powers(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 1: `fn(lam, steps)` returns |lam|^t for t = 0, 1, ..., steps, shape (steps + 1,).

    Checked on fresh random cases (`seed` fixes them): a decaying λ, a growing one, a negative
    one beyond -1 and one between -1 and 0, and one with steps = 0.
    """

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
    rng = np.random.default_rng(seed)
    lams = [rng.uniform(0.3, 0.95), rng.uniform(-1.3, -1.05), rng.uniform(0.2, 1.5)]
    lams += [rng.uniform(1.01, 1.1), rng.uniform(-0.9, -0.1)]
    steps = [rng.integers(5, 15), rng.integers(4, 10), 0, rng.integers(15, 30), rng.integers(2, 8)]
    cases = [(round(float(lam), 3), int(n)) for lam, n in zip(lams, steps, strict=True)]
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


def check_memory_factor(answer: object) -> Verdict:
    """Exercise 3: the smallest λ > 0 with λ^100 >= 0.01, for the one-unit linear RNN
    h^(t) = λ h^(t-1) that must keep 1% of h^(0) over 100 steps."""
    expected = 0.01 ** (1 / 100)
    return check_number(
        answer,
        "Exercise 3 (a factor that keeps 1% over 100 steps)",
        expected,
        hint="solve λ^100 = 0.01 for λ: take the 100th root of 0.01",
        wrong=[
            (0.9, f"0.9^100 = {0.9**100:.1e}: far below 1%; λ must be much closer to 1"),
            (0.99, f"0.99^100 = {0.99**100:.2f}: more than 1%; a smaller λ still does it"),
            (
                1 - 0.01 / 100,
                f"{1 - 0.01 / 100:g}^100 keeps {(1 - 0.01 / 100) ** 100:.0%} of h^(0), not 1%",
            ),
            (0.01**100, "that is 0.01^100, about 0; the 100th root of 0.01 is 0.01^(1/100)"),
        ],
    )
