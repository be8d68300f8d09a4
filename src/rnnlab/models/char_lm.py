"""A character language model in torch: input vectors, a recurrent cell (rnn, lstm or gru), a head.

    h_t = cell(x_t, h_{t-1})      x_t (D,): one-hot (D = V) or a learned embedding row, h_t (H,)
    s_t = W_hy h_t + b_y          logits over the V characters

With ``embedding=None`` (one-hot input), ``cell="rnn"`` and one layer, the parameters map one to
one onto the numpy RNN of
:mod:`rnnlab.scratch.rnn` (see :meth:`CharLM.to_numpy` and :meth:`CharLM.from_numpy`).
Inputs are time-major ids (T, B); the state is a tensor (L, B, H), or a pair of them for lstm.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch
from torch import nn

from rnnlab._validate import check_int
from rnnlab.models.cells import cell_class, check_cell
from rnnlab.models.convert import rnn_from_torch, rnn_to_torch

__all__ = ["CharLM", "detach_state"]


class CharLM(nn.Module):
    """Character LM: ids (T, B) -> logits (T, B, V), carrying the recurrent state between calls.

    Arguments: vocab_size V, hidden_size H, cell in :data:`rnnlab.models.cells.CELLS`, num_layers L,
    dropout between layers (only used when L > 1), and `embedding`: None for one-hot inputs
    x_t (D = V), or D, the size of a learned embedding of the characters.
    """

    def __init__(
        self,
        vocab_size: int,
        hidden_size: int = 256,
        cell: str = "lstm",
        num_layers: int = 1,
        dropout: float = 0.0,
        embedding: int | None = None,
    ) -> None:
        super().__init__()
        check_cell(cell)
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
        self.vocab_size = check_int(vocab_size, "vocab_size")
        self.hidden_size = check_int(hidden_size, "hidden_size")
        self.num_layers = check_int(num_layers, "num_layers")
        self.cell = cell
        self.dropout = float(dropout)
        self.embedding = None if embedding is None else check_int(embedding, "embedding")
        self.embed = None if embedding is None else nn.Embedding(self.vocab_size, self.embedding)
        self.rnn = cell_class(cell)(
            self.embedding or self.vocab_size,
            self.hidden_size,
            num_layers=self.num_layers,
            dropout=self.dropout if self.num_layers > 1 else 0.0,
        )
        self.head = nn.Linear(self.hidden_size, self.vocab_size)

    def config(self) -> dict[str, object]:
        """The constructor arguments, as plain Python values (what a checkpoint stores)."""
        return {
            "vocab_size": self.vocab_size,
            "hidden_size": self.hidden_size,
            "cell": self.cell,
            "num_layers": self.num_layers,
            "dropout": self.dropout,
            "embedding": self.embedding,
        }

    def inputs(self, ids: torch.Tensor) -> torch.Tensor:
        """The input vectors x_t of ids (T, B): one-hot or embedded, (T, B, D)."""
        if self.embed is not None:
            return self.embed(ids)
        return nn.functional.one_hot(ids, self.vocab_size).to(self.head.weight.dtype)

    def forward(self, ids: torch.Tensor, state=None):
        """ids (T, B) int64, state from a previous call or None -> (logits (T, B, V), state)."""
        if ids.dim() != 2:
            raise ValueError(f"ids must be (T, B), got shape {tuple(ids.shape)}")
        out, state = self.rnn(self.inputs(ids), state)  # out (T, B, H)
        return self.head(out), state

    @classmethod
    def from_numpy(cls, params: Mapping[str, np.ndarray]) -> CharLM:
        """A one-layer rnn CharLM holding the numpy RNN's parameters (float64)."""
        rnn, head = rnn_to_torch(params)
        V, H = head.weight.shape
        if rnn.input_size != V:
            raise ValueError(
                f"params['W_xh'] must be (H, V) with V={V} one-hot inputs,"
                f" got {tuple(rnn.weight_ih_l0.shape)}"
            )
        model = cls(V, H, cell="rnn").double()
        model.rnn.load_state_dict(rnn.state_dict())
        model.head.load_state_dict(head.state_dict())
        return model

    def to_numpy(self) -> dict[str, np.ndarray]:
        """The numpy RNN parameters (float64) of a one-layer rnn CharLM."""
        if self.cell != "rnn" or self.num_layers != 1 or self.embed is not None:
            raise ValueError(
                "only a one-layer rnn CharLM with one-hot inputs maps onto the numpy RNN, got"
                f" cell={self.cell!r}, num_layers={self.num_layers}, embedding={self.embedding}"
            )
        return rnn_from_torch(self.rnn, self.head)


def detach_state(state):
    """Cut the graph behind a carried state (a tensor, a tuple of tensors, or None)."""
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()
