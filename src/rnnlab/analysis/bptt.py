"""Backpropagation through time, taken apart: gradient checks and per-appearance contributions.

The lecture: the gradient of a repeated weight is the sum of the gradients with respect to each
time it appears,

    ∂J^(t)/∂W_hh = Σ_{i<=t} ∂J^(t)/∂W_hh |_(i),

where |_(i) means "through the copy of W_hh used at step i" (the one that maps h_{i-1} to h_i).
Here the loss is the mean J = (1/T) Σ_t J^(t) of
:func:`rnnlab.scratch.rnn.rnn_loss_and_grads`, and a
*contribution* C[t, i] is the part of ∂J/∂W_hh that flows from loss term t back to appearance i.
Steps are 0-based in code: appearance i computes hs[i] from hs[i-1] (or h0 for i = 0); the
distance of a contribution is d = t - i.

Shapes: T time, B batch, D input, H hidden, V vocab; xs (T, B, D), targets (T, B).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rnnlab._validate import as_array, check_int
from rnnlab.scratch.rnn import RNN_KEYS, rnn_forward, rnn_step_backward, softmax

__all__ = [
    "appearance_contributions",
    "appearance_contributions_torch",
    "pair_contributions",
    "loss_term_contributions",
    "backprop_norms",
    "mean_by_distance",
    "truncated_gradient",
    "truncation_profile",
]


def _forward_for_backprop(params, xs, targets, h0):
    """Run the forward pass; return (h_prev (T, B, H), hs (T, B, H), ds (T, B, V)): ds = dJ/ds_t."""
    hs, logits = rnn_forward(params, xs, h0)  # validates params, xs and h0
    T, B, H = hs.shape
    targets = np.asarray(targets)
    if targets.shape != (T, B) or not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must be integer ids (T, B) = ({T}, {B}), got {targets.shape}")
    V = logits.shape[2]
    if targets.min() < 0 or targets.max() >= V:
        raise ValueError(f"targets must be ids in [0, {V}), got {targets.min()}..{targets.max()}")
    h_init = np.zeros((B, H)) if h0 is None else np.asarray(h0, dtype=np.float64)
    h_prev = np.concatenate([h_init[None], hs[:-1]])  # h_prev[i] is what appearance i reads
    ds = softmax(logits)
    t_idx, b_idx = np.indices((T, B))
    ds[t_idx, b_idx, targets] -= 1.0
    ds /= T * B  # the mean over time and batch
    return h_prev, hs, ds


def appearance_contributions(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
) -> np.ndarray:
    """∂J/∂W_hh |_(i) for every appearance i: (T, H, H); their sum over i is grads['W_hh'].

    One backward pass: the error arriving at step i, through tanh, times h_{i-1}^T.
    """
    h_prev, hs, ds = _forward_for_backprop(params, xs, targets, h0)
    T, B, H = hs.shape
    W_hh = np.asarray(params["W_hh"], dtype=np.float64)
    dhs = ds @ np.asarray(params["W_hy"], dtype=np.float64)  # (T, B, H)
    out = np.empty((T, H, H))
    dh_next = np.zeros((B, H))
    for i in reversed(range(T)):
        da, dh_next = rnn_step_backward(dhs[i] + dh_next, hs[i], W_hh)  # (B, H) each
        out[i] = da.T @ h_prev[i]
    return out


def appearance_contributions_torch(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
) -> np.ndarray:
    """The same (T, H, H) contributions from torch autograd, by giving each step its own copy.

    Every step uses a separate leaf tensor W_i equal to W_hh; autograd's ∂J/∂W_i is then exactly
    the contribution of appearance i, and the copies' gradients sum to ∂J/∂W_hh.
    """
    import torch

    hs, _ = rnn_forward(params, xs, h0)  # validates the inputs
    T, B, H = hs.shape
    p = {k: torch.tensor(np.asarray(params[k], dtype=np.float64)) for k in RNN_KEYS}
    copies = [p["W_hh"].clone().requires_grad_(True) for _ in range(T)]
    h = torch.zeros(B, H, dtype=torch.float64) if h0 is None else torch.tensor(h0)
    logits = []
    for t in range(T):
        h = torch.tanh(h @ copies[t].T + torch.from_numpy(xs[t]) @ p["W_xh"].T + p["b_h"])
        logits.append(h @ p["W_hy"].T + p["b_y"])
    loss = torch.nn.functional.cross_entropy(
        torch.cat(logits), torch.from_numpy(np.asarray(targets)).reshape(-1)
    )
    loss.backward()
    return np.stack([c.grad.numpy() for c in copies])


def _pairwise_backward(params, xs, targets, h0, visit) -> None:
    """For each loss term t, backpropagate alone to every appearance i <= t: visit(t, i, da, dh).

    da (B, H) is the error at the pre-activation of step i, dh (B, H) the error at h_i.
    """
    h_prev, hs, ds = _forward_for_backprop(params, xs, targets, h0)
    W_hh = np.asarray(params["W_hh"], dtype=np.float64)
    dhs = ds @ np.asarray(params["W_hy"], dtype=np.float64)
    for t in range(hs.shape[0]):
        for i, da, dh, h_prev_i in _walk_back(dhs[t], t, hs, h_prev, W_hh):
            visit(t, i, da, dh, h_prev_i)


def _walk_back(dh, t, hs, h_prev, W_hh):
    """One loss term's error going back from step t: yield (i, da, dh, h_prev[i]), i = t..0."""
    for i in range(t, -1, -1):
        da, dh_next = rnn_step_backward(dh, hs[i], W_hh)
        yield i, da, dh, h_prev[i]
        dh = dh_next


