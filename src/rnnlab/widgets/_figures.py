"""Helpers for widget figures that are built once and updated in place on every slider move."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

__all__ = ["key"]


def key(
    ax: Axes,
    handles: Sequence[Artist],
    x: float = 1.02,
    y: float = 0.5,
    dy: float = 0.25,
    fontsize: float | None = None,
) -> None:
    """A legend drawn by hand: a sample of each handle and its label, in axes coordinates.

    The rows are centred on `y`, `dy` apart, samples start at `x`. It looks like
    ``ax.legend(frameon=False)`` but costs no legend layout pass on every draw. The text has
    the style's legend size unless `fontsize` is given.
    """
    for row, handle in enumerate(handles):
        at = y + dy * ((len(handles) - 1) / 2 - row)
        if isinstance(handle, Line2D):
            sample = Line2D([x, x + 0.06], [at, at])
            sample.update_from(handle)  # colour, width, style and marker
            sample.set(transform=ax.transAxes, clip_on=False)
        else:  # a filled area: a swatch of its colour
            color = handle.get_facecolor()
            color = color[0] if getattr(color, "ndim", 1) == 2 else color
            sample = Rectangle((x, at - 0.3 * dy), 0.06, 0.6 * dy, color=color, clip_on=False,
                               transform=ax.transAxes)  # fmt: skip
        ax.add_artist(sample)
        ax.text(x + 0.08, at, handle.get_label(), transform=ax.transAxes,
                fontsize=fontsize or matplotlib.rcParams["legend.fontsize"],
                va="center")  # fmt: skip
