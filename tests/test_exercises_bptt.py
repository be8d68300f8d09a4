"""Notebook 06's checkers: right answers pass, each typical mistake gets its own hint."""

import numpy as np
import pytest

from rnnlab.analysis.gradcheck import rnn_gradient_check
from rnnlab.exercises import bptt as ex
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads


def test_nothing_public_is_a_solution():
    assert not [n for n in dir(ex) if n.startswith("solution")]
    assert not hasattr(ex, "rnn_loss_and_grads")  # no module-level reference import


def test_scalar_contributions():
    assert ex.check_scalar_contributions([0, 0.5, 2.5])
    assert ex.check_scalar_contributions(np.array([0.0, 0.5, 2.5]))
    assert "sum is right" in repr(ex.check_scalar_contributions([0.5, 0.0, 2.5]))
    assert "states" in repr(ex.check_scalar_contributions([1, 2.5, 1.25]))
    assert "not h_i" in repr(ex.check_scalar_contributions([0.25, 1.25, 1.25]))
    assert "later steps" in repr(ex.check_scalar_contributions([0, 1, 2.5]))
    assert "not answered" in repr(ex.check_scalar_contributions(...))
    assert not ex.check_scalar_contributions("abc")
    assert not ex.check_scalar_contributions([False, 0.5, 2.5])


def test_no_hint_states_the_answer():
    for wrong in ([1, 1, 1], [0.5, 0.0, 2.5], [1, 2.5, 1.25], [0, 1, 2.5], "x"):
        text = repr(ex.check_scalar_contributions(wrong))
        assert "2.5" not in text.split("Hint:")[1] and "w**" not in text


def test_the_bug_is_in_b_h_and_the_check_finds_it():
    rng = np.random.default_rng(0)
    params = init_rnn_params(3, 4, 3, rng=rng)
    xs, targets = rng.normal(size=(4, 2, 3)), rng.integers(0, 3, size=(4, 2))
    grads = ex.buggy_loss_and_grads(params, xs, targets)[1]
    errors = rnn_gradient_check(params, xs, targets, grads=grads)
    assert max(errors, key=errors.get) == "b_h"
    assert ex.check_buggy_key("b_h") and ex.check_buggy_key("'b_h'")
    assert not ex.check_buggy_key("W_hh")
    assert "not a key" in repr(ex.check_buggy_key("bias"))
    assert not ex.check_buggy_key(3)


def whh_grad_by_einsum(W_hh, h0, hs, dhs):
    """Written differently: all states at once, then one einsum for the whole sum."""
    T = hs.shape[0]
    prev = np.concatenate([h0[None], hs[:-1]])  # (T, B, H): h_{t-1} for every t
    deltas = np.empty_like(hs)
    carried = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):
        deltas[t] = (1 - hs[t] * hs[t]) * (carried + dhs[t])
        carried = np.einsum("bi,ij->bj", deltas[t], W_hh)
    return np.einsum("tbi,tbj->ij", deltas, prev), carried


def test_a_correct_version_written_differently_passes():
    assert ex.check_whh_grad(whh_grad_by_einsum, seed=0)
    assert ex.check_whh_grad(whh_grad_by_einsum)


def test_the_reference_agrees_with_rnn_loss_and_grads():
    rng = np.random.default_rng(3)
    params = init_rnn_params(4, 5, 4, rng=rng)
    xs, targets = rng.normal(size=(6, 2, 4)), rng.integers(0, 4, size=(6, 2))
    h0 = rng.normal(size=(2, 5)) * 0.3
    _, grads, _ = rnn_loss_and_grads(params, xs, targets, h0)
    hs, os_ = rnn_forward(params, xs, h0)
    e = np.exp(os_ - os_.max(axis=-1, keepdims=True))
    dos = e / e.sum(axis=-1, keepdims=True)
    t_idx, b_idx = np.indices(targets.shape)
    dos[t_idx, b_idx, targets] -= 1
    dhs = dos / targets.size @ params["W_hy"]
    dW, _ = whh_grad_by_einsum(params["W_hh"], h0, hs, dhs)
    np.testing.assert_allclose(dW, grads["W_hh"], atol=1e-14)


def variant(slope="h_t", outer="right", read="h_prev", carry=True, back="W"):
    def wrong(W_hh, h0, hs, dhs):
        dW, dh = np.zeros_like(W_hh), np.zeros_like(h0)
        for t in reversed(range(len(hs))):
            prev = hs[t - 1] if t else h0
            err = dhs[t] + (dh if carry else 0)
            s = {
                "h_t": 1 - hs[t] ** 2,
                "none": 1,
                "tanh": 1 - np.tanh(hs[t]) ** 2,
                "h_prev": 1 - prev**2,
            }[slope]
            delta = err * s
            x = prev if read == "h_prev" else hs[t]
            dW = dW + (delta.T @ x if outer == "right" else (x.T @ delta))
            dh = delta @ (W_hh if back == "W" else W_hh.T)
        return dW, dh

    return wrong


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"slope": "none"}, "(1 - h_t²) factor is missing"),
        ({"slope": "tanh"}, "not 1 - tanh(h_t)²"),
        ({"slope": "h_prev"}, "not 1 - h_{t-1}²"),
        ({"outer": "left"}, "transposed"),
        ({"read": "h_t"}, "not by h_t"),
        ({"carry": False}, "carried dh_next"),
        ({"back": "WT"}, "not δ_t W_hhᵀ"),
    ],
)
def test_each_mistake_gets_its_hint(kwargs, needle):
    out = ex.check_whh_grad(variant(**kwargs), seed=4)
    assert not out and needle in repr(out), repr(out)


def test_student_code_never_crashes_the_checker():
    def placeholder(W_hh, h0, hs, dhs):
        # YOUR CODE HERE
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_whh_grad(placeholder))
    assert "raised" in repr(ex.check_whh_grad(lambda *a: 1 / 0))
    assert "shape" in repr(ex.check_whh_grad(lambda W, h0, hs, dhs: (W[0], h0)))
    assert "pass the function itself" in repr(ex.check_whh_grad("whh_grad"))
