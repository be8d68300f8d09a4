"""Exercises of notebook 06 (backpropagation through time).

Numeric: the contributions of a scalar RNN's weight, by hand. Debugging: which gradient of
:func:`buggy_loss_and_grads` fails the gradient check. Implementation: the backward loop that
gives W_hh's gradient.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_scalar_contributions",
    "buggy_loss_and_grads",
    "check_buggy_key",
    "check_whh_grad",
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


def buggy_loss_and_grads(params, xs, targets, h0=None):
    """rnn_loss_and_grads with one deliberate bug in one gradient: find it with a gradient check."""
    from rnnlab.scratch.rnn import rnn_loss_and_grads

    loss, grads, h_last = rnn_loss_and_grads(params, xs, targets, h0)
    T = np.shape(xs)[0]
    grads = dict(grads)
    grads["b_h"] = grads["b_h"] * (1.0 + 1.0 / T)  # as if one step's error were counted twice
    return loss, grads, h_last


def check_buggy_key(answer: object) -> Verdict:
    """Exercise 2: which key of buggy_loss_and_grads' gradients fails the gradient check?"""
    name = "Exercise 2 (find the bug)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    keys = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")
    given = answer.strip().strip("'\"") if isinstance(answer, str) else None
    hint = "run the gradient check on its gradients and look for the key whose error is above 1e-7"
    if given is None:
        hint = f"give the key as a string, one of {list(keys)}"
    elif given not in keys:
        hint = f"{given!r} is not a key of the gradients; they are {list(keys)}"
    return verdict(given == "b_h", name, hint)


def _whh_mistakes() -> list[Mistake]:
    """Typical wrong versions of whh_grad(W_hh, h0, hs, dhs), each with its hint."""

    def loop(W_hh, h0, hs, dhs, *, slope="h_t", outer="right", read="h_prev", carry=True, back="W"):
        dW, dh_next = np.zeros_like(W_hh), np.zeros_like(h0)
        for t in reversed(range(hs.shape[0])):
            h_prev = hs[t - 1] if t > 0 else h0
            d = dhs[t] + dh_next if carry else dhs[t]
            factor = {
                "h_t": 1 - hs[t] ** 2,
                "none": 1.0,
                "tanh": 1 - np.tanh(hs[t]) ** 2,
                "h_prev": 1 - h_prev**2,
            }[slope]
            delta = d * factor
            x = h_prev if read == "h_prev" else hs[t]
            dW += delta.T @ x if outer == "right" else x.T @ delta
            dh_next = delta @ (W_hh if back == "W" else W_hh.T)
        return dW, dh_next

    table = [
        (
            {"slope": "none"},
            "the (1 - h_t²) factor is missing: the error passes through tanh,"
            " whose slope at h_t = tanh(a_t) is 1 - h_t²",
        ),
        ({"slope": "tanh"}, "h_t already is tanh(a_t): its slope is 1 - h_t², not 1 - tanh(h_t)²"),
        (
            {"slope": "h_prev"},
            "the tanh slope belongs to the state this step produced: 1 - h_t², not 1 - h_{t-1}²",
        ),
        (
            {"outer": "left"},
            "your W_hh gradient is transposed: W_hh is (out, in), so its"
            " gradient is δ_tᵀ h_{t-1} (rows: the units that receive)",
        ),
        (
            {"read": "h_t"},
            "step t multiplies W_hh by h_{t-1} (hs[t-1], and h0 at t = 0), not by h_t",
        ),
        (
            {"carry": False},
            "the error reaching h_t is what s_t sends (dhs[t]) PLUS what h_{t+1}"
            " sends back (the carried dh_next)",
        ),
        (
            {"back": "WT"},
            "the error passed back is δ_t W_hh (row vectors), i.e. W_hhᵀ δ_t in the"
            " lecture's columns, not δ_t W_hhᵀ",
        ),
    ]
    return [Mistake(lambda *a, kw=kw: loop(*a, **kw), hint) for kw, hint in table]


def check_whh_grad(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 3: the student's whh_grad(W_hh, h0, hs, dhs) -> (dW_hh (H, H), dh0 (B, H)).

    W_hh (H, H), h0 (B, H), hs (T, B, H) the states h_1..h_T, dhs (T, B, H) what each output
    s_t sends back to h_t. Checked on fresh random tanh RNNs (`seed` fixes them, for tests).
    """
    name = "Exercise 3 (the gradient of W_hh)"

    def reference(W_hh, h0, hs, dhs):
        dW, dh = np.zeros_like(W_hh), np.zeros_like(h0)
        for t in reversed(range(hs.shape[0])):
            delta = (dhs[t] + dh) * (1.0 - hs[t] ** 2)  # through tanh, (B, H)
            dW += delta.T @ (hs[t - 1] if t > 0 else h0)
            dh = delta @ W_hh
        return dW, dh

    rng = np.random.default_rng(seed)
    cases = [_whh_case(rng, T, B, H) for T, B, H in [(5, 2, 4), (1, 3, 3), (7, 1, 5), (3, 2, 2)]]
    hint = (
        "walk t from T-1 down to 0: δ_t = (dhs[t] + dh_next) * (1 - h_t²); add δ_tᵀ h_{t-1};"
        " pass δ_t W_hh back as the next dh_next; return it as dh0 at the end"
    )
    return check_function(
        name, fn, reference=reference, cases=cases, mistakes=_whh_mistakes(), hint=hint
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
