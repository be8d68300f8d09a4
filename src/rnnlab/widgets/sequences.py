"""Batching sequences of different lengths: what padding wastes and what packing keeps.

Left: the padded (T_max, B) grid, time down the rows, one column per sequence; grey cells are
padding. Right: the packed layout, one row per step t holding only the batch_sizes[t] sequences
still running (longest first), which is what ``torch.nn.utils.rnn.pack_sequence`` stores.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from rnnlab._validate import check_int
from rnnlab.plots import style
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = [
    "draw_lengths",
    "compute_batching",
    "plot_batching",
    "BatchingFigure",
    "make_batching_widget",
]

PADDED = ListedColormap(
    [style.COLORS["muted"], style.COLORS["state"]]
)  # padding grey, real steps blue
PACKED = ListedColormap(["white", style.COLORS["state"]])  # the packed layout stores no padding


def draw_lengths(batch: int, min_len: int, max_len: int, seed: int = 0) -> np.ndarray:
    """`batch` sequence lengths drawn uniformly from [min_len, max_len] (swapped if reversed)."""
    for name, v in [("batch", batch), ("min_len", min_len), ("max_len", max_len)]:
        check_int(v, name)
    low, high = sorted((int(min_len), int(max_len)))
    return np.random.default_rng(seed).integers(low, high + 1, size=int(batch))


def compute_batching(lengths: np.ndarray) -> dict[str, object]:
    """Padding mask, packing order and counts for sequences of the given lengths.

    Returns {"mask": (T_max, B) bool, True on real steps; "order": (B,) longest first;
    "batch_sizes": (T_max,); "real": sum of lengths; "padded": T_max * B;
    "padding_fraction": the share of the padded grid that is padding}.
    """
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be a non-empty 1-D int array, got {lengths!r}")
    if (lengths < 1).any():
        raise ValueError(f"lengths must all be >= 1, got {lengths.tolist()}")
    T_max = int(lengths.max())
    mask = np.arange(T_max)[:, None] < lengths[None, :]
    real, padded = int(lengths.sum()), T_max * lengths.size
    return {
        "mask": mask,
        "order": np.argsort(-lengths, kind="stable"),
        "batch_sizes": mask.sum(axis=1),
        "real": real,
        "padded": padded,
        "padding_fraction": 1.0 - real / padded,
    }


class BatchingFigure:
    """The figure of :func:`plot_batching`: axes built once, the two grids redrawn per update."""

    @style.styled
    def __init__(self) -> None:
        fig, (ax_pad, ax_pack) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.6), sharey=True)
        self.fig, self.ax_pad, self.ax_pack = fig, ax_pad, ax_pack
        ax_pad.set_ylabel("time step t")
        ax_pad.set_xlabel("sequence b (its length below)")
        ax_pack.set_xlabel("original index, longest first")
        self.title_pad = ax_pad.set_title("")
        self.title_pack = ax_pack.set_title("")
        self.drawn: list = []  # the meshes and numbers of the current batch

    def update(self, lengths: np.ndarray, batching: dict[str, object]) -> Figure:
        """Show `lengths` and their `batching` (from :func:`compute_batching`); same Figure."""
        for artist in self.drawn:
            artist.remove()
        mask = batching["mask"]
        T_max, B = mask.shape
        ax_pad, ax_pack = self.ax_pad, self.ax_pack
        grid = {"vmin": 0, "vmax": 1, "edgecolors": "white", "linewidth": 0.5}
        edges = np.arange(B + 1) - 0.5, np.arange(T_max + 1) - 0.5
        packed = mask[:, batching["order"]]  # longest first: each row is a prefix of the batch
        self.drawn = [
            ax_pad.pcolormesh(*edges, mask, cmap=PADDED, **grid),
            ax_pack.pcolormesh(*edges, packed, cmap=PACKED, **grid),
        ]
        sizes = batching["batch_sizes"]
        for t in range(T_max) if T_max <= 16 else []:  # 12 px numbers need 16 px rows
            number = ax_pack.text(sizes[t] - 1, t, str(sizes[t]), ha="center", va="center")
            number.set_color("white")
            self.drawn.append(number)
        ax_pad.set_xlim(-0.5, B - 0.5)
        ax_pack.set_xlim(-0.5, B - 0.5)
        ax_pad.set_ylim(T_max - 0.5, -0.5)  # time runs down
        self.title_pad.set_text(
            f"padded: ({T_max}, {B}) grid, {batching['padding_fraction']:.0%} padding"
        )
        ax_pad.set_xticks(range(B), [str(n) for n in lengths])
        self.title_pack.set_text(f"packed: {batching['real']} real steps, batch_sizes per t")
        ax_pack.set_xticks(range(B), [str(int(b)) for b in batching["order"]])
        return style.describe(
            self.fig,
            f"Two grids of time steps by sequence for a batch of {B} sequences of lengths "
            f"{', '.join(str(int(n)) for n in lengths)}: padded to {T_max} steps with "
            f"{batching['padding_fraction']:.0%} padding, and packed longest first with "
            f"{batching['real']} real steps.",
        )


@style.styled
def plot_batching(lengths: np.ndarray, batching: dict[str, object]) -> Figure:
    """The padded grid next to the packed rows (see the module docstring)."""
    return BatchingFigure().update(lengths, batching)


def make_batching_widget(batch: int = 6, min_len: int = 2, max_len: int = 12) -> WidgetPanel:
    """Sliders for the batch size and the range of lengths, and a seed for the draw."""

    view = BatchingFigure()  # one figure, updated in place on every move

    def draw(batch: int, min_len: int, max_len: int, seed: int) -> Figure:
        lengths = draw_lengths(batch, min_len, max_len, seed)
        return view.update(lengths, compute_batching(lengths))

    controls = {
        "batch": widgets.IntSlider(value=batch, min=1, max=16, description="B"),
        "min_len": widgets.IntSlider(value=min_len, min=1, max=30, description="shortest"),
        "max_len": widgets.IntSlider(value=max_len, min=1, max=30, description="longest"),
        "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed"),
    }
    return interactive_panel(
        controls, draw, layout_rows=[["batch", "seed"], ["min_len", "max_len"]]
    )
