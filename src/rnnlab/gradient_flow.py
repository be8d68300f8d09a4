"""How far back a gradient reaches: ‖∂L/∂h_t‖ against the distance from the loss, RNN vs LSTM.

The loss L sits at the last step of an adding-problem sequence, so the gradient that reaches
h_t has travelled d = T - 1 - t steps backwards through the recurrence. In a tanh RNN it is
multiplied by a Jacobian W_hh^T diag(1 - h^2) at every step and shrinks geometrically; in an
LSTM it can also travel along the cell state, where each step multiplies it by the forget gate
f_t, so with f_t near 1 it survives.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab.data.memory_tasks import adding_problem
from rnnlab.long_memory import MemoryModel, one_thread, train_adding

__all__ = ["gradient_norms", "gradient_flow_experiment", "decay_per_step"]


def gradient_norms(model: MemoryModel, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """‖∂L/∂h_t‖ for t = 0..T-1, L the MSE of the last step's output against `ys`.

    model: a MemoryModel with output_size 1; xs (T, B, D), ys (B,).
    Returns norms (T,): the gradient norm of each example, averaged over the batch. Index d of
    ``norms[::-1]`` is the gradient that has travelled d steps back from the loss.
    """
    if not isinstance(model, MemoryModel):
        raise ValueError(f"model must be a rnnlab.long_memory.MemoryModel, got {type(model)}")
    xs = np.asarray(xs, dtype=np.float32)
    ys = np.asarray(ys, dtype=np.float32)
    if xs.ndim != 3 or xs.shape[2] != model.rnn.input_size:
        raise ValueError(
            f"xs must be (T, B, D) with D={model.rnn.input_size} to match the model, got {xs.shape}"
        )
    if ys.shape != (xs.shape[1],):
        raise ValueError(f"ys must be (B,) = ({xs.shape[1]},) to match xs, got {ys.shape}")
    with one_thread():
        return _norms(model, torch.from_numpy(xs), torch.from_numpy(ys))


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
    """The geometric mean factor by which ‖∂L/∂h_t‖ changes per step back, over the sequence."""
    norms = np.asarray(norms, dtype=np.float64)
    if norms.ndim != 1 or len(norms) < 2:
        raise ValueError(f"norms must be a 1-d array of length >= 2, got shape {norms.shape}")
    first, last = norms[-1], norms[0]  # distance 0 is the last step
    if first <= 0 or last <= 0:
        return 0.0
    return float((last / first) ** (1.0 / (len(norms) - 1)))


def gradient_flow_experiment(
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    train_steps: int = 400,
    batch_size: int = 64,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """‖∂L/∂h_t‖ against distance for a tanh RNN and an LSTM with forget-gate bias 0 and 1,
    each at initialisation and after `train_steps` steps on the adding problem.

    Returns a dict label -> norms (T,) with t running forwards, plus 'distance' (T,) = T-1-t.
    Labels: 'RNN init', 'RNN trained', 'LSTM b_f=0 init', 'LSTM b_f=0 trained',
    'LSTM b_f=1 init', 'LSTM b_f=1 trained'.
    """
    xs, ys = adding_problem(batch_size, seq_len, np.random.default_rng(20_000 + seed))
    curves: dict[str, np.ndarray] = {"distance": np.arange(seq_len)[::-1].copy()}
    for label, cell, bias in [
        ("RNN", "rnn", 1.0),
        ("LSTM b_f=0", "lstm", 0.0),
        ("LSTM b_f=1", "lstm", 1.0),
    ]:
        torch.manual_seed(seed)
        init = MemoryModel(cell, 2, hidden_size, 1, forget_bias=bias)
        curves[f"{label} init"] = gradient_norms(init, xs, ys)
        trained = train_adding(
            cell,
            seq_len=seq_len,
            hidden_size=hidden_size,
            steps=train_steps,
            batch_size=batch_size,
            eval_every=train_steps,
            test_size=256,
            seed=seed,
            forget_bias=bias,
        )["model_obj"]
        curves[f"{label} trained"] = gradient_norms(trained, xs, ys)
    return curves
