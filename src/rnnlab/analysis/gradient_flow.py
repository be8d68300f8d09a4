"""How far back a gradient reaches: ‖∂J/∂h_t‖ against the distance from the loss, RNN vs LSTM.

The loss J sits at the last step of an adding-problem sequence, so the gradient that reaches
h_t has travelled d = T - 1 - t steps backwards through the recurrence. In a tanh RNN it is
multiplied by a Jacobian W_hh^T diag(1 - h^2) at every step and shrinks geometrically; in an
LSTM it can also travel along the cell state, where each step multiplies it by the forget gate
f_t, so with f_t near 1 it survives.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab._validate import as_array
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread
from rnnlab.scratch.lstm import lstm_dims, lstm_forward, lstm_step_backward
from rnnlab.scratch.rnn import rnn_forward, rnn_step_backward

__all__ = [
    "gradient_norms",
    "memory_batch",
    "decay_per_step",
    "rnn_step_factors",
    "rnn_state_gradients",
    "lstm_forget_factors",
    "lstm_cell_gradients",
]


def gradient_norms(model: MemoryModel, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """‖∂J/∂h_t‖ for t = 0..T-1, J the MSE of the last step's output against `ys`.

    model: a MemoryModel with output_size 1; xs (T, B, D), ys (B,).
    Returns norms (T,): the gradient norm of each example, averaged over the batch. Index d of
    ``norms[::-1]`` is the gradient that has travelled d steps back from the loss.
    """
    if not isinstance(model, MemoryModel):
        raise ValueError(f"model must be a rnnlab.models.memory.MemoryModel, got {type(model)}")
    with one_thread():
        return _norms(model, *memory_batch(model, xs, ys))


def memory_batch(
    model: MemoryModel, xs: np.ndarray, ys: np.ndarray
) -> tuple[torch.Tensor, torch.Tensor]:
    """xs (T, B, D) and ys (B,) checked against `model` and made float32 tensors."""
    xs = np.asarray(xs, dtype=np.float32)
    ys = np.asarray(ys, dtype=np.float32)
    if xs.ndim != 3 or xs.shape[2] != model.rnn.input_size:
        raise ValueError(
            f"xs must be (T, B, D) with D={model.rnn.input_size} to match the model, got {xs.shape}"
        )
    if ys.shape != (xs.shape[1],):
        raise ValueError(f"ys must be (B,) = ({xs.shape[1]},) to match xs, got {ys.shape}")
    return torch.from_numpy(xs), torch.from_numpy(ys)


def _norms(model: MemoryModel, x: torch.Tensor, y: torch.Tensor) -> np.ndarray:
    T, B, _ = x.shape
    H = model.rnn.hidden_size
    # step the recurrence by hand so that each h_t is a node the gradient passes through
    h = torch.zeros(1, B, H)
    state = (h, torch.zeros(1, B, H)) if model.cell == "lstm" else h
    hs = []
    for t in range(T):
        _, state = model.rnn(x[t : t + 1], state)
        h_t = state[0] if model.cell == "lstm" else state
        h_t.retain_grad()
        hs.append(h_t)
    loss = torch.mean((model.head(hs[-1][0])[:, 0] - y) ** 2)
    model.zero_grad()
    loss.backward()
    norms = [h_t.grad[0].norm(dim=-1).mean().item() for h_t in hs]  # (T,)
    return np.asarray(norms)


def decay_per_step(norms: np.ndarray) -> float:
    """The geometric mean factor by which ‖∂J/∂h_t‖ changes per step back, over the sequence."""
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or len(norms) < 2:
        raise ValueError(f"norms must be a 1-d array of length >= 2, got shape {norms.shape}")
    first, last = norms[-1], norms[0]  # distance 0 is the last step
    if first <= 0 or last <= 0:
        return 0.0
    return float((last / first) ** (1.0 / (len(norms) - 1)))


def _dh_last(dh_last: object, B: int, H: int) -> np.ndarray:
    arr = as_array(dh_last, "dh_last", dtype=np.float64)
    if arr.shape != (B, H):
        raise ValueError(f"dh_last must be (B, H) = ({B}, {H}) to match xs, got {arr.shape}")
    return arr


def rnn_step_factors(params: dict[str, np.ndarray], xs: np.ndarray) -> np.ndarray:
    """‖∂h_t/∂h_{t-1}‖ = ‖diag(1 - h_t^2) W_hh‖ (spectral norm) at every step of the numpy RNN.

    params: the scratch RNN's; xs (T, B, D). Returns (T,), each the mean over the batch.
    """
    hs = rnn_forward(params, xs)[0]  # (T, B, H)
    W_hh = np.asarray(params["W_hh"], dtype=np.float64)
    jac = (1.0 - hs**2)[..., :, None] * W_hh  # (T, B, H, H): row j scaled by 1 - h_j^2
    return np.linalg.norm(jac, ord=2, axis=(-2, -1)).mean(axis=1)


def rnn_state_gradients(
    params: dict[str, np.ndarray], xs: np.ndarray, dh_last: np.ndarray
) -> np.ndarray:
    """‖∂J/∂h_t‖ for t = 0..T-1 when ∂J/∂h_{T-1} = dh_last (B, H) and no other step has a loss.

    Returns (T,), each the mean over the batch; computed with rnn_step_backward.
    """
    hs = rnn_forward(params, xs)[0]  # (T, B, H)
    T, B, H = hs.shape
    dh = _dh_last(dh_last, B, H)
    norms = np.empty(T)
    for t in reversed(range(T)):
        norms[t] = np.linalg.norm(dh, axis=-1).mean()
        _, dh = rnn_step_backward(dh, hs[t], params["W_hh"])
    return norms


def lstm_forget_factors(params: dict[str, np.ndarray], xs: np.ndarray) -> np.ndarray:
    """The LSTM's per-step factor along its cell, ∂c_t/∂c_{t-1} = diag(f_t): the forget gates.

    params: the scratch LSTM's; xs (T, B, D). Returns f (T, B, H) from the trace.
    """
    return lstm_forward(params, xs)[1]["f"]


def lstm_cell_gradients(
    params: dict[str, np.ndarray], xs: np.ndarray, dh_last: np.ndarray
) -> np.ndarray:
    """‖∂J/∂c_t‖ for t = 0..T-1 when ∂J/∂h_{T-1} = dh_last (B, H) and no other step has a loss.

    Returns (T,), each the mean over the batch; computed step by step with lstm_step_backward.
    """
    _, H = lstm_dims(params)
    hs, trace = lstm_forward(params, xs)
    T, B, _ = hs.shape
    dh = _dh_last(dh_last, B, H)
    cell, o = trace["cell"], trace["o"]
    norms = np.empty(T)
    norms[-1] = np.linalg.norm(dh * o[-1] * (1 - np.tanh(cell[-1]) ** 2), axis=-1).mean()
    dc = np.zeros((B, H))
    for t in range(T - 1, 0, -1):
        state = (hs[t - 1], cell[t - 1])
        _, _, (dh, dc) = lstm_step_backward(params, xs[t], state, dh, dc)
        norms[t - 1] = np.linalg.norm(dc, axis=-1).mean()  # ∂J/∂c_{t-1}
    return norms
