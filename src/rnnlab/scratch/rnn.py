"""The vanilla RNN in numpy, in the lecture's notation.

    h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h)
    s_t = W_hy h_t + b_y          the logits (scores); y^_t = softmax(s_t) predicts the target y_t

Shapes use fixed letters: T time, B batch, D input, H hidden, V output (vocab).
Sequences are time-major, ``xs`` (T, B, D), so ``xs[t]`` is x_t for the whole batch.
Matrices are (out, in), as in torch. Everything is float64.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rnnlab._validate import (
    as_array,
    check_dim,
    check_int,
    check_keys,
    check_rank,
    check_rng,
    check_sequence,
)

__all__ = [
    "RNN_KEYS",
    "init_rnn_params",
    "rnn_step",
    "rnn_forward",
    "rnn_loss_and_grads",
    "rnn_step_backward",
    "softmax",
    "rnn_dims",
]

RNN_KEYS = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")
Params = dict[str, np.ndarray]


def init_rnn_params(
    input_size: int, hidden_size: int, output_size: int, *, rng: np.random.Generator
) -> Params:
    """Initialise RNN parameters uniformly in [-1/sqrt(H), 1/sqrt(H)], as torch.nn.RNN does.

    Returns a dict with W_xh (H, D), W_hh (H, H), b_h (H,), W_hy (V, H), b_y (V,).
    """
    for name, size in [
        ("input_size", input_size),
        ("hidden_size", hidden_size),
        ("output_size", output_size),
    ]:
        check_int(size, name)
    check_rng(rng)
    D, H, V = int(input_size), int(hidden_size), int(output_size)
    k = 1.0 / np.sqrt(H)
    shapes = {"W_xh": (H, D), "W_hh": (H, H), "b_h": (H,), "W_hy": (V, H), "b_y": (V,)}
    return {name: rng.uniform(-k, k, size=shape) for name, shape in shapes.items()}


def rnn_dims(params: Mapping[str, np.ndarray]) -> tuple[int, int, int]:
    """Validate the parameter shapes against each other; return (D, H, V)."""
    check_keys(params, RNN_KEYS)
    W_xh = np.asarray(params["W_xh"])
    check_rank(W_xh, "params['W_xh']", 2, "(H, D)")
    H, D = W_xh.shape
    expected = {"W_hh": (H, H), "b_h": (H,)}
    W_hy = np.asarray(params["W_hy"])
    check_rank(W_hy, "params['W_hy']", 2, "(V, H)")
    V = W_hy.shape[0]
    expected.update({"W_hy": (V, H), "b_y": (V,)})
    for key, shape in expected.items():
        actual = np.shape(params[key])
        if actual != shape:
            raise ValueError(
                f"params['{key}'] must have shape {shape} to match W_xh {W_xh.shape}"
                f" and W_hy {W_hy.shape}, got {actual}"
            )
    return D, H, V


def _check_h(h: object, name: str, B: int, H: int) -> np.ndarray:
    h = as_array(h, name, dtype=np.float64)
    if h.shape != (B, H):
        raise ValueError(f"{name} must be (B, H) = ({B}, {H}), got shape {h.shape}")
    return h


def rnn_step(params: Mapping[str, np.ndarray], x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """One application of the recurrence: h_t = tanh(W_hh h_prev + W_xh x_t + b_h).

    x_t (B, D), h_prev (B, H) -> h_t (B, H).
    """
    D, H, _ = rnn_dims(params)
    x_t = as_array(x_t, "x_t", dtype=np.float64)
    check_rank(x_t, "x_t", 2, "(B, D)")
    check_dim(x_t, "x_t", 1, D, "(D, to match params['W_xh'])")
    h_prev = _check_h(h_prev, "h_prev", x_t.shape[0], H)
    return _step(params, x_t, h_prev)


def _step(params: Mapping[str, np.ndarray], x_t: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    return np.tanh(h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"])


def rnn_forward(
    params: Mapping[str, np.ndarray], xs: np.ndarray, h0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Run the RNN over a sequence batch.

    xs (T, B, D), h0 (B, H) or None for zeros -> hs (T, B, H) holding h_1..h_T and
    logits (T, B, V) holding the scores s_1..s_T.
    """
    D, H, _ = rnn_dims(params)
    xs = check_sequence(xs, D, "W_xh")
    T, B, _ = xs.shape
    h = np.zeros((B, H)) if h0 is None else _check_h(h0, "h0", B, H)
    hs = np.empty((T, B, H))
    for t in range(T):
        h = _step(params, xs[t], h)  # the same weights at every step
        hs[t] = h
    logits = hs @ params["W_hy"].T + params["b_y"]  # (T, B, V): s_t for every t
    return hs, logits


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along `axis`."""
    z = logits - logits.max(axis=axis, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def rnn_step_backward(
    dh: np.ndarray, h_t: np.ndarray, W_hh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Back through one step h_t = tanh(a_t), a_t = W_hh h_{t-1} + W_xh x_t + b_h.

    dh (B, H) is dJ/dh_t, h_t (B, H) the state the step produced, W_hh (H, H).
    Returns (da, dh_prev): da (B, H) = dJ/da_t (through tanh, whose slope is 1 - h_t^2) and
    dh_prev (B, H) = the part of dJ/dh_{t-1} that flows through this step. Every backward pass
    of the package (BPTT, its contributions, its truncations) is a loop over this function.
    """
    da = dh * (1.0 - h_t**2)
    return da, da @ W_hh


