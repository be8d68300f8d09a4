"""From-scratch numpy implementations, in the lecture's notation (float64, time-major).

Nothing here imports torch: the conversions to and from torch modules live in
:mod:`rnnlab.models.convert`, and the tests compare every function with torch.
"""

from rnnlab.scratch.clip import clip_by_norm, clip_by_value, global_norm
from rnnlab.scratch.lstm import LSTM_KEYS, init_lstm_params, lstm_forward, lstm_step
from rnnlab.scratch.optim import adam_init, adam_update
from rnnlab.scratch.rnn import (
    RNN_KEYS,
    init_rnn_params,
    rnn_forward,
    rnn_loss_and_grads,
    rnn_step,
    softmax,
)

__all__ = [
    "LSTM_KEYS",
    "init_lstm_params",
    "lstm_forward",
    "lstm_step",
    "clip_by_norm",
    "clip_by_value",
    "global_norm",
    "adam_init",
    "adam_update",
    "RNN_KEYS",
    "init_rnn_params",
    "rnn_forward",
    "rnn_loss_and_grads",
    "rnn_step",
    "softmax",
]
