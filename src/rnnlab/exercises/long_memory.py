"""Exercises of notebook 09 (long memory): a memory probe for the adding problem.

A model that sees only the last `window` steps can do no better than the marked values it sees
plus the mean 1/2 for each marked value it cannot see. References and typical mistakes live
inside the check functions: nothing here is a solution.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = ["check_best_answer", "check_window_mse"]


def _cases() -> list[tuple[np.ndarray, int]]:
    """Fresh adding-problem batches (T, B, 2) with a window each, 0 and T included."""
    from rnnlab.data.memory_tasks import adding_problem

    rng = np.random.default_rng()
    sizes = [(10, 3), (20, 0), (20, 20), (30, 12), (8, 5), (50, 10)]
    return [(adding_problem(16, T, rng)[0], window) for T, window in sizes]


def check_best_answer(fn: object) -> Verdict:
    """Exercise 1: best_answer(xs, window) -> (B,), the least-MSE answer of a model that sees
    only the last `window` steps of adding-problem inputs xs (T, B, 2)."""

    def answer(xs, window, *, unseen_mean=0.5, use_markers=True, swap=False, last=None):
        T = xs.shape[0]
        values, markers = (xs[..., 1], xs[..., 0]) if swap else (xs[..., 0], xs[..., 1])
        seen = np.arange(T) >= T - window if last is None else last(T, window)  # (T,)
        shown = values * (markers if use_markers else 1.0) * seen[:, None]
        unseen = (markers * ~seen[:, None]).sum(axis=0)  # marked steps outside the window
        return shown.sum(axis=0) + unseen_mean * unseen

    def variant(**switches):
        return lambda xs, window: answer(xs, window, **switches)

    mistakes = [
        Mistake(
            variant(unseen_mean=0.0),
            "a marked value you cannot see is not 0 on average: "
            "the best guess for it is its mean, 1/2.",
        ),
        Mistake(
            variant(unseen_mean=1.0),
            "1 is the mean of the *sum* of two values; each "
            "marked value you cannot see has mean 1/2.",
        ),
        Mistake(
            variant(use_markers=False),
            "only the marked values count: multiply the values by the marker channel.",
        ),
        Mistake(variant(swap=True), "channel 0 of xs holds the values, channel 1 the markers."),
        Mistake(
            variant(last=lambda T, w: np.arange(T) >= (T - w if w else 0)),
            "careful with "
            "xs[-window:]: for window = 0 it is the whole sequence; use xs[T - window:].",
        ),
        Mistake(
            variant(last=lambda T, w: np.arange(T) > T - w),
            "that window is one step too "
            "short: the last `window` steps are t = T - window, ..., T - 1.",
        ),
        Mistake(
            variant(last=lambda T, w: np.arange(T) >= T - w - 1),
            "that window is one step "
            "too long: the last `window` steps are t = T - window, ..., T - 1.",
        ),
    ]
    return check_function(
        "Exercise 1 (best_answer)",
        fn,
        reference=variant(),
        cases=_cases(),
        mistakes=mistakes,
        hint="sum the marked values inside the window, and "
        "add the best guess for each marked value outside it.",
    )


def check_window_mse(answer: object) -> Verdict:
    """Exercise 2: the MSE of best_answer with window = 10 on the adding problem at T = 50."""
    name = "Exercise 2 (the MSE of a 10-step memory)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, Real | np.number):
        return verdict(False, name, "answer with a number, the mean squared error.")
    value = float(answer)
    seen = 10 / 25  # the second marker is uniform over the 25 steps of the second half
    expected = (1 + (1 - seen)) / 12  # the first value always missing, the second 60 % of the time
    if math.isclose(value, expected, abs_tol=3e-3):
        return verdict(True, name, "")
    hints = [
        (1 / 12, "the second marker is inside the last 10 steps only some of the time."),
        (1 / 6, "when the second marker is inside the window its value costs nothing."),
        (seen, "that is a probability; the MSE adds 1/12 for every marked value not seen."),
        (1 - seen, "that is a probability; the MSE adds 1/12 for every marked value not seen."),
        ((1 - seen) / 12, "the first marker is never in the last 10 steps: it always adds 1/12."),
    ]
    for wrong, hint in hints:
        if math.isclose(value, wrong, abs_tol=3e-3):
            return verdict(False, name, hint)
    return verdict(
        False,
        name,
        "an unseen marked value u has error u - 1/2, of variance 1/12; "
        "how often is each of the two markers unseen?",
    )