def _check_targets(targets: object, T: int, B: int, V: int) -> np.ndarray:
    targets = np.asarray(targets)
    if targets.shape != (T, B):
        raise ValueError(f"targets must be (T, B) = ({T}, {B}) to match xs, got {targets.shape}")
    if not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"targets must hold integer ids, got dtype {targets.dtype}")
    bad = targets[(targets < 0) | (targets >= V)]
    if bad.size:
        raise ValueError(
            f"targets must be ids in [0, {V}) (V from params['W_hy']), got {int(bad.flat[0])}"
        )
    return targets


def rnn_loss_and_grads(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
) -> tuple[float, Params, np.ndarray]:
    """Mean cross-entropy of softmax(s_t) against `targets`, and its gradients by BPTT.

    xs (T, B, D), targets (T, B) integer ids in [0, V), h0 (B, H) or None.
    Returns (loss, grads, h_last): loss = (1 / (T B)) sum_t sum_b CE, grads a dict with the keys
    and shapes of `params`, h_last (B, H) = h_T, to carry into the next window.
    """
    D, H, V = rnn_dims(params)
    xs = check_sequence(xs, D, "W_xh")
    T, B, _ = xs.shape
    targets = _check_targets(targets, T, B, V)
    h_init = np.zeros((B, H)) if h0 is None else _check_h(h0, "h0", B, H)
    hs, logits = rnn_forward(params, xs, h_init)
    probs = softmax(logits)  # (T, B, V): y^_t for every t
    t_idx, b_idx = np.indices((T, B))
    loss = float(-np.log(probs[t_idx, b_idx, targets]).mean())

    ds = probs
    ds[t_idx, b_idx, targets] -= 1.0
    ds /= T * B  # dJ/ds_t, (T, B, V)
    grads = {k: np.zeros_like(np.asarray(params[k], dtype=np.float64)) for k in RNN_KEYS}
    grads["W_hy"] = np.einsum("tbv,tbh->vh", ds, hs)
    grads["b_y"] = ds.sum(axis=(0, 1))
    dhs = ds @ params["W_hy"]  # (T, B, H): what each s_t sends back to h_t
    dh_next = np.zeros((B, H))  # what h_{t+1} sends back to h_t
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h_init
        da, dh_back = rnn_step_backward(dhs[t] + dh_next, hs[t], params["W_hh"])  # (B, H)
        grads["W_xh"] += da.T @ xs[t]
        grads["W_hh"] += da.T @ h_prev  # one appearance of W_hh per step: the sum of the lecture
        grads["b_h"] += da.sum(axis=0)
        dh_next = dh_back
    return loss, grads, hs[-1].copy()
