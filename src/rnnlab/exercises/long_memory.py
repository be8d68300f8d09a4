"""Exercises of notebook 09 (long memory): a prediction before the reach widget, a memory probe
for the adding problem, what a 10-step memory is worth, and the baseline of a new task.

A model that sees only the last `window` steps can do no better than the marked values it sees
plus the mean 1/2 for each marked value it cannot see. References and typical mistakes live
inside the check functions: nothing here is a solution.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number, unanswered, verdict

__all__ = [
    "check_reach_prediction",
    "check_best_answer",
    "check_window_mse",
    "check_product_baseline",
]


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


def _reach_mse(models: object, distances: tuple[int, ...], seq_len: int = 50) -> dict:
    """Each model's MSE with the first marker d steps before the second (at the last step), on
    the reach widget's own 32 examples (values drawn from seed 0, as the widget draws them)."""
    import torch

    T, N = seq_len, 32
    values = np.random.default_rng(0).uniform(0.0, 1.0, size=(N, T))
    found = {}
    for name in ("rnn", "lstm"):
        mse = []
        for d in distances:
            xs = np.zeros((T, N, 2))
            xs[:, :, 0] = values.T
            xs[[T - 1 - d, T - 1], :, 1] = 1.0  # the two markers
            with torch.no_grad():
                answer = models[name](torch.from_numpy(xs).float())[-1, :, 0].double().numpy()
            mse.append(float(np.mean((answer - values[:, T - 1 - d] - values[:, T - 1]) ** 2)))
        found[name] = mse
    return found


def check_reach_prediction(answer: object, models: object = None) -> Verdict:
    """The prediction before the reach widget: as the first marker moves from 40 steps before
    the end to 1, the trained RNN's MSE (a) falls towards 0, (b) falls to about 1/12, (c) stays
    near the baseline 1/6 at every distance. `models` ({'rnn': ..., 'lstm': ...}, the trained
    MemoryModels the widget shows): the explanation recomputes the widget's MSE at distances 1,
    5 and 40 (the tests compare them with compute_reach)."""
    why = (
        "The RNN trained at T = 50 never learned to read a marker (its answer hardly follows"
        " v_t2 even when the second marker is a few steps back), so moving the markers close"
        " together changes nothing: its error stays where a near-constant answer puts it."
    )
    try:
        mse = _reach_mse(models, (1, 5, 40))
        rnn = ", ".join(f"{m:.3f} at {d}" for d, m in zip((1, 5, 40), mse["rnn"], strict=True))
        why = (
            f"The widget's RNN: MSE {rnn} steps apart, against the baseline 1/6 = {1 / 6:.3f}"
            f" (the LSTM: {mse['lstm'][2]:.3f} at 40). " + why
        )
    except Exception:  # noqa: BLE001
        pass  # no trained models given: explain without the widget's numbers
    return check_choice(
        answer,
        "Prediction (the RNN's error as the markers come close)",
        "c",
        choices="abc",
        why=why,
        wrong={
            "a": "close markers would help a model that reads markers; does this RNN?",
            "b": "1/12 is what a model that kept the last marked value would score.",
        },
    )


def check_product_baseline(answer: object) -> Verdict:
    """Exercise 3 (transfer): the least MSE of a constant answer on the multiplication problem,
    where the target is the product v_t1 v_t2 of two independent U[0, 1] values."""
    mean_sq = (1 / 3) ** 2  # E[y²] = E[v²]²
    mean = (1 / 2) ** 2  # E[y] = E[v]²
    return check_number(
        answer,
        "Exercise 3 (the multiplication problem's baseline)",
        mean_sq - mean**2,
        rtol=1e-3,
        atol=1e-5,
        hint="the best constant is the mean of the target, and its MSE is the target's variance:"
        " E[y²] - (E y)², with E[v²] = 1/3 for v uniform on [0, 1]",
        wrong=[
            (1 / 6, "that is the adding problem's; here the target is a product"),
            (1 / 144, "Var(v_t1) Var(v_t2) is not the variance of the product: use E[y²] - (E y)²"),
            (mean_sq, "that is E[y²], the MSE of always answering 0; the best constant is E y"),
            (mean, "that is (E y)²; the variance is E[y²] minus it"),
            (1 / 12, "that is the variance of one value; the target is the product of two"),
        ],
    )
