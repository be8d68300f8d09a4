"""Exercises of notebook 02 (the RNN formula): a prediction to check on the recurrence widget,
rnn_step, a step by hand, weight reuse, and the parameter count."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number, unanswered, verdict

__all__ = [
    "check_saturation_prediction",
    "check_rnn_step",
    "check_h2",
    "check_whh_uses",
    "check_param_count",
]


def _step_cases() -> list[tuple[dict, np.ndarray, np.ndarray]]:
    """Fresh random (params, x_t, h_prev); the first two have D = H, so that a transposed
    matrix still runs and its mistake can be named, the others have D != H."""
    rng = np.random.default_rng()
    cases = []
    for B, D, H, V in [(2, 3, 3, 2), (5, 4, 4, 3), (3, 5, 2, 4), (1, 2, 6, 3)]:
        params = {
            "W_xh": rng.normal(size=(H, D)),
            "W_hh": rng.normal(size=(H, H)),
            "b_h": rng.normal(size=H),
            "W_hy": rng.normal(size=(V, H)),
            "b_y": rng.normal(size=V),
        }
        cases.append((params, rng.normal(size=(B, D)), rng.normal(size=(B, H))))
    return cases


def check_rnn_step(fn: object) -> Verdict:
    """Exercise 1: `fn(params, x_t, h_prev)` returns h_t = tanh(W_hh h_prev + W_xh x_t + b_h)
    for a batch: x_t (B, D), h_prev (B, H) -> (B, H)."""

    def pre(p, x, h, wx, wh, b=True):  # the pre-activation with a choice of layouts
        return h @ wh(p["W_hh"]) + x @ wx(p["W_xh"]) + (p["b_h"] if b else 0.0)

    def t(w):
        return w.T

    def same_w(w):
        return w

    mistakes = [
        Mistake(
            lambda p, x, h: np.tanh(pre(p, x, h, same_w, same_w)),
            "W is (out, in), and a batch has one vector per row: write x_t @ W_xh.T and "
            "h_prev @ W_hh.T",
        ),
        Mistake(
            lambda p, x, h: np.tanh(pre(p, x, h, same_w, t)),
            "W_xh is (H, D): with one x per row, the product is x_t @ W_xh.T",
        ),
        Mistake(
            lambda p, x, h: np.tanh(pre(p, x, h, t, same_w)),
            "W_hh is (out, in) too: with one h per row, write h_prev @ W_hh.T",
        ),
        Mistake(lambda p, x, h: np.tanh(pre(p, x, h, t, t, b=False)), "add the bias b_h"),
        Mistake(lambda p, x, h: pre(p, x, h, t, t), "apply tanh to the sum"),
        Mistake(
            lambda p, x, h: np.tanh(pre(p, x, h, t, t, b=False)) + p["b_h"],
            "b_h goes inside the tanh, with the two products",
        ),
        Mistake(
            lambda p, x, h: np.tanh(x @ p["W_xh"].T + p["b_h"]),
            "the previous state matters: add W_hh h_prev",
        ),
        Mistake(
            lambda p, x, h: np.tanh(x @ p["W_hh"].T + h @ p["W_xh"].T + p["b_h"]),
            "W_xh multiplies the input x_t and W_hh the state h_prev, not the other way",
        ),
    ]

    def reference(params, x_t, h_prev):
        return np.tanh(h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"])

    return check_function(
        "Exercise 1 (rnn_step)",
        fn,
        reference=reference,
        cases=_step_cases(),
        mistakes=mistakes,
        hint="h_t = tanh(W_hh h_prev + W_xh x_t + b_h), one row per sequence",
    )


def _hand() -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """The exercise's W_xh, W_hh and inputs x_1, x_2 (D = H = 2, no bias, h_0 = 0)."""
    W_xh = np.array([[1.0, 0.0], [0.0, 2.0]])
    W_hh = np.array([[0.5, -1.0], [0.0, 0.5]])
    return W_xh, W_hh, [np.array([1.0, 0.0]), np.array([0.0, 1.0])]