def pair_contributions(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
) -> np.ndarray:
    """C[t, i]: the part of ∂J/∂W_hh from loss term t through appearance i, (T, T, H, H).

    Zero for i > t (a loss cannot depend on a later step). Summing over t gives
    :func:`appearance_contributions`; summing over both gives grads['W_hh']. Memory is
    T^2 H^2 floats: keep T and H small, or use :func:`backprop_norms`.
    """
    T = np.shape(xs)[0]
    H = np.shape(params["W_hh"])[0]
    C = np.zeros((T, T, H, H))

    def visit(t, i, da, dh, h_prev_i):
        C[t, i] = da.T @ h_prev_i

    _pairwise_backward(params, xs, targets, h0, visit)
    return C


def loss_term_contributions(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    t: int,
    h0: np.ndarray | None = None,
) -> np.ndarray:
    """The lecture's ∂J^(t)/∂W_hh |_(i) for one loss term t and every appearance i <= t.

    Returns (t + 1, H, H), in units of the mean loss J (row i equals C[t, i] of
    :func:`pair_contributions`), computed with one backward pass of t + 1 steps.
    """
    h_prev, hs, ds = _forward_for_backprop(params, xs, targets, h0)
    T = hs.shape[0]
    if not isinstance(t, int | np.integer) or not 0 <= t < T:
        raise ValueError(f"t must be an int step in [0, {T}), got {t!r}")
    W_hh = np.asarray(params["W_hh"], dtype=np.float64)
    dh = ds[t] @ np.asarray(params["W_hy"], dtype=np.float64)
    out = np.empty((t + 1, *W_hh.shape))
    for i, da, _, h_prev_i in _walk_back(dh, t, hs, h_prev, W_hh):
        out[i] = da.T @ h_prev_i
    return out


def backprop_norms(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Norms of what each loss term t sends back to each earlier step i, without storing it.

    Returns {'contribution': (T, T) Frobenius norms of C[t, i], 'state': (T, T) norms of
    ∂J/∂h_i through loss term t alone}; entries with i > t are nan.
    """
    T = np.shape(xs)[0]
    out = {"contribution": np.full((T, T), np.nan), "state": np.full((T, T), np.nan)}

    def visit(t, i, da, dh, h_prev_i):
        out["contribution"][t, i] = np.linalg.norm(da.T @ h_prev_i)
        out["state"][t, i] = np.linalg.norm(dh)

    _pairwise_backward(params, xs, targets, h0, visit)
    return out


def mean_by_distance(M: object) -> np.ndarray:
    """The mean of M[t, t - d] over t, for each distance d = 0..T-1: (T, T) -> (T,).

    Works on the norms of :func:`backprop_norms` (nan above the diagonal is ignored).
    """
    M = as_array(M, "M", dtype=np.float64)
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"M must be a square (T, T) array, got shape {M.shape}")
    T = M.shape[0]
    return np.array([np.diagonal(M, offset=-d).mean() for d in range(T)])


def truncated_gradient(C: object, k: int, mode: str = "window") -> np.ndarray:
    """The W_hh gradient that truncated BPTT with k steps computes, from C (T, T, H, H).

    mode 'window': every loss term t backpropagates through its last k steps (t - i < k).
    mode 'chunks': the sequence is cut into chunks of k steps and the hidden state is carried but
    detached between chunks, as training loops over windows do; only pairs inside one chunk
    count. Returns (H, H).
    """
    C = as_array(C, "C", dtype=np.float64)
    if C.ndim != 4 or C.shape[0] != C.shape[1]:
        raise ValueError(f"C must be (T, T, H, H) from pair_contributions, got {C.shape}")
    check_int(k, "k")
    T = C.shape[0]
    t, i = np.indices((T, T))
    if mode == "window":
        keep = (i <= t) & (t - i < k)
    elif mode == "chunks":
        keep = (i <= t) & (t // k == i // k)
    else:
        raise ValueError(f"mode must be 'window' or 'chunks', got {mode!r}")
    return np.einsum("ti,tijk->jk", keep.astype(np.float64), C)


def truncation_profile(C: object, ks: object, mode: str = "window") -> dict[str, np.ndarray]:
    """How much of the full W_hh gradient truncated BPTT keeps, for each window length k.

    C (T, T, H, H) from :func:`pair_contributions`; ks: window lengths. Returns {'k': (K,),
    'relative_error': ‖g_k - g‖ / ‖g‖, 'cosine': cos(g_k, g)}, g the full gradient.
    """
    C = as_array(C, "C", dtype=np.float64)
    full = C.sum(axis=(0, 1))
    ks = [int(k) for k in np.atleast_1d(ks)]
    norm = np.linalg.norm(full)
    rel, cos = [], []
    for k in ks:
        g = truncated_gradient(C, k, mode)
        rel.append(np.linalg.norm(g - full) / norm if norm else 0.0)
        denom = np.linalg.norm(g) * norm
        cos.append(float(np.sum(g * full) / denom) if denom else 1.0)
    return {"k": np.array(ks), "relative_error": np.array(rel), "cosine": np.array(cos)}
