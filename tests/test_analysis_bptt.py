"""BPTT taken apart: contributions sum to the gradient, match autograd, pass a gradient check."""

import numpy as np
import pytest

from rnnlab.analysis.bptt import (
    appearance_contributions,
    appearance_contributions_torch,
    backprop_norms,
    loss_term_contributions,
    mean_by_distance,
    pair_contributions,
    truncated_gradient,
    truncation_profile,
)
from rnnlab.analysis.gradcheck import (
    gradient_check,
    numerical_gradient,
    relative_error,
    rnn_gradient_check,
)
from rnnlab.scratch.rnn import init_rnn_params, rnn_loss_and_grads


def problem(T=6, B=2, D=3, H=4, V=3, seed=0, with_h0=False):
    rng = np.random.default_rng(seed)
    params = init_rnn_params(D, H, V, rng=rng)
    xs = rng.normal(size=(T, B, D))
    targets = rng.integers(0, V, size=(T, B))
    h0 = rng.normal(size=(B, H)) if with_h0 else None
    return params, xs, targets, h0


@pytest.mark.parametrize("with_h0", [False, True])
def test_appearance_contributions_sum_to_the_bptt_gradient(with_h0):
    params, xs, targets, h0 = problem(with_h0=with_h0)
    contributions = appearance_contributions(params, xs, targets, h0)
    _, grads, _ = rnn_loss_and_grads(params, xs, targets, h0)
    assert contributions.shape == (6, 4, 4)
    np.testing.assert_allclose(contributions.sum(axis=0), grads["W_hh"], atol=1e-15)


@pytest.mark.parametrize("with_h0", [False, True])
def test_contributions_equal_autograd_with_one_copy_per_step(with_h0):
    params, xs, targets, h0 = problem(with_h0=with_h0)
    ours = appearance_contributions(params, xs, targets, h0)
    torch_ = appearance_contributions_torch(params, xs, targets, h0)
    np.testing.assert_allclose(ours, torch_, atol=1e-12)


def test_pair_contributions_sum_both_ways():
    params, xs, targets, h0 = problem(T=5)
    C = pair_contributions(params, xs, targets, h0)
    t, i = np.indices((5, 5))
    assert np.all(C[i > t] == 0)  # no loss depends on a later step
    np.testing.assert_allclose(
        C.sum(axis=0), appearance_contributions(params, xs, targets), 0, 1e-15
    )
    norms = backprop_norms(params, xs, targets, h0)
    np.testing.assert_allclose(
        norms["contribution"][i <= t], np.linalg.norm(C, axis=(2, 3))[i <= t], rtol=1e-12
    )
    assert np.isnan(norms["state"][0, 1]) and norms["state"][1, 0] > 0
    by_d = mean_by_distance(norms["contribution"])
    assert by_d.shape == (5,)
    assert by_d[4] == pytest.approx(norms["contribution"][4, 0])


def test_one_loss_term_is_one_row_of_the_pairs():
    params, xs, targets, h0 = problem(T=5, with_h0=True)
    C = pair_contributions(params, xs, targets, h0)
    for t in (0, 3, 4):
        np.testing.assert_allclose(
            loss_term_contributions(params, xs, targets, t, h0), C[t, : t + 1]
        )
    with pytest.raises(ValueError, match=r"t must be an int step in \[0, 5\), got 5"):
        loss_term_contributions(params, xs, targets, 5)


def test_truncation_keeps_everything_with_a_full_window():
    params, xs, targets, h0 = problem(T=6)
    C = pair_contributions(params, xs, targets, h0)
    full = rnn_loss_and_grads(params, xs, targets)[1]["W_hh"]
    np.testing.assert_allclose(truncated_gradient(C, 6), full, atol=1e-15)
    np.testing.assert_allclose(truncated_gradient(C, 6, "chunks"), full, atol=1e-15)
    np.testing.assert_allclose(truncated_gradient(C, 1), np.einsum("ttjk->jk", C), atol=1e-15)
    profile = truncation_profile(C, [1, 2, 6])
    assert profile["relative_error"][-1] == pytest.approx(0, abs=1e-12)
    assert profile["cosine"][-1] == pytest.approx(1)


def test_chunked_truncation_is_bptt_on_detached_windows():
    params, xs, targets, _ = problem(T=6)
    C = pair_contributions(params, xs, targets)
    k = 3
    total = np.zeros((4, 4))
    h = None
    for start in range(0, 6, k):  # what a training loop over windows computes
        _, g, h = rnn_loss_and_grads(params, xs[start : start + k], targets[start : start + k], h)
        total += g["W_hh"] * k / 6  # each window's loss is a mean over its k steps
    np.testing.assert_allclose(truncated_gradient(C, k, "chunks"), total, atol=1e-15)


def test_gradient_check_passes_and_catches_a_wrong_gradient():
    params, xs, targets, h0 = problem(T=4, with_h0=True)
    errors = rnn_gradient_check(params, xs, targets, h0)
    assert set(errors) == set(params)
    assert max(errors.values()) < 1e-7
    _, grads, _ = rnn_loss_and_grads(params, xs, targets, h0)
    wrong = {**grads, "W_hh": appearance_contributions(params, xs, targets, h0)[-1]}  # last only
    bad = rnn_gradient_check(params, xs, targets, h0, grads=wrong)
    assert bad["W_hh"] > 1e-2 and bad["W_xh"] < 1e-7


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * x**2, rtol=1e-9)
    assert x[0, 0] == 1.0  # untouched
    errors = gradient_check(lambda p: float(np.sum(p["a"] ** 2)), {"a": x}, {"a": 2 * x})
    assert errors["a"] < 1e-9


def test_relative_error():
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert relative_error([1.0], [-1.0]) == pytest.approx(2.0)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: relative_error([1.0], [1.0, 2.0]), "analytic and numeric must have the same"),
        (lambda: numerical_gradient(3, [1.0]), "f must be callable"),
        (lambda: numerical_gradient(sum, [1.0], eps=0), "eps must be a positive"),
        (lambda: truncated_gradient(np.zeros((2, 2, 3, 3)), 0), "k must be an int >= 1"),
        (lambda: truncated_gradient(np.zeros((2, 2, 3, 3)), 1, "x"), "mode must be 'window'"),
        (lambda: truncated_gradient(np.zeros((2, 3)), 1), r"C must be \(T, T, H, H\)"),
        (lambda: mean_by_distance(np.zeros((2, 3))), r"M must be a square \(T, T\)"),
        (
            lambda: gradient_check(lambda p: 0.0, {"a": np.zeros(2)}, {"a": np.zeros(3)}),
            r"grads\['a'\] must have shape \(2,\)",
        ),
        (
            lambda: appearance_contributions(*problem()[:2], np.zeros((6, 2))),
            "targets must be integer ids",
        ),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
