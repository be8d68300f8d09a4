"""Notebook 02's checkers: rnn_step (code) and three numbers."""

import numpy as np
import pytest

from rnnlab.exercises import rnn_formula as ex


def test_a_correct_rnn_step_written_differently_passes():
    def rnn_step(params, x_t, h_prev):
        a = np.einsum("hd,bd->bh", params["W_xh"], x_t) + np.einsum(
            "hk,bk->bh", params["W_hh"], h_prev
        )
        return np.tanh(a + params["b_h"][None, :])

    assert ex.check_rnn_step(rnn_step)


def T(w):
    return w.T


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p, x, h: np.tanh(h @ p["W_hh"] + x @ p["W_xh"] + p["b_h"]), "W is (out, in)"),
        (lambda p, x, h: np.tanh(h @ T(p["W_hh"]) + x @ p["W_xh"] + p["b_h"]), "x_t @ W_xh.T"),
        (lambda p, x, h: np.tanh(h @ p["W_hh"] + x @ T(p["W_xh"]) + p["b_h"]), "h_prev @ W_hh.T"),
        (lambda p, x, h: np.tanh(h @ T(p["W_hh"]) + x @ T(p["W_xh"])), "add the bias b_h"),
        (lambda p, x, h: h @ T(p["W_hh"]) + x @ T(p["W_xh"]) + p["b_h"], "apply tanh"),
        (lambda p, x, h: np.tanh(h @ T(p["W_hh"]) + x @ T(p["W_xh"])) + p["b_h"], "inside"),
        (lambda p, x, h: np.tanh(x @ T(p["W_xh"]) + p["b_h"]), "add W_hh h_prev"),
        (lambda p, x, h: np.tanh(h @ T(p["W_xh"]) + x @ T(p["W_hh"]) + p["b_h"]), "other way"),
    ],
)
def test_each_typical_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_rnn_step(wrong)
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_a_transposed_matrix_that_crashes_on_a_rectangular_case_still_gets_the_hint():
    wrong = lambda p, x, h: np.tanh(h @ T(p["W_hh"]) + x @ p["W_xh"] + p["b_h"])  # noqa: E731
    text = repr(ex.check_rnn_step(wrong))
    assert "raised ValueError" in text and "x_t @ W_xh.T" in text, text


def test_h2():
    W_xh, W_hh = np.array([[1.0, 0], [0, 2]]), np.array([[0.5, -1], [0, 0.5]])
    h1 = np.tanh(W_xh @ [1.0, 0])
    a2 = W_hh @ h1 + W_xh @ [0.0, 1]
    assert ex.check_h2(np.tanh(a2)) and ex.check_h2(list(np.round(np.tanh(a2), 3)))
    assert "apply tanh" in repr(ex.check_h2(a2))
    assert "that is h_1" in repr(ex.check_h2(h1))
    assert "tanh of step 1" in repr(ex.check_h2(np.tanh(W_hh @ (W_xh @ [1.0, 0]) + W_xh @ [0, 1])))
    assert "two numbers" in repr(ex.check_h2(0.5)) and not ex.check_h2([True, False])


def test_whh_uses_and_param_count():
    assert ex.check_whh_uses(6) and ex.check_whh_uses(6.0)
    assert "h_0 too" in repr(ex.check_whh_uses(5)) and not ex.check_whh_uses(True)
    n = 50 * 27 + 50 * 50 + 50 + 27 * 50 + 27
    assert ex.check_param_count(n) and ex.check_param_count(np.int32(n))
    assert "two bias vectors" in repr(ex.check_param_count(n + 50))
    assert "biases" in repr(ex.check_param_count(n - 77))
    assert "T = 1000" in repr(ex.check_param_count(n * 1000))


def test_saturation_prediction_quotes_the_widget():
    from rnnlab.widgets.recurrence import compute_recurrence

    h = compute_recurrence("hello hello world", w_hh_scale=4.0)["states"]  # (T + 1, H)
    steps = np.linalg.norm(np.diff(h, axis=0), axis=1)  # the bars' title, t = 1..T
    text = repr(ex.check_saturation_prediction("b"))
    assert f"{(np.abs(h[1:]) > 0.9).mean():.0%}" in text
    assert f"averages {steps[1:].mean():.2f}" in text
    assert f"{steps[1:].min():.2f} (t = {int(np.argmin(steps[1:])) + 2})" in text
    h1 = compute_recurrence("hello hello world", w_hh_scale=1.0)["states"]
    assert f"{np.linalg.norm(np.diff(h1, axis=0), axis=1)[1:].mean():.2f} at × 1" in text


def test_saturation_prediction():
    assert ex.check_saturation_prediction("b") and ex.check_saturation_prediction("(B)")
    assert "not all the units" in repr(ex.check_saturation_prediction("a"))
    assert "cannot keep growing" in repr(ex.check_saturation_prediction("c"))
    for bad in ("d", "ab", 2, True, None, ...):
        verdict = ex.check_saturation_prediction(bad)
        assert not verdict and ("one letter" in repr(verdict) or "not answered" in repr(verdict))
    assert "not answered yet" in repr(ex.check_saturation_prediction(...))
