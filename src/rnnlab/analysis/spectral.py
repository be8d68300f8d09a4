"""Eigenvalues, powers and Jacobian products: why RNN states and gradients vanish or explode.

The lecture's linear RNN, h_t = W^T h_{t-1}, unrolls to h_t = (W^t)^T h_0. With
W = Q^T Λ Q (Q orthogonal, so W is symmetric), h_t = Q^T Λ^t Q h_0: in the coordinates Q h_t
each eigen-direction is multiplied by its own λ at every step, so |λ| < 1 vanishes and
|λ| > 1 explodes.

The backward pass multiplies by the same matrices: for the linear RNN ∂h_T/∂h_t = (W^T)^{T-t};
for the tanh RNN of :mod:`rnnlab.scratch.rnn` (h_t = tanh(W_hh h_{t-1} + ...)) each step
contributes diag(1 - h_s^2) W_hh, so ‖∂h_T/∂h_t‖ <= (γ σ_max(W_hh))^{T-t} with γ = 1 for tanh
and 1/4 for the sigmoid (Pascanu, Mikolov & Bengio, 2013).

Vectors here are single states (H,), not batches; float64 throughout. Overflow gives inf and
underflow gives 0, without warnings: both are results the notebooks want to show.
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import as_array, check_int, check_rank, check_rng

__all__ = [
    "random_orthogonal",
    "matrix_with_eigenvalues",
    "symmetric_with_spectral_radius",
    "nonnormal_with_eigenvalues",
    "spectral_radius",
    "linear_rollout",
    "eigen_coordinates",
    "tanh_rollout",
    "linear_jacobian_products",
    "tanh_jacobian_products",
    "spectral_norms",
    "singular_value_bound",
    "GAMMA",
]

GAMMA = {"tanh": 1.0, "sigmoid": 0.25}  # the largest slope of each nonlinearity


def _check_square(W: object, name: str = "W") -> np.ndarray:
    W = as_array(W, name, dtype=np.float64)
    check_rank(W, name, 2, "(H, H)")
    if W.shape[0] != W.shape[1] or W.shape[0] == 0:
        raise ValueError(f"{name} must be a non-empty square (H, H) matrix, got {W.shape}")
    return W


def _check_h0(h0: object, H: int) -> np.ndarray:
    h0 = as_array(h0, "h0", dtype=np.float64)
    if h0.shape != (H,):
        raise ValueError(f"h0 must be a vector (H,) = ({H},) to match W, got shape {h0.shape}")
    return h0


def random_orthogonal(n: int, *, rng: np.random.Generator) -> np.ndarray:
    """A random orthogonal matrix Q (n, n), Q^T Q = I, drawn uniformly (Haar measure)."""
    check_int(n, "n")
    A = check_rng(rng).normal(size=(int(n), int(n)))
    Q, R = np.linalg.qr(A)
    return Q * np.sign(np.diag(R))  # fix the signs so the distribution is uniform


def matrix_with_eigenvalues(
    eigenvalues: object, *, rng: np.random.Generator | None = None, Q: object = None
) -> tuple[np.ndarray, np.ndarray]:
    """W = Q^T diag(eigenvalues) Q for an orthogonal Q: a symmetric matrix with those eigenvalues.

    eigenvalues (H,) real. Give either `Q` (H, H) orthogonal or `rng` to draw one.
    Returns (W (H, H), Q (H, H)); row i of Q is the eigenvector of eigenvalue i.
    """
    lam = as_array(eigenvalues, "eigenvalues", dtype=np.float64)
    check_rank(lam, "eigenvalues", 1, "a vector (H,)")
    if lam.size == 0 or not np.all(np.isfinite(lam)):
        raise ValueError(f"eigenvalues must be finite and non-empty, got {lam}")
    H = lam.size
    if Q is None:
        if rng is None:
            raise ValueError("give rng (a numpy Generator) or Q (an orthogonal matrix)")
        Q = random_orthogonal(H, rng=rng)
    Q = _check_square(Q, "Q")
    if Q.shape != (H, H):
        raise ValueError(f"Q must be ({H}, {H}) to match eigenvalues, got {Q.shape}")
    if not np.allclose(Q @ Q.T, np.eye(H), atol=1e-10):
        raise ValueError("Q must be orthogonal (Q Q^T = I)")
    return Q.T @ (lam[:, None] * Q), Q


def spectral_radius(W: object) -> float:
    """The largest |eigenvalue| of a square matrix W."""
    return float(np.abs(np.linalg.eigvals(_check_square(W))).max())


def symmetric_with_spectral_radius(
    n: int, rho: float, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A random symmetric (n, n) matrix scaled to spectral radius `rho`, and its top eigenvector.

    The matrix is (A + A^T) / 2 for a Gaussian A, rescaled. Returns (W, v) with v (n,) a unit
    eigenvector whose eigenvalue is +rho, so that (W^T)^t v = rho^t v exactly.
    """
    check_int(n, "n")
    rho = float(rho)
    if not np.isfinite(rho) or rho < 0:
        raise ValueError(f"rho must be a finite number >= 0, got {rho!r}")
    A = check_rng(rng).normal(size=(int(n), int(n)))
    S = (A + A.T) / 2
    lam, vecs = np.linalg.eigh(S)
    top = int(np.argmax(np.abs(lam)))
    sign = np.sign(lam[top])  # make the top eigenvalue +rho, not -rho
    W = S * (sign * rho / abs(lam[top]))
    return W, vecs[:, top]


