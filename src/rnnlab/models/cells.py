"""The recurrent cells the course trains, by name: one table for every torch model."""

from __future__ import annotations

from torch import nn

from rnnlab._validate import check_choice

__all__ = ["CELLS", "cell_class", "check_cell"]

CELLS = ("rnn", "lstm", "gru")
_CLASSES = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def check_cell(cell: object) -> str:
    """Return `cell`, raising unless it is one of :data:`CELLS`."""
    return str(check_choice(cell, "cell", CELLS))


def cell_class(cell: str) -> type[nn.RNNBase]:
    """The torch module class of `cell`: nn.RNN (tanh), nn.LSTM or nn.GRU."""
    return _CLASSES[check_cell(cell)]
