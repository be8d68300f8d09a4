"""The LSTM cell in numpy, in the lecture's notation (with the forget gate of Gers et al. 2000).

    i_t  = sigma(W_i x_t + U_i h_{t-1} + b_i)        input gate: how much new content enters
    f_t  = sigma(W_f x_t + U_f h_{t-1} + b_f)        forget gate: how much of c_{t-1} is kept
    o_t  = sigma(W_o x_t + U_o h_{t-1} + b_o)        output gate: how much of the cell is shown
    c~_t = tanh(W_c x_t + U_c h_{t-1} + b_c)         candidate content
    c_t  = f_t * c_{t-1} + i_t * c~_t                (* is the elementwise product)
    h_t  = o_t * tanh(c_t)

Shapes: T time, B batch, D input, H hidden. W_g (H, D), U_g (H, H), b_g (H,) for g in i, f, o, c
(the letter c in a parameter name is the candidate's; the cell state c_t is 'cell' in a trace).
Sequences are time-major, xs (T, B, D). Everything is float64.

The lecture's step-by-step slides write a gate as sigma(W_f . [h_{t-1}, x_t] + b_f): that matrix is
[U_f | W_f] here, the columns meeting h_{t-1} and those meeting x_t.
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
    "LSTM_GATES",
    "LSTM_KEYS",
    "TRACE_KEYS",
    "init_lstm_params",
    "lstm_step",
    "lstm_forward",
    "lstm_step_backward",
    "lstm_backward",
    "lstm_dims",
    "TORCH_ORDER",
    "sigmoid",
]

LSTM_GATES = ("i", "f", "o", "c")  # 'c' is the candidate c~, computed like a gate but with tanh
LSTM_KEYS = tuple(f"{kind}_{g}" for g in LSTM_GATES for kind in ("W", "U", "b"))
TRACE_KEYS = ("i", "f", "o", "c_tilde", "cell")  # 'cell' is c_t, the cell state
TORCH_ORDER = ("i", "f", "c", "o")  # how torch.nn.LSTM stacks the four blocks of rows
Params = dict[str, np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-z), without overflow warnings for large |z|."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def init_lstm_params(
    input_size: int, hidden_size: int, *, rng: np.random.Generator, forget_bias: float = 0.0
) -> Params:
    """Initialise uniformly in [-1/sqrt(H), 1/sqrt(H)], as torch.nn.LSTM does.

    Returns a dict with W_g (H, D), U_g (H, H), b_g (H,) for g in i, f, o, c.
    `forget_bias` is added to b_f: 1.0 is the common choice that makes the cell remember by
    default at the start of training.
    """
    for name, size in [("input_size", input_size), ("hidden_size", hidden_size)]:
        check_int(size, name)
    check_rng(rng)
    if not np.isfinite(forget_bias):
        raise ValueError(f"forget_bias must be a finite number, got {forget_bias!r}")
    D, H = int(input_size), int(hidden_size)
    k = 1.0 / np.sqrt(H)
    params = {}
    for g in LSTM_GATES:
        params[f"W_{g}"] = rng.uniform(-k, k, size=(H, D))
        params[f"U_{g}"] = rng.uniform(-k, k, size=(H, H))
        params[f"b_{g}"] = rng.uniform(-k, k, size=H)
    params["b_f"] += forget_bias
    return params


def lstm_dims(params: Mapping[str, np.ndarray]) -> tuple[int, int]:
    """Validate the twelve parameter shapes against W_i; return (D, H)."""
    check_keys(params, LSTM_KEYS)
    W_i = np.asarray(params["W_i"])
    check_rank(W_i, "params['W_i']", 2, "(H, D)")
    H, D = W_i.shape
    expected = {f"W_{g}": (H, D) for g in LSTM_GATES}
    expected |= {f"U_{g}": (H, H) for g in LSTM_GATES}
    expected |= {f"b_{g}": (H,) for g in LSTM_GATES}
    for key, shape in expected.items():
        actual = np.shape(params[key])
        if actual != shape:
            raise ValueError(
                f"params['{key}'] must have shape {shape} to match W_i {W_i.shape}, got {actual}"
            )
    return D, H


def _check_state(state: object, B: int, H: int) -> tuple[np.ndarray, np.ndarray]:
    if state is None:
        return np.zeros((B, H)), np.zeros((B, H))
    if not isinstance(state, tuple | list) or len(state) != 2:
        raise ValueError(f"state must be a pair (h0, c0) or None, got {type(state).__name__}")
    out = []
    for name, value in zip(("h0", "c0"), state, strict=True):
        arr = as_array(value, f"state {name}", dtype=np.float64)
        if arr.shape != (B, H):
            raise ValueError(f"state {name} must be (B, H) = ({B}, {H}), got shape {arr.shape}")
        out.append(arr)
    return out[0], out[1]


def _check_overrides(values: Mapping[str, object] | None, name: str) -> dict[str, np.ndarray]:
    if values is None:
        return {}
    bad = [k for k in values if k not in ("i", "f", "o")]
    if bad:
        raise ValueError(f"{name} may only name the gates 'i', 'f', 'o', got {bad}")
    return {k: as_array(v, f"{name}['{k}']", dtype=np.float64) for k, v in values.items()}


def _step(params, x_t, h_prev, c_prev, set_gates, scale_gates):
    """One step; returns (h_t, c_t, gates) with gates i, f, o, c_tilde, each (B, H)."""

    def pre(g):  # the affine part shared by all four gates, (B, H)
        return x_t @ params[f"W_{g}"].T + h_prev @ params[f"U_{g}"].T + params[f"b_{g}"]

    gates = {g: sigmoid(pre(g)) for g in ("i", "f", "o")}
    for g, scale in scale_gates.items():
        gates[g] = gates[g] * scale
    for g, value in set_gates.items():
        gates[g] = np.broadcast_to(value, h_prev.shape).astype(np.float64)
    c_tilde = np.tanh(pre("c"))
    c_t = gates["f"] * c_prev + gates["i"] * c_tilde  # step 3: keep some, add some
    h_t = gates["o"] * np.tanh(c_t)  # step 4: expose a filtered view of the cell
    gates["c_tilde"] = c_tilde
    return h_t, c_t, gates


def lstm_step(
    params: Mapping[str, np.ndarray],
    x_t: np.ndarray,
    state: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """One application of the four steps.

    x_t (B, D), state (h_prev, c_prev) each (B, H), None meaning zeros ->
    (h_t (B, H), c_t (B, H), gates {'i', 'f', 'o', 'c_tilde'} each (B, H)).
    """
    D, H = lstm_dims(params)
    x_t = as_array(x_t, "x_t", dtype=np.float64)
    check_rank(x_t, "x_t", 2, "(B, D)")
    check_dim(x_t, "x_t", 1, D, "(D, to match params['W_i'])")
    h_prev, c_prev = _check_state(state, x_t.shape[0], H)
    return _step(params, x_t, h_prev, c_prev, {}, {})


def lstm_forward(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    state: tuple[np.ndarray, np.ndarray] | None = None,
    *,
    set_gates: Mapping[str, object] | None = None,
    scale_gates: Mapping[str, object] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the LSTM over a sequence batch.

    xs (T, B, D); state (h0, c0) each (B, H), or None for zeros.
    Returns hs (T, B, H) holding h_1..h_T, and a trace dict with the gates 'i', 'f', 'o', the
    candidate 'c_tilde' and the cell state 'cell' (c_t), each (T, B, H).

    For experiments with the gates, `set_gates` replaces a gate ('i', 'f' or 'o') by a fixed
    value (a number, or an array broadcastable to (B, H)), and `scale_gates` multiplies a gate by
    a factor; neither is part of the model, they show what each gate does.
    """
    D, H = lstm_dims(params)
    xs = check_sequence(xs, D, "W_i")
    T, B, _ = xs.shape
    h, c = _check_state(state, B, H)
    sets = _check_overrides(set_gates, "set_gates")
    scales = _check_overrides(scale_gates, "scale_gates")
    hs = np.empty((T, B, H))
    trace = {k: np.empty((T, B, H)) for k in TRACE_KEYS}
    for t in range(T):
        h, c, gates = _step(params, xs[t], h, c, sets, scales)  # the same weights at every step
        hs[t] = h
        for k, v in gates.items():
            trace[k][t] = v
        trace["cell"][t] = c
    return hs, trace


