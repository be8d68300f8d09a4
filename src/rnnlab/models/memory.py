"""The long-memory experiments' model: a one-layer recurrent cell read out by a linear head."""

from __future__ import annotations

import torch

from rnnlab._validate import check_int
from rnnlab.models.cells import cell_class, check_cell

__all__ = ["MemoryModel"]


class MemoryModel(torch.nn.Module):
    """A one-layer recurrent `cell` ('rnn', 'lstm' or 'gru') with a linear head (float32).

    xs (T, B, D) -> outputs (T, B, output_size), one per step; the task picks the steps it reads.
    For the LSTM the forget-gate bias starts at `forget_bias` (split over torch's two biases),
    the usual trick that lets the cell keep its state from the first step of training.
    """

    def __init__(
        self,
        cell: str,
        input_size: int,
        hidden_size: int,
        output_size: int,
        *,
        forget_bias: float = 1.0,
    ) -> None:
        super().__init__()
        check_cell(cell)
        for name, size in [
            ("input_size", input_size),
            ("hidden_size", hidden_size),
            ("output_size", output_size),
        ]:
            check_int(size, name)
        self.cell = cell
        self.rnn = cell_class(cell)(input_size, hidden_size)
        self.head = torch.nn.Linear(hidden_size, output_size)
        if cell == "lstm":
            H = hidden_size
            with torch.no_grad():  # torch stacks the gate rows as input, forget, cell, output
                self.rnn.bias_ih_l0[H : 2 * H].fill_(forget_bias / 2)
                self.rnn.bias_hh_l0[H : 2 * H].fill_(forget_bias / 2)

    def forward(self, xs: torch.Tensor) -> torch.Tensor:
        """xs (T, B, D) -> outputs (T, B, output_size)."""
        hs, _ = self.rnn(xs)  # (T, B, H)
        return self.head(hs)  # (T, B, output_size)
