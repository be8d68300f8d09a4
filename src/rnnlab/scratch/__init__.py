"""From-scratch numpy implementations, in the lecture's notation (float64, time-major)."""

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
    "RNN_KEYS",
    "init_rnn_params",
    "rnn_forward",
    "rnn_from_torch",
    "rnn_loss_and_grads",
    "rnn_step",
    "rnn_to_torch",
    "softmax",
]