def _step_back(params, x_t, h_prev, c_prev, gates, c_t, dh, dc):
    """Back through one step, given its forward values; returns (grads, dx, dh_prev, dc_prev).

    dh, dc (B, H): the total ∂J/∂h_t and the ∂J/∂c_t arriving from step t + 1.
    """
    i, f, o, c_tilde = gates["i"], gates["f"], gates["o"], gates["c_tilde"]
    tanh_c = np.tanh(c_t)
    dc = dc + dh * o * (1.0 - tanh_c**2)  # h_t = o_t * tanh(c_t) also reaches c_t
    da = {  # ∂J/∂(pre-activation) of each gate, (B, H): the outer derivative times sigma' or tanh'
        "i": dc * c_tilde * i * (1.0 - i),
        "f": dc * c_prev * f * (1.0 - f),
        "o": dh * tanh_c * o * (1.0 - o),
        "c": dc * i * (1.0 - c_tilde**2),
    }
    grads = {}
    dx, dh_prev = np.zeros_like(x_t), np.zeros_like(h_prev)
    for g, da_g in da.items():
        grads[f"W_{g}"] = da_g.T @ x_t  # (H, D): summed over the batch
        grads[f"U_{g}"] = da_g.T @ h_prev  # (H, H)
        grads[f"b_{g}"] = da_g.sum(axis=0)  # (H,)
        dx += da_g @ params[f"W_{g}"]  # (B, D)
        dh_prev += da_g @ params[f"U_{g}"]  # (B, H)
    return grads, dx, dh_prev, dc * f  # the additive path: ∂c_t/∂c_{t-1} = diag(f_t)


