"""numpy <-> torch: the scratch RNN and LSTM parameters as torch modules, and back.

torch keeps two biases per layer (``bias_ih`` and ``bias_hh``) where the lecture has one: going to
torch, b goes into ``bias_ih`` and ``bias_hh`` is zero; coming back, the two are summed. torch
stacks the LSTM's four blocks of rows as input, forget, cell (candidate), output
(:data:`rnnlab.scratch.lstm.TORCH_ORDER`). Everything is float64.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch

from rnnlab.scratch.lstm import LSTM_GATES, TORCH_ORDER, lstm_dims
from rnnlab.scratch.rnn import rnn_dims

__all__ = ["rnn_to_torch", "rnn_from_torch", "lstm_to_torch", "lstm_from_torch"]

Params = dict[str, np.ndarray]


def rnn_to_torch(params: Mapping[str, np.ndarray]):
    """Build a float64 (torch.nn.RNN, torch.nn.Linear) pair holding the same parameters.

    torch keeps two biases (bias_ih, bias_hh); b_h goes into bias_ih and bias_hh is zero.
    """
    D, H, V = rnn_dims(params)
    rnn = torch.nn.RNN(D, H, nonlinearity="tanh", dtype=torch.float64)
    head = torch.nn.Linear(H, V, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(np.asarray(params["W_xh"], dtype=np.float64)))
        rnn.weight_hh_l0.copy_(torch.from_numpy(np.asarray(params["W_hh"], dtype=np.float64)))
        rnn.bias_ih_l0.copy_(torch.from_numpy(np.asarray(params["b_h"], dtype=np.float64)))
        rnn.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(np.asarray(params["W_hy"], dtype=np.float64)))
        head.bias.copy_(torch.from_numpy(np.asarray(params["b_y"], dtype=np.float64)))
    return rnn, head


def rnn_from_torch(rnn, head) -> Params:
    """Read float64 numpy parameters out of a one-layer tanh torch.nn.RNN and its nn.Linear head.

    The two torch biases are summed into b_h.
    """
    if not isinstance(rnn, torch.nn.RNN):
        raise ValueError(f"rnn must be a torch.nn.RNN, got {type(rnn).__name__}")
    if not isinstance(head, torch.nn.Linear):
        raise ValueError(f"head must be a torch.nn.Linear, got {type(head).__name__}")
    if rnn.num_layers != 1 or rnn.bidirectional or rnn.nonlinearity != "tanh" or rnn.batch_first:
        raise ValueError("rnn must be a single-layer, unidirectional, time-major tanh RNN")

    def arr(t):
        return t.detach().cpu().double().numpy().copy()

    b_h = arr(rnn.bias_ih_l0) + arr(rnn.bias_hh_l0) if rnn.bias else np.zeros(rnn.hidden_size)
    b_y = arr(head.bias) if head.bias is not None else np.zeros(head.out_features)
    params = {
        "W_xh": arr(rnn.weight_ih_l0),
        "W_hh": arr(rnn.weight_hh_l0),
        "b_h": b_h,
        "W_hy": arr(head.weight),
        "b_y": b_y,
    }
    rnn_dims(params)
    return params


def lstm_to_torch(params: Mapping[str, np.ndarray]):
    """Build a float64 torch.nn.LSTM holding the same parameters.

    torch stacks the four blocks of rows in the order input, forget, cell (candidate), output,
    and keeps two biases; b_g goes into bias_ih and bias_hh is zero.
    """
    D, H = lstm_dims(params)
    lstm = torch.nn.LSTM(D, H, dtype=torch.float64)

    def stacked(kind):
        return torch.from_numpy(
            np.concatenate([np.asarray(params[f"{kind}_{g}"], np.float64) for g in TORCH_ORDER])
        )

    with torch.no_grad():
        lstm.weight_ih_l0.copy_(stacked("W"))
        lstm.weight_hh_l0.copy_(stacked("U"))
        lstm.bias_ih_l0.copy_(stacked("b"))
        lstm.bias_hh_l0.zero_()
    return lstm


def lstm_from_torch(lstm) -> Params:
    """Read float64 numpy parameters out of a one-layer torch.nn.LSTM (its two biases summed)."""
    if not isinstance(lstm, torch.nn.LSTM):
        raise ValueError(f"lstm must be a torch.nn.LSTM, got {type(lstm).__name__}")
    if lstm.num_layers != 1 or lstm.bidirectional or lstm.batch_first or lstm.proj_size:
        raise ValueError(
            "lstm must be a single-layer, unidirectional, time-major LSTM without projection"
        )
    H = lstm.hidden_size

    def blocks(tensor):
        arr = tensor.detach().cpu().double().numpy().copy()
        return dict(zip(TORCH_ORDER, np.split(arr, 4, axis=0), strict=True))

    W, U = blocks(lstm.weight_ih_l0), blocks(lstm.weight_hh_l0)
    if lstm.bias:
        b_ih, b_hh = blocks(lstm.bias_ih_l0), blocks(lstm.bias_hh_l0)
        b = {g: b_ih[g] + b_hh[g] for g in TORCH_ORDER}
    else:
        b = {g: np.zeros(H) for g in TORCH_ORDER}
    params = {}
    for g in LSTM_GATES:
        params[f"W_{g}"], params[f"U_{g}"], params[f"b_{g}"] = W[g], U[g], b[g]
    lstm_dims(params)
    return params