def check_h2(answer: object) -> Verdict:
    """Exercise 2: h_2 of the exercise's RNN, computed by hand (3 decimals are enough)."""
    name = "Exercise 2 (h_2 by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    W_xh, W_hh, (x_1, x_2) = _hand()
    h_1 = np.tanh(W_xh @ x_1)
    a_2 = W_hh @ h_1 + W_xh @ x_2
    no_tanh_1 = np.tanh(W_hh @ (W_xh @ x_1) + W_xh @ x_2)
    try:
        value = np.asarray(answer, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        value = np.array([])
    if value.shape != (2,) or np.asarray(answer).dtype == np.bool_:
        return verdict(False, name, "give h_2 as two numbers, e.g. [0.123, -0.456]")
    for wrong, hint in [
        (a_2, "that is a_2, the sum before the tanh: apply tanh to it"),
        (h_1, "that is h_1; one more step: h_2 = tanh(W_hh h_1 + W_xh x_2)"),
        (no_tanh_1, "h_1 is tanh(W_xh x_1): the tanh of step 1 comes before W_hh multiplies it"),
    ]:
        if np.allclose(value, wrong, atol=1e-3):
            return verdict(False, name, hint)
    ok = np.allclose(value, np.tanh(a_2), atol=1e-3)
    return verdict(ok, name, "first h_1 = tanh(W_xh x_1), then h_2 = tanh(W_hh h_1 + W_xh x_2)")


def check_whh_uses(answer: object) -> Verdict:
    """Exercise 3: how many times W_hh multiplies a hidden state when the RNN reads T = 6 inputs."""
    T = 6
    return check_number(
        answer,
        "Exercise 3 (uses of W_hh)",
        T,
        atol=0.0,
        rtol=0.0,
        hint="count the horizontal arrows of the unrolled graph, starting at h_0",
        wrong=[(T - 1, "step 1 multiplies W_hh with h_0 too (it is 0 by default, but it is used)")],
    )


def check_param_count(answer: object) -> Verdict:
    """Exercise 4: the parameter count for D = 27, H = 50, V = 27 and sequences of length 1000."""
    from rnnlab.data.sequences import rnn_param_count

    D, H, V = 27, 50, 27
    n = rnn_param_count(D, H, V)
    return check_number(
        answer,
        "Exercise 4 (parameter count)",
        n,
        atol=0.0,
        rtol=0.0,
        hint="W_xh (H, D) + W_hh (H, H) + b_h (H) + W_hy (V, H) + b_y (V); T plays no part",
        wrong=[
            (n + H, "that is torch's count, with two bias vectors; the formula has one b_h"),
            (n - H - V, "count the biases b_h and b_y too"),
            (n * 1000, "the same weights serve every step: T = 1000 does not multiply anything"),
        ],
    )


def _recurrence_steps(text: str, scale: float) -> tuple[np.ndarray, float]:
    """What the recurrence widget shows for `text` at W_hh × `scale` (H = 8, seed 0, W_xh × 3):
    |h_t - h_t-1| for t = 1..T, and the share of the states' numbers beyond ±0.9."""
    from rnnlab.data.sequences import text_to_onehot, to_time_major
    from rnnlab.scratch.rnn import init_rnn_params, rnn_forward

    params = init_rnn_params(27, 8, 1, rng=np.random.default_rng(0))
    params["W_xh"] = params["W_xh"] * 3.0
    params["W_hh"] = params["W_hh"] * scale
    hs = rnn_forward(params, to_time_major(text_to_onehot(text)))[0][:, 0]  # (T, H)
    states = np.concatenate([np.zeros((1, 8)), hs])  # h_0 = 0, h_1, ..., h_T
    return np.linalg.norm(np.diff(states, axis=0), axis=1), float((np.abs(hs) > 0.9).mean())


def check_saturation_prediction(answer: object) -> Verdict:
    """The prediction before the recurrence widget: on 'hello hello world', from W_hh × 1 to
    W_hh × 4, the step |h_t - h_t-1| in the bars' title (a) falls towards 0 as the state
    saturates, (b) stays about as large, (c) keeps growing with t. The explanation quotes the
    widget's numbers (worked out here as the widget computes them; the tests compare them with
    compute_recurrence)."""
    text = "hello hello world"
    steps, saturated = _recurrence_steps(text, 4.0)
    # from t = 2 on: the first step leaves h_0 = 0 and is the same at every scale
    at_1, at_0 = _recurrence_steps(text, 1.0)[0][1:], _recurrence_steps(text, 0.0)[0][1:]
    low, high = int(np.argmin(steps[1:])) + 2, int(np.argmax(steps[1:])) + 2
    why = (
        f"At W_hh × 4, {saturated:.0%} of the numbers in the heat map sit beyond ±0.9, yet as t"
        f" moves the title reads |h_t - h_t-1| from {steps[low - 1]:.2f} (t = {low}) to"
        f" {steps[high - 1]:.2f} (t = {high}); from t = 2 to {len(text)} it averages"
        f" {steps[1:].mean():.2f}, against {at_1.mean():.2f} at × 1 and {at_0.mean():.2f} at × 0."
        " The units that are not saturated keep following the letters: a saturated state is not"
        " a frozen one."
    )
    return check_choice(
        answer,
        "Prediction (the step |h_t - h_t-1| at W_hh × 4)",
        "b",
        choices="abc",
        why=why,
        wrong={
            "a": "saturated units move less, but they are not all the units.",
            "c": "tanh keeps every unit between -1 and 1: the step cannot keep growing.",
        },
    )