def _check_upstream(value: object, name: str, shape: tuple[int, ...], meaning: str) -> np.ndarray:
    arr = as_array(value, name, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{name} must be {meaning} = {shape}, got shape {arr.shape}")
    return arr


def lstm_step_backward(
    params: Mapping[str, np.ndarray],
    x_t: np.ndarray,
    state: tuple[np.ndarray, np.ndarray] | None,
    dh: np.ndarray,
    dc: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Back through one step of :func:`lstm_step` (its forward values are recomputed).

    x_t (B, D); state (h_prev, c_prev) each (B, H), None meaning zeros; dh = ∂J/∂h_t and
    dc = ∂J/∂c_t (B, H), the gradients arriving at this step's outputs.
    Returns (grads with the keys and shapes of params, dx (B, D), (dh_prev, dc_prev) each (B, H)).
    """
    D, H = lstm_dims(params)
    x_t = as_array(x_t, "x_t", dtype=np.float64)
    check_rank(x_t, "x_t", 2, "(B, D)")
    check_dim(x_t, "x_t", 1, D, "(D, to match params['W_i'])")
    B = x_t.shape[0]
    h_prev, c_prev = _check_state(state, B, H)
    dh = _check_upstream(dh, "dh", (B, H), "(B, H)")
    dc = _check_upstream(dc, "dc", (B, H), "(B, H)")
    _, c_t, gates = _step(params, x_t, h_prev, c_prev, {}, {})
    grads, dx, dh_prev, dc_prev = _step_back(params, x_t, h_prev, c_prev, gates, c_t, dh, dc)
    return grads, dx, (dh_prev, dc_prev)


def lstm_backward(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    dhs: np.ndarray,
    state: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Backpropagation through time for :func:`lstm_forward` (the forward pass is recomputed).

    xs (T, B, D); dhs (T, B, H): ∂J/∂h_t arriving from above at every step (e.g. from a head);
    state (h0, c0) each (B, H), or None for zeros.
    Returns (grads, dxs, (dh0, dc0)): grads has the keys and shapes of params, summed over time
    and batch; dxs (T, B, D) is ∂J/∂x_t; dh0, dc0 (B, H) are the gradients of the initial state.
    Going back one step, the cell's gradient is multiplied by f_t (elementwise), with no matrix.
    """
    D, H = lstm_dims(params)
    xs = check_sequence(xs, D, "W_i")
    T, B, _ = xs.shape
    dhs = _check_upstream(dhs, "dhs", (T, B, H), "(T, B, H) to match xs and params")
    h0, c0 = _check_state(state, B, H)
    hs, trace = lstm_forward(params, xs, (h0, c0))
    grads = {k: np.zeros(np.shape(params[k])) for k in LSTM_KEYS}
    dxs = np.empty((T, B, D))
    dh, dc = np.zeros((B, H)), np.zeros((B, H))
    for t in reversed(range(T)):
        h_prev, c_prev = (hs[t - 1], trace["cell"][t - 1]) if t else (h0, c0)
        gates = {k: trace[k][t] for k in ("i", "f", "o", "c_tilde")}
        step_grads, dxs[t], dh, dc = _step_back(
            params, xs[t], h_prev, c_prev, gates, trace["cell"][t], dhs[t] + dh, dc
        )
        for k, v in step_grads.items():
            grads[k] += v  # the same weights at every step: their gradients add up
    return grads, dxs, (dh, dc)
