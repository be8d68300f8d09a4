"""Spectral helpers: exact powers for symmetric W, Jacobian products, singular-value bounds."""

import numpy as np
import pytest

from rnnlab.analysis.spectral import (
    eigen_coordinates,
    linear_jacobian_products,
    linear_rollout,
    matrix_with_eigenvalues,
    nonnormal_with_eigenvalues,
    random_orthogonal,
    singular_value_bound,
    spectral_norms,
    spectral_radius,
    symmetric_with_spectral_radius,
    tanh_jacobian_products,
    tanh_rollout,
)


def rng(seed=0):
    return np.random.default_rng(seed)


def test_random_orthogonal():
    Q = random_orthogonal(6, rng=rng())
    np.testing.assert_allclose(Q @ Q.T, np.eye(6), atol=1e-12)


def test_matrix_has_the_given_eigenvalues_and_is_symmetric():
    lam = np.array([0.5, -0.9, 1.1, 0.0])
    W, Q = matrix_with_eigenvalues(lam, rng=rng())
    np.testing.assert_allclose(W, W.T, atol=1e-14)
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(W)), np.sort(lam), atol=1e-12)
    np.testing.assert_allclose(W.T @ Q[2], 1.1 * Q[2], atol=1e-12)  # row i: eigenvector i


@pytest.mark.parametrize("steps", [0, 1, 30])
def test_rollout_reproduces_lambda_power_t_in_each_direction(steps):
    lam = np.array([0.0, 0.5, 0.9, 1.0, 1.2])
    W, Q = matrix_with_eigenvalues(lam, rng=rng(1))
    h0 = Q.T @ np.ones(5)  # one unit along every eigen-direction
    coords = eigen_coordinates(Q, linear_rollout(W, h0, steps))
    t = np.arange(steps + 1)[:, None]
    np.testing.assert_allclose(coords, lam[None, :] ** t, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("rho, expected", [(0.9, 0.0052), (1.0, 1.0), (1.1, 117.4)])
def test_reference_numbers_of_the_issue(rho, expected):
    W, v = symmetric_with_spectral_radius(100, rho, rng=rng())
    assert spectral_radius(W) == pytest.approx(rho)
    hs = linear_rollout(W, v, 50)
    ratio = np.linalg.norm(hs[50]) / np.linalg.norm(hs[0])
    assert ratio == pytest.approx(rho**50, rel=1e-9)
    assert ratio == pytest.approx(expected, rel=1e-2)  # the issue rounds to 2-3 digits


def test_linear_jacobians_are_matrix_powers():
    W, _ = matrix_with_eigenvalues([0.5, 0.8, 1.3], rng=rng())
    J = linear_jacobian_products(W, 6)
    np.testing.assert_allclose(J[6], np.eye(3))
    np.testing.assert_allclose(J[0], np.linalg.matrix_power(W.T, 6), atol=1e-12)
    np.testing.assert_allclose(spectral_norms(J), 1.3 ** np.arange(6, -1, -1), rtol=1e-10)


def test_tanh_jacobians_match_finite_differences():
    r = rng(2)
    W = r.normal(size=(4, 4))
    us = r.normal(size=(5, 4))
    h0 = r.normal(size=4)
    hs = tanh_rollout(W, h0, 5, us)
    J = tanh_jacobian_products(W, hs)
    eps = 1e-6
    numeric = np.empty((4, 4))
    for k in range(4):
        e = np.zeros(4)
        e[k] = eps
        plus = tanh_rollout(W, h0 + e, 5, us)[-1]
        minus = tanh_rollout(W, h0 - e, 5, us)[-1]
        numeric[:, k] = (plus - minus) / (2 * eps)
    np.testing.assert_allclose(J[0], numeric, atol=1e-8)


def test_tanh_gradient_is_bounded_by_the_largest_singular_value():
    W, _ = matrix_with_eigenvalues([0.7, -0.95, 0.9], rng=rng())
    hs = tanh_rollout(W, np.ones(3), 20, rng(3).normal(size=(20, 3)))
    norms = spectral_norms(tanh_jacobian_products(W, hs))
    bound = singular_value_bound(W, np.arange(20, -1, -1), "tanh")
    assert np.all(norms <= bound * (1 + 1e-12))
    assert singular_value_bound(W, [2], "sigmoid")[0] == pytest.approx((0.95 / 4) ** 2)


def test_nonnormal_matrix_keeps_eigenvalues_but_grows_first():
    W = nonnormal_with_eigenvalues([0.9, 0.9, 0.9], coupling=2.0, rng=rng())
    assert spectral_radius(W) == pytest.approx(0.9, abs=1e-4)
    norms = spectral_norms(linear_jacobian_products(W, 40))[::-1]  # by distance 0..40
    assert norms.max() > 3 and norms[-1] < norms.max() / 2


def test_overflow_and_underflow_are_values_not_errors():
    W, Q = matrix_with_eigenvalues([0.0, 2.0], rng=rng())
    hs = linear_rollout(W, Q.T @ np.ones(2), 1100)
    assert np.isinf(hs[-1]).any() or np.isnan(hs[-1]).any()
    assert np.isinf(spectral_norms(linear_jacobian_products(W, 1100))[0])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: matrix_with_eigenvalues([1.0, 2.0]), "give rng"),
        (lambda: matrix_with_eigenvalues([[1.0]], rng=rng()), "eigenvalues must be a vector"),
        (lambda: linear_rollout(np.eye(3), np.ones(2), 3), r"h0 must be a vector \(H,\) = \(3,\)"),
        (lambda: linear_rollout(np.ones((2, 3)), np.ones(2), 3), "W must be a non-empty square"),
        (lambda: linear_rollout(np.eye(2), np.ones(2), -1), "steps must be an int >= 0"),
        (lambda: symmetric_with_spectral_radius(5, -1, rng=rng()), "rho must be"),
        (lambda: singular_value_bound(np.eye(2), [1], "relu"), "nonlinearity must be one of"),
        (lambda: random_orthogonal(3, rng=0), "rng must be a numpy Generator"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
