"""From-scratch numpy implementations, in the lecture's notation (float64, time-major)."""

from rnnlab.scratch.clip import clip_by_norm, clip_by_value, global_norm
from rnnlab.scratch.lstm import (
    LSTM_KEYS,
    init_lstm_params,
    lstm_forward,
    lstm_from_torch,
    lstm_step,
    lstm_to_torch,
)
from rnnlab.scratch.rnn import (
    RNN_KEYS,
    init_rnn_params,
    rnn_forward,
    rnn_from_torch,
    rnn_loss_and_grads,
    rnn_step,
    rnn_to_torch,
    softmax,
)

__all__ = [
    "LSTM_KEYS",
    "init_lstm_params",
    "lstm_forward",
    "lstm_from_torch",
    "lstm_step",
    "lstm_to_torch",
    "clip_by_norm",
    "clip_by_value",
    "global_norm",
    "RNN_KEYS",
    "init_rnn_params",
    "rnn_forward",
    "rnn_from_torch",
    "rnn_loss_and_grads",
    "rnn_step",
    "rnn_to_torch",
    "softmax",
]
