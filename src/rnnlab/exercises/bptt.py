"""Exercises of notebook 06 (backpropagation through time).

Numeric: the contributions of a scalar RNN's weight, by hand; how many appearances of W_hh
:func:`buggy_loss_and_grads` adds up (a number drawn from a seed, so its source states only the
rule); the gradient of a weight used twice per step (transfer).
Implementation: the gradient of W_hh that truncated BPTT with a sliding window computes.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number, unanswered, verdict

__all__ = [
    "check_scalar_contributions",
    "buggy_loss_and_grads",
    "check_kept_appearances",
    "check_window_grad",
    "check_tied_weight",
]


def _floats(answer: object) -> list[float] | None:
    """`answer` as a list of finite floats (bools rejected), or None."""
    try:
        items = list(answer)  # type: ignore[call-overload]
    except TypeError:
        return None
    if any(isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real) for v in items):
        return None
    values = [float(v) for v in items]
    return values if all(math.isfinite(v) for v in values) else None


def _scalar_rnn(w: float, xs: tuple[float, ...]) -> list[float]:
    """h_0 = 0, then h_t = w h_{t-1} + x_t: the states [h_0, ..., h_T]."""
    hs = [0.0]
    for x in xs:
        hs.append(w * hs[-1] + x)
    return hs


def check_scalar_contributions(answer: object) -> Verdict:
    """Exercise 1: the three contributions [i=1, i=2, i=3] for w = 0.5, x = (1, 2, 0), J = h_3."""
    name = "Exercise 1 (contributions by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    values = _floats(answer)
    if values is None or len(values) != 3:
        return verdict(False, name, "give a list of three numbers, [i = 1, i = 2, i = 3]")
    w, hs = 0.5, _scalar_rnn(0.5, (1.0, 2.0, 0.0))

    def close(expected: list[float]) -> bool:
        return bool(np.allclose(values, expected, atol=1e-9))

    hint = (
        "appearance i multiplies h_{i-1}; its contribution is that input times how much J = h_3"
        " changes per unit change of h_i (each later step multiplies by w)"
    )
    if close(hs[1:]):
        hint = "those are the states h_1, h_2, h_3; the question asks for ∂J/∂w at each appearance"
    elif close([w ** (3 - i) * hs[i] for i in (1, 2, 3)]):
        hint = "appearance i reads h_{i-1} (its input), not h_i (its output)"
    elif close(hs[:3]):
        hint = "right inputs, but the error reaching h_i from h_3 has passed through later steps"
    elif math.isclose(sum(values), sum(w ** (3 - i) * hs[i - 1] for i in (1, 2, 3))):
        hint = "the sum is right but not the split: which h does appearance i multiply?"
    expected = [w ** (3 - i) * hs[i - 1] for i in (1, 2, 3)]
    return verdict(close(expected), name, hint)


def buggy_loss_and_grads(params, xs, targets, h0=None, *, seed):
    """rnn_loss_and_grads with one deliberate bug: its gradient of W_hh adds up the
    contributions of the last few appearances only, between 3 and 20 of them, a number drawn
    from `seed`. How many, for the notebook's seed? (Exercise 2.)"""
    from rnnlab.analysis.bptt import appearance_contributions
    from rnnlab.scratch.rnn import rnn_loss_and_grads

    loss, grads, h_last = rnn_loss_and_grads(params, xs, targets, h0)
    kept = 3 + int(np.random.default_rng(seed).integers(18))  # counted back from the last one
    grads = dict(grads)
    grads["W_hh"] = appearance_contributions(params, xs, targets, h0)[-kept:].sum(axis=0)
    return loss, grads, h_last


def check_kept_appearances(answer: object, seed: int) -> Verdict:
    """Exercise 2: how many appearances of W_hh (the last ones) buggy_loss_and_grads(...,
    seed=seed) adds up, on the notebook's 40-step sequence."""
    from rnnlab.analysis.bptt import appearance_contributions
    from rnnlab.scratch.rnn import init_rnn_params

    T = 40
    # measured as the exercise measures it, on a small random RNN with T steps
    rng = np.random.default_rng(0)
    params = init_rnn_params(3, 4, 3, rng=rng)
    xs, targets = rng.normal(size=(T, 1, 3)), rng.integers(0, 3, size=(T, 1))
    h0 = np.tanh(rng.normal(size=(1, 4)))  # so that no contribution is zero
    buggy = buggy_loss_and_grads(params, xs, targets, h0, seed=seed)[1]["W_hh"]
    tails = np.cumsum(appearance_contributions(params, xs, targets, h0)[::-1], axis=0)
    kept = 1 + int(np.argmin([np.abs(tail - buggy).max() for tail in tails]))
    return check_number(
        answer,
        "Exercise 2 (how many appearances the bug keeps)",
        kept,
        atol=0.0,
        rtol=0.0,
        hint="add up the last k slices of bptt.appearance_contributions for k = 1, 2, 3, ..."
        " and compare each sum with the buggy gradient of W_hh (np.allclose); call the buggy"
        " function with the seed the exercise gives",
        wrong=[
            (1, "one appearance is the classic mistake shown above; this bug keeps more"),
            (T, f"all {T} appearances give the right gradient, and the check says W_hh is wrong"),
        ],
    )