def nonnormal_with_eigenvalues(
    eigenvalues: object, coupling: float, *, rng: np.random.Generator
) -> np.ndarray:
    """A non-normal W = Q^T (Λ + N) Q: the eigenvalues of Λ, but coupled directions.

    N is `coupling` on the first superdiagonal (direction i feeds direction i+1), so the
    eigenvalues stay `eigenvalues` while the largest singular value grows with `coupling`:
    ‖h_t‖ can grow for a while before it decays, although every |λ| < 1.
    Returns W (H, H).
    """
    lam = as_array(eigenvalues, "eigenvalues", dtype=np.float64)
    check_rank(lam, "eigenvalues", 1, "a vector (H,)")
    if lam.size < 2:
        raise ValueError(f"eigenvalues must hold at least 2 values, got {lam.size}")
    coupling = float(coupling)
    if not np.isfinite(coupling):
        raise ValueError(f"coupling must be finite, got {coupling!r}")
    H = lam.size
    Q = random_orthogonal(H, rng=rng)
    core = np.diag(lam) + coupling * np.eye(H, k=1)
    return Q.T @ core @ Q


def linear_rollout(W: object, h0: object, steps: int) -> np.ndarray:
    """The lecture's linear RNN h_t = W^T h_{t-1}, for t = 1..steps.

    W (H, H), h0 (H,). Returns hs (steps + 1, H) with hs[0] = h0. To roll out
    h_t = W_hh h_{t-1} (the column-vector RNN of rnnlab.scratch) pass W = W_hh.T.
    """
    W = _check_square(W)
    h = _check_h0(h0, W.shape[0])
    steps = check_int(steps, "steps", minimum=0)
    hs = np.empty((steps + 1, W.shape[0]))
    hs[0] = h
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            hs[t] = W.T @ hs[t - 1]
    return hs


def eigen_coordinates(Q: object, hs: object) -> np.ndarray:
    """Coordinates of states in the eigenbasis: Q h_t for each row h_t of hs (N, H) -> (N, H).

    For W = Q^T Λ Q, column i of the result is λ_i^t (Q h_0)_i: one power per direction.
    """
    Q = _check_square(Q, "Q")
    hs = as_array(hs, "hs", dtype=np.float64)
    check_rank(hs, "hs", 2, "(N, H)")
    if hs.shape[1] != Q.shape[0]:
        raise ValueError(f"hs must be (N, {Q.shape[0]}) to match Q, got {hs.shape}")
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return hs @ Q.T


