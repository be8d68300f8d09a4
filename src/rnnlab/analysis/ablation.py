"""Where a trained LSTM keeps its memory: run it with some units' cells zeroed after every step.

If the adding problem's two values are held in the cell c_t[k] of one unit (or of a few), wiping
those entries after each step leaves the model nothing to answer from at the end, so its error
goes back to (or past) the baseline of a model without memory, while wiping any other unit
changes little.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from rnnlab.analysis.gradient_flow import memory_batch
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread

__all__ = ["ablate_cell", "ablate_each_cell"]


def _inputs(model: MemoryModel, xs: np.ndarray, ys: np.ndarray) -> tuple[torch.Tensor, ...]:
    if not isinstance(model, MemoryModel) or model.cell != "lstm":
        raise ValueError(f"model must be an lstm MemoryModel (models.memory), got {model!r:.60}")
    return memory_batch(model, xs, ys)


def ablate_cell(
    model: MemoryModel, xs: np.ndarray, ys: np.ndarray, units: int | Sequence[int] | None
) -> float:
    """The MSE of the last step's answer when the cells c_t[units] are set to 0 after every step.

    model: an LSTM MemoryModel with output_size 1; xs (T, B, D), ys (B,). `units`: one unit, a
    list of units, or None to run the model intact. Each step's own h_t is still computed from
    the unwiped c_t: only what the cell would carry on to the next step is removed.
    """
    x, y = _inputs(model, xs, ys)
    H = model.rnn.hidden_size
    wiped = [] if units is None else [units] if isinstance(units, int | np.integer) else units
    keep = torch.ones(H)
    for k in wiped:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 0 <= k < H:
            raise ValueError(f"units must be None or ints in [0, {H}), got {units!r}")
        keep[int(k)] = 0.0
    T, B, _ = x.shape
    h, c = torch.zeros(1, B, H), torch.zeros(1, B, H)
    with torch.no_grad(), one_thread():
        for t in range(T):
            _, (h, c) = model.rnn(x[t : t + 1], (h, c))
            c = c * keep  # (1, B, H): a wiped unit carries nothing forward
        answer = model.head(h[0])[:, 0]  # (B,)
    return float(torch.mean((answer - y) ** 2))


def ablate_each_cell(model: MemoryModel, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """:func:`ablate_cell` for every unit: the MSE with each unit's cell wiped, shape (H,)."""
    return np.array([ablate_cell(model, xs, ys, k) for k in range(model.rnn.hidden_size)])
