"""Pictures of a sequence as a D x T array: a multichannel signal and a one-hot text."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rnnlab._validate import as_array, check_rank
from rnnlab.plots import style

__all__ = ["plot_signal", "plot_onehot"]


@style.styled
def plot_signal(x: np.ndarray, names: list[str] | None = None) -> Figure:
    """A (D, T) signal twice: one line per channel, and the array itself as a D x T heat map."""
    x = as_array(x, "x", dtype=np.float64)
    check_rank(x, "x", 2, "(D, T)")
    D, T = x.shape
    names = names or [f"channel {d}" for d in range(D)]
    if len(names) != D:
        raise ValueError(f"names must have D = {D} entries, got {len(names)}")
    fig, (ax_line, ax_map) = plt.subplots(2, 1, figsize=(style.WIDTH, 2.4 + 0.5 * D), sharex=True)
    for d in range(D):
        ax_line.plot(np.arange(T), x[d], label=names[d])
    ax_line.legend(loc="upper right", ncol=D)
    ax_line.set_ylabel("value")
    ax_map.imshow(x, aspect="auto", cmap="RdBu_r", interpolation="nearest")
    ax_map.set_yticks(range(D), names)
    ax_map.set_xlabel("time step t (column t of the D x T array is the vector $x^t$)")
    ax_line.set_title(f"a sequence with D = {D}, T = {T}")
    return style.describe(
        fig,
        f"A sequence of {T} steps with {D} channels ({', '.join(names)}): one line per channel "
        "above, the same D x T array as a heat map below.",
    )


@style.styled
def plot_onehot(x: np.ndarray, text: str, alphabet: str) -> Figure:
    """A one-hot (D, T) text: rows are characters of the alphabet, columns are positions."""
    x = as_array(x, "x", dtype=np.float64)
    check_rank(x, "x", 2, "(D, T)")
    if x.shape != (len(alphabet), len(text)):
        raise ValueError(
            f"x must be (len(alphabet), len(text)) = ({len(alphabet)}, {len(text)}), got {x.shape}"
        )
    D = len(alphabet)  # 12 px labels need ~15 px rows
    fig, ax = plt.subplots(
        figsize=(min(2 + 0.35 * len(text), style.WIDTH), max(4.0, 0.21 * D + 1.4))
    )
    ax.imshow(x, aspect="auto", cmap="Greys", interpolation="nearest", vmin=0, vmax=1)
    ax.set_yticks(range(len(alphabet)), [c if c != " " else "_" for c in alphabet])
    ax.set_xticks(range(len(text)), [c if c != " " else "_" for c in text])
    ax.set_xlabel("position t")
    ax.set_ylabel("character (D rows)")
    ax.set_title(f"{text!r} as a D x T = {x.shape[0]} x {x.shape[1]} one-hot array")
    return style.describe(
        fig,
        f"A {x.shape[0]} by {x.shape[1]} grid, one column per character of {text!r}: each column "
        "has one dark cell, in the row of its character.",
    )