def tanh_rollout(W_hh: object, h0: object, steps: int, inputs: object = None) -> np.ndarray:
    """The tanh RNN h_t = tanh(W_hh h_{t-1} + u_t) for t = 1..steps.

    W_hh (H, H), h0 (H,), inputs (steps, H) or None for zero input (u_t = W_xh x_t + b_h).
    Returns hs (steps + 1, H) with hs[0] = h0.
    """
    W_hh = _check_square(W_hh, "W_hh")
    H = W_hh.shape[0]
    h = _check_h0(h0, H)
    steps = check_int(steps, "steps", minimum=0)
    if inputs is None:
        us = np.zeros((steps, H))
    else:
        us = as_array(inputs, "inputs", dtype=np.float64)
        if us.shape != (steps, H):
            raise ValueError(f"inputs must be (steps, H) = ({steps}, {H}), got {us.shape}")
    hs = np.empty((steps + 1, H))
    hs[0] = h
    for t in range(1, steps + 1):
        hs[t] = np.tanh(W_hh @ hs[t - 1] + us[t - 1])
    return hs


def linear_jacobian_products(W: object, steps: int) -> np.ndarray:
    """∂h_T/∂h_t of the linear RNN h_t = W^T h_{t-1}, for t = 0..T with T = steps.

    Returns J (steps + 1, H, H) with J[t] = (W^T)^{T-t}; J[T] = I. The state does not enter:
    in a linear RNN the backward pass is the same matrix power as the forward pass.
    """
    W = _check_square(W)
    steps = check_int(steps, "steps", minimum=0)
    H = W.shape[0]
    J = np.empty((steps + 1, H, H))
    J[steps] = np.eye(H)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for t in range(steps - 1, -1, -1):
            J[t] = J[t + 1] @ W.T  # ∂h_T/∂h_t = ∂h_T/∂h_{t+1} ∂h_{t+1}/∂h_t
    return J


def tanh_jacobian_products(W_hh: object, hs: object) -> np.ndarray:
    """∂h_T/∂h_t along a tanh roll-out hs (T + 1, H) of h_t = tanh(W_hh h_{t-1} + u_t).

    One step's Jacobian is ∂h_s/∂h_{s-1} = diag(1 - h_s^2) W_hh; saturated units (|h| near 1)
    pass almost nothing back. Returns J (T + 1, H, H) with J[T] = I.
    """
    W_hh = _check_square(W_hh, "W_hh")
    hs = as_array(hs, "hs", dtype=np.float64)
    H = W_hh.shape[0]
    if hs.ndim != 2 or hs.shape[1] != H or hs.shape[0] < 1:
        raise ValueError(f"hs must be (T + 1, {H}) to match W_hh, got {hs.shape}")
    T = hs.shape[0] - 1
    J = np.empty((T + 1, H, H))
    J[T] = np.eye(H)
    with np.errstate(under="ignore"):
        for t in range(T - 1, -1, -1):
            step = (1.0 - hs[t + 1] ** 2)[:, None] * W_hh  # ∂h_{t+1}/∂h_t, (H, H)
            J[t] = J[t + 1] @ step
    return J


def spectral_norms(J: object) -> np.ndarray:
    """The spectral norm (largest singular value) of each matrix of J (N, H, H) -> (N,).

    Matrices holding inf or nan get inf (an overflowed product), not an error.
    """
    J = as_array(J, "J", dtype=np.float64)
    check_rank(J, "J", 3, "(N, H, H)")
    out = np.full(J.shape[0], np.inf)
    ok = np.all(np.isfinite(J), axis=(1, 2))
    if ok.any():
        out[ok] = np.linalg.norm(J[ok], ord=2, axis=(1, 2))
    return out


def singular_value_bound(W: object, distances: object, nonlinearity: str = "tanh") -> np.ndarray:
    """The upper bound (γ σ_max(W))^d on ‖∂h_T/∂h_{T-d}‖ for each distance d.

    W (H, H); distances (N,) non-negative ints; nonlinearity 'tanh' (γ = 1), 'sigmoid' (γ = 1/4)
    or 'linear' (γ = 1). If γ σ_max < 1 the gradient must vanish, whatever the states are.
    """
    W = _check_square(W)
    if nonlinearity not in (*GAMMA, "linear"):
        raise ValueError(f"nonlinearity must be one of {[*GAMMA, 'linear']}, got {nonlinearity!r}")
    gamma = GAMMA.get(nonlinearity, 1.0)
    d = as_array(distances, "distances", dtype=np.float64)
    if np.any(d < 0):
        raise ValueError(f"distances must be >= 0, got {d.min()}")
    sigma = float(np.linalg.norm(W, ord=2))
    with np.errstate(over="ignore", under="ignore"):
        return (gamma * sigma) ** d
