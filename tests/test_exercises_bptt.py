"""Notebook 06's checkers: right answers pass, each typical mistake gets its own hint."""

import numpy as np
import pytest

from rnnlab.analysis.bptt import appearance_contributions
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


def _sequence(T=40, seed=0):
    rng = np.random.default_rng(seed)
    params = init_rnn_params(3, 4, 3, rng=rng)
    return params, rng.normal(size=(T, 2, 3)), rng.integers(0, 3, size=(T, 2))


def _kept(grads_w_hh, params, xs, targets):
    contrib = appearance_contributions(params, xs, targets)
    T = xs.shape[0]
    return [k for k in range(1, T + 1) if np.allclose(contrib[-k:].sum(0), grads_w_hh, 0, 1e-14)]


@pytest.mark.parametrize("seed", [0, 21, 23])
def test_the_bug_keeps_the_last_appearances_and_the_check_sees_it(seed):
    params, xs, targets = _sequence()
    grads = ex.buggy_loss_and_grads(params, xs, targets, seed=seed)[1]
    errors = rnn_gradient_check(params, xs[:25], targets[:25], grads=ex.buggy_loss_and_grads(
        params, xs[:25], targets[:25], seed=seed)[1])  # fmt: skip
    assert max(errors, key=errors.get) == "W_hh" and errors["W_hh"] > 1e-4
    (kept,) = _kept(grads["W_hh"], params, xs, targets)
    assert 3 <= kept <= 20 and ex.check_kept_appearances(kept, seed=seed)
    assert not ex.check_kept_appearances(kept + 1, seed=seed)


def test_the_seed_changes_the_count_and_the_source_shows_no_count():
    import inspect

    params, xs, targets = _sequence()
    counts = {
        _kept(ex.buggy_loss_and_grads(params, xs, targets, seed=s)[1]["W_hh"], params, xs,
              targets)[0]
        for s in range(8)
    }  # fmt: skip
    assert len(counts) >= 4
    source = inspect.getsource(ex.buggy_loss_and_grads)
    assert "8" not in source.replace("18", "")  # the notebook's count (seed 21) is not written


@pytest.mark.parametrize(
    "answer, ok, needle",
    [
        (8, True, ""),
        (8.0, True, ""),
        (np.int64(8), True, ""),
        (1, False, "classic mistake"),
        (40, False, "right gradient"),
        (7, False, "Hint"),
        (9, False, "Hint"),
        (True, False, "give a number"),
        ("8", False, "give a number"),
        (None, False, "not answered"),
        (float("nan"), False, "give a number"),
    ],
)
def test_kept_appearances(answer, ok, needle):
    verdict = ex.check_kept_appearances(answer, seed=21)  # the notebook's seed
    assert bool(verdict) == ok and needle in repr(verdict), repr(verdict)


def test_no_known_wrong_value_gives_the_count_away():
    # the student edition's self-check carries the known wrong values: none may be next to the
    # answer or its complement
    verdict_text = [repr(ex.check_kept_appearances(v, seed=21)) for v in (7, 9, 32)]
    assert all("close:" not in t and "left out" not in t for t in verdict_text)


def window_grad_by_pairs(W_hh, h0, hs, dhs, k):
    """Written differently: every (loss term, appearance) pair's Jacobian product, kept when
    t - i < k."""
    T, _, H = hs.shape
    prev = np.concatenate([h0[None], hs[:-1]])
    dW = np.zeros((H, H))
    for t in range(T):
        for i in range(t + 1):
            if t - i >= k:
                continue
            g = dhs[t]
            for s in range(t, i, -1):  # back from h_t to h_i through steps t..i+1
                g = (g * (1 - hs[s] ** 2)) @ W_hh
            dW += np.einsum("bi,bj->ij", g * (1 - hs[i] ** 2), prev[i])
    return dW


def test_a_correct_window_written_differently_passes():
    assert ex.check_window_grad(window_grad_by_pairs, seed=0)
    assert ex.check_window_grad(window_grad_by_pairs)


def test_the_full_window_is_the_bptt_gradient():
    params, xs, targets = _sequence(T=6, seed=3)
    _, grads, _ = rnn_loss_and_grads(params, xs, targets)
    hs, s = rnn_forward(params, xs, None)
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    ds = e / e.sum(axis=-1, keepdims=True)
    t_idx, b_idx = np.indices(targets.shape)
    ds[t_idx, b_idx, targets] -= 1
    dhs = ds / targets.size @ params["W_hy"]
    h0 = np.zeros((2, 4))
    np.testing.assert_allclose(
        window_grad_by_pairs(params["W_hh"], h0, hs, dhs, 6), grads["W_hh"], atol=1e-14
    )


def window_variant(reach=0, chunks=False, slope=True, outer="right", read=True, full=False):
    def wrong(W_hh, h0, hs, dhs, k):
        k = hs.shape[0] if full else k
        dW = np.zeros_like(W_hh)
        for t in range(len(hs)):
            lo = max((t // k) * k if chunks else t - (k + reach) + 1, 0)
            err = dhs[t]
            for i in range(t, lo - 1, -1):
                prev = hs[i - 1] if i else h0
                delta = err * (1 - hs[i] ** 2 if slope else 1)
                x = prev if read else hs[i]
                dW = dW + (delta.T @ x if outer == "right" else x.T @ delta)
                err = delta @ W_hh
        return dW

    return wrong


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"full": True}, "k never enters"),
        ({"reach": 1}, "one step too long"),
        ({"reach": -1}, "one step too short"),
        ({"chunks": True}, "chunked flavour"),
        ({"slope": False}, "(1 - h_i²) factor is missing"),
        ({"outer": "left"}, "transposed"),
        ({"read": False}, "not by h_i"),
    ],
)
def test_each_window_mistake_gets_its_hint(kwargs, needle):
    out = ex.check_window_grad(window_variant(**kwargs), seed=4)
    assert not out and needle in repr(out), repr(out)


def test_student_code_never_crashes_the_window_checker():
    def placeholder(W_hh, h0, hs, dhs, k):
        # YOUR CODE HERE
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_window_grad(placeholder))
    assert "raised" in repr(ex.check_window_grad(lambda *a: 1 / 0))
    assert "shape" in repr(ex.check_window_grad(lambda W, h0, hs, dhs, k: W[0]))
    assert "pass the function itself" in repr(ex.check_window_grad("window_grad"))


@pytest.mark.parametrize(
    "answer, ok, needle",
    [
        (6, True, ""),
        (6.0, True, ""),
        (2.5, False, "recurrent appearances only"),
        (3.5, False, "input appearances only"),
        (4, False, "step 2's two appearances"),
        (2, False, "J = h_2 itself"),
        (7, False, "four times"),
        (True, False, "give a number"),
        ([6], False, "give a number"),
        (..., False, "not answered"),
    ],
)
def test_tied_weight(answer, ok, needle):
    verdict = ex.check_tied_weight(answer)
    assert bool(verdict) == ok and needle in repr(verdict), repr(verdict)


def test_the_tied_weight_answer_is_a_finite_difference():
    def J(w, h0=1.0, xs=(3.0, 2.0)):
        h = h0
        for x in xs:
            h = w * h + w * x
        return h

    eps = 1e-6
    assert abs((J(0.5 + eps) - J(0.5 - eps)) / (2 * eps) - 6) < 1e-8