def _window_mistakes() -> list[Mistake]:
    """Typical wrong versions of window_grad(W_hh, h0, hs, dhs, k), each with its hint."""

    def loop(W_hh, h0, hs, dhs, k, *, reach=0, chunks=False, slope=True, outer="right", read=1):
        dW = np.zeros_like(W_hh)
        for t in range(hs.shape[0]):  # loss term t
            first = (t // k) * k if chunks else t - k + 1 - reach  # the earliest appearance
            d = dhs[t]
            for i in range(t, max(first, 0) - 1, -1):
                delta = d * ((1.0 - hs[i] ** 2) if slope else 1.0)
                x = (hs[i - 1] if i > 0 else h0) if read else hs[i]
                dW += delta.T @ x if outer == "right" else x.T @ delta
                d = delta @ W_hh
        return dW

    def full(W_hh, h0, hs, dhs, k):
        return loop(W_hh, h0, hs, dhs, hs.shape[0])

    table = [
        (
            full,
            "k never enters your sum: each loss term must stop after k appearances",
        ),
        (
            lambda *a: loop(*a, reach=1),
            "your window is one step too long: with k = 1 a loss term keeps only its own"
            " step's appearance (t - i < k)",
        ),
        (
            lambda *a: loop(*a, reach=-1),
            "your window is one step too short: loss term t keeps the k appearances"
            " i = t, t-1, ..., t-k+1",
        ),
        (
            lambda *a: loop(*a, chunks=True),
            "that is the chunked flavour (the state detached every k steps); here every loss"
            " term looks back its own k steps",
        ),
        (
            lambda *a: loop(*a, slope=False),
            "the (1 - h_i²) factor is missing: the error passes through tanh at every step",
        ),
        (
            lambda *a: loop(*a, outer="left"),
            "your gradient is transposed: W_hh is (out, in), so a contribution is δ_iᵀ h_{i-1}",
        ),
        (lambda *a: loop(*a, read=0), "appearance i multiplies W_hh by h_{i-1}, not by h_i"),
    ]
    return [Mistake(wrong, hint) for wrong, hint in table]


def check_window_grad(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 3: the student's window_grad(W_hh, h0, hs, dhs, k) -> dW_hh (H, H), the gradient
    of W_hh that truncated BPTT with a sliding window of k steps computes: every loss term t
    sends its error back through the appearances i with t - i < k only.

    W_hh (H, H), h0 (B, H), hs (T, B, H) the states h_1..h_T, dhs (T, B, H) what each output
    s_t sends back to h_t; k >= 1. Checked on fresh random tanh RNNs (`seed` fixes them).
    """

    def reference(W_hh, h0, hs, dhs, k):
        dW = np.zeros_like(W_hh)
        for t in range(hs.shape[0]):
            d = dhs[t]  # loss term t's own error, arriving at h_t
            for i in range(t, max(t - k, -1), -1):  # its k appearances, none before step 0
                delta = d * (1.0 - hs[i] ** 2)
                dW += delta.T @ (hs[i - 1] if i > 0 else h0)
                d = delta @ W_hh
        return dW

    rng = np.random.default_rng(seed)
    sizes = [(6, 2, 4, 2), (1, 3, 3, 1), (7, 1, 5, 3), (4, 2, 2, 9), (8, 2, 3, 1), (5, 1, 3, 5)]
    cases = [(*_whh_case(rng, T, B, H), k) for T, B, H, k in sizes]
    hint = (
        "for every loss term t, start from dhs[t] at step t and walk back through its k"
        " appearances (i = t down to t-k+1, none before step 0), adding δ_i h_{i-1}ᵀ at each"
    )
    return check_function(
        "Exercise 3 (the windowed gradient of W_hh)",
        fn,
        reference=reference,
        cases=cases,
        mistakes=_window_mistakes(),
        hint=hint,
    )


def check_tied_weight(answer: object) -> Verdict:
    """Exercise 4: dJ/dw for h_t = w h_{t-1} + w x_t with h_0 = 1, w = 0.5, x = (3, 2), J = h_2."""
    w, h0, x1, x2 = 0.5, 1.0, 3.0, 2.0
    h1 = w * h0 + w * x1
    dh2, dh1 = 1.0, w  # how much J = h_2 changes per unit change of h_2 and of h_1
    rec2, in2, rec1, in1 = dh2 * h1, dh2 * x2, dh1 * h0, dh1 * x1  # the four appearances
    return check_number(
        answer,
        "Exercise 4 (a weight used twice per step)",
        rec2 + in2 + rec1 + in1,
        rtol=1e-6,
        atol=1e-9,
        hint="w appears four times, twice per step; add what each appearance contributes: its"
        " input (h_{t-1} or x_t) times how much J changes per unit change of that step's h_t",
        wrong=[
            (rec2 + rec1, "those are the recurrent appearances only; w also multiplies x_t"),
            (in2 + in1, "those are the input appearances only; w also multiplies h_{t-1}"),
            (rec2 + in2, "that is step 2's two appearances; step 1's reach J through h_1 too"),
            (w * h1 + w * x2, "that is J = h_2 itself; the question asks for dJ/dw"),
        ],
    )


def _whh_case(rng: np.random.Generator, T: int, B: int, H: int) -> tuple[np.ndarray, ...]:
    """A real tanh roll-out: (W_hh (H, H), h0 (B, H), hs (T, B, H), dhs (T, B, H))."""
    W_hh = rng.normal(size=(H, H)) / np.sqrt(H)  # not symmetric, so transposes show
    h0 = np.tanh(rng.normal(size=(B, H)))
    hs, h = np.empty((T, B, H)), h0
    for t in range(T):
        h = np.tanh(h @ W_hh.T + rng.normal(size=(B, H)))
        hs[t] = h
    return W_hh, h0, hs, rng.normal(size=(T, B, H))
