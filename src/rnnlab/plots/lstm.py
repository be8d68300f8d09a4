"""Plots for the LSTM notebooks: gate heatmaps over a passage, gradient flow, training curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

from rnnlab.plots import style
from rnnlab.plots.gradients import log_axis

__all__ = ["plot_lstm_cell", "plot_gate_heatmaps", "plot_gradient_flow", "plot_memory_curves"]

GATE_TITLES = {
    "i": "input gate $i_t$",
    "f": "forget gate $f_t$",
    "o": "output gate $o_t$",
    "cell": r"cell $\tanh(c_t)$",
}


# the cell diagram: gate boxes on the bottom row, operations (circles) above, the cell's line on top
_GATES = {  # gate -> (x, label, colour, the step of the lecture it belongs to)
    "f": (1.6, r"$f_t$" + "\n" + r"$\sigma$", "forget", "1"),
    "i": (3.0, r"$i_t$" + "\n" + r"$\sigma$", "input_gate", "2"),
    "c": (4.2, r"$\tilde c_t$" + "\n" + "tanh", "candidate", "2"),
    "o": (5.6, r"$o_t$" + "\n" + r"$\sigma$", "output_gate", "4"),
}


def _op(ax: Axes, xy: tuple[float, float], text: str, size: float | None = None) -> None:
    ax.add_patch(Circle(xy, 0.22, facecolor="white", edgecolor="black", lw=1.5, zorder=3))
    ax.text(*xy, text, ha="center", va="center", zorder=4, fontsize=size)


def _line(ax: Axes, *points: tuple[float, float], color: str = "black", lw: float = 1.5) -> None:
    """Segments through `points`, an arrow head on the last."""
    for a, b in zip(points[:-2], points[1:-1], strict=True):
        ax.plot([a[0], b[0]], [a[1], b[1]], color=color, lw=lw, zorder=1)
    head = {"arrowstyle": "->", "lw": lw, "color": color}
    ax.annotate("", xy=points[-1], xytext=points[-2], arrowprops=head, zorder=2)


def _gate_boxes(ax: Axes) -> None:
    for x, label, color, step in _GATES.values():
        look = {"boxstyle": "round,pad=0.03", "alpha": 0.35, "zorder": 3}
        box = FancyBboxPatch((x - 0.38, 0.75), 0.76, 0.8, facecolor=style.COLORS[color], **look)
        ax.add_patch(box)
        ax.text(x, 1.15, label, ha="center", va="center", zorder=4)
        ax.text(x + 0.5, 1.45, step, ha="center", va="center", color="#444444", fontsize=9)
        _line(ax, (x, 0.2), (x, 0.75))  # [h_{t-1}, x_t] into every gate


@style.styled
def plot_lstm_cell() -> Figure:
    """The LSTM cell as one diagram: the lecture's four steps (numbered) on one picture.

    Bottom: h_{t-1} and x_t, fed to the four gate boxes (forget, input, candidate, output).
    Top: the cell's line c_{t-1} -> x f_t -> + i_t x c~_t -> c_t, with no matrix on it; on the
    right, h_t = o_t x tanh(c_t) leaves the cell and goes on to the next step.
    """
    fig, ax = plt.subplots(figsize=(style.WIDTH, 4.2))
    top, mid = 3.4, 2.3
    _gate_boxes(ax)
    _line(ax, (-0.2, 0.2), (5.6, 0.2), (5.6, 0.2))  # the input bus
    ax.text(-0.25, 0.2, r"$h_{t-1}$, $x_t$", ha="right", va="center")
    _line(ax, (-0.2, top), (1.38, top))  # the cell's line, c_{t-1} in
    ax.text(-0.25, top, r"$c_{t-1}$", ha="right", va="center")
    _op(ax, (1.6, top), r"$\times$")
    _line(ax, (1.6, 1.55), (1.6, top - 0.22))
    _line(ax, (1.82, top), (3.38, top))
    _op(ax, (3.6, mid), r"$\times$")
    _line(ax, (3.0, 1.55), (3.0, mid), (3.38, mid))
    _line(ax, (4.2, 1.55), (4.2, mid), (3.82, mid))
    _op(ax, (3.6, top), "+")
    _line(ax, (3.6, mid + 0.22), (3.6, top - 0.22))
    _line(ax, (3.82, top), (7.3, top))
    ax.text(7.35, top, r"$c_t$", ha="left", va="center")
    ax.text(3.6, top + 0.35, "3", ha="center", color="#444444", fontsize=9)
    _op(ax, (6.5, mid), "tanh", size=8)
    _line(ax, (6.5, top), (6.5, mid + 0.22))
    _op(ax, (6.5, 1.15), r"$\times$")
    _line(ax, (6.5, mid - 0.22), (6.5, 1.37))
    _line(ax, (5.98, 1.15), (6.28, 1.15))
    _line(ax, (6.72, 1.15), (7.3, 1.15))
    ax.text(7.35, 1.15, r"$h_t$", ha="left", va="center")
    ax.set_xlim(-1.3, 7.9)
    ax.set_ylim(-0.1, 3.9)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The LSTM cell: steps 1-4 of the lecture on one picture", loc="left")
    return style.describe(
        fig,
        "Diagram of the LSTM cell: h_{t-1} and x_t feed four boxes, the forget gate f_t, input "
        "gate i_t, candidate c~_t and output gate o_t; along the top the cell state runs from "
        "c_{t-1} through a product with f_t and a sum with i_t times c~_t to c_t, with no weight "
        "matrix on that line; on the right h_t = o_t times tanh(c_t). Numbers 1 to 4 mark the "
        "lecture's four steps.",
    )


@style.styled
def plot_gate_heatmaps(
    passage: str, trace: Mapping[str, np.ndarray], units: Sequence[int] | None = None
) -> Figure:
    """Heatmaps of the gates (and tanh of the cell) of chosen units over the characters of a
    passage.

    passage: the text, of length T; trace: from ``lstm_forward`` on that text with B = 1, each
    entry (T, 1, H) or (T, H); units: the hidden units to show (default: the first 8).
    """
    T = len(passage)
    arrays = {}
    for key in ("i", "f", "o", "cell"):
        arr = np.asarray(trace[key])
        arr = arr[:, 0, :] if arr.ndim == 3 else arr
        if arr.shape[0] != T:
            raise ValueError(f"trace['{key}'] has {arr.shape[0]} steps, the passage {T} characters")
        arrays[key] = np.tanh(arr) if key == "cell" else arr
    H = arrays["i"].shape[1]
    units = list(range(min(8, H))) if units is None else list(units)
    if not units or min(units) < 0 or max(units) >= H:
        raise ValueError(f"units must be a non-empty list of indices in [0, {H}), got {units}")
    rows = len(units) * 0.2 + 0.7  # inches per panel: 12 px labels need ~15 px rows
    fig, axes = plt.subplots(4, 1, figsize=(style.WIDTH, 4 * rows + 0.6), sharex=True)
    for ax, (key, arr) in zip(axes, arrays.items(), strict=True):
        vmin, cmap = (-1, "RdBu_r") if key == "cell" else (0, "viridis")
        im = ax.imshow(arr[:, units].T, aspect="auto", vmin=vmin, vmax=1, cmap=cmap)
        ax.set_yticks(range(len(units)), [str(u) for u in units])
        ax.set_ylabel("unit")
        ax.set_title(GATE_TITLES[key], loc="left")
        fig.colorbar(im, ax=ax, pad=0.01, fraction=0.02)
    shown = [c if c not in "\n " else {"\n": "⏎", " ": "␣"}[c] for c in passage]
    every = max(1, int(np.ceil(T / 64)))  # 64 monospace labels of 12 px fit the width
    axes[-1].set_xticks(range(0, T, every), shown[::every], family="monospace")
    return style.describe(
        fig,
        f"Four heat maps, units {units[0]} to {units[-1]} by the {T} characters of the passage: "
        "the input, forget and output gates (0 to 1) and tanh of the cell (-1 to 1).",
    )


@style.styled
def plot_gradient_flow(distance: np.ndarray, curves: Mapping[str, np.ndarray]) -> Figure:
    """‖∂J/∂h_t‖ relative to its value at the loss, against the distance, on a log scale.

    distance (T,) = T-1-t and curves label -> norms (T,), t forwards, as in the result of
    ``rnnlab.experiments.gradient_flow.gradient_flow_experiment``; labels ending in 'init' go
    left, the others right.
    """
    distance = np.asarray(distance)
    fig, axes = plt.subplots(1, 2, figsize=(style.WIDTH, 4.2), sharey=True)
    styles = {
        "RNN": (style.COLORS["rnn"], "-"),
        "LSTM b_f=0": (style.COLORS["lstm"], ":"),
        "LSTM b_f=1": (style.COLORS["lstm"], "-"),
    }
    for label, norms in curves.items():
        ax = axes[0] if label.endswith("init") else axes[1]
        model = label.rsplit(" ", 1)[0]
        color, ls = styles.get(model, (style.COLORS["baseline"], "-"))
        norms = np.asarray(norms, dtype=np.float64)
        ratio = np.clip(norms / norms[-1], 1e-30, None)  # norms[-1] is at distance 0
        ax.plot(distance, ratio, color=color, ls=ls, label=model)
    for ax, title in zip(axes, ["at initialisation", "after training"], strict=True):
        ax.set_title(title)
        ax.set_xlabel("distance T-1-t (steps back from the loss)")
        ax.legend()
        ax.grid(alpha=0.3)
        log_axis(ax)
    axes[0].set_ylabel(r"$\|\partial J/\partial h_t\|$ / value at the loss")
    return style.describe(
        fig,
        "Two log-scale line plots of the gradient norm relative to its value at the loss against "
        f"the distance, at initialisation and after training, for {', '.join(curves)}.",
    )


@style.styled
def plot_memory_curves(results: Sequence) -> Figure:
    """Test metric against training step, one panel per task, with the task's baseline dashed.

    results: MemoryResults of ``rnnlab.experiments.long_memory`` (any objects with their
    task, cell, seq_len, baseline, metric_name, history_steps and history_metric).
    """
    tasks = list(dict.fromkeys(r.task for r in results))
    if not tasks:
        raise ValueError("results must hold at least one result")
    fig, axes = plt.subplots(1, len(tasks), figsize=(style.WIDTH, 4.0), squeeze=False)
    for ax, task in zip(axes[0], tasks, strict=True):
        mine = [r for r in results if r.task == task]
        for r in mine:
            ax.plot(
                r.history_steps,
                r.history_metric,
                marker=".",
                color=style.COLORS.get(r.cell),
                label=r.cell,
            )
        ax.axhline(mine[0].baseline, color=style.COLORS["baseline"], ls=":", label="baseline")
        ax.set_title(f"{task} (T = {mine[0].seq_len})")
        ax.set_xlabel("training step")
        ax.set_ylabel(mine[0].metric_name.replace("test ", "validation "))  # the history's batch
        ax.legend()
    return style.describe(
        fig,
        f"Line plots of the validation metric against the training step for {', '.join(tasks)},"
        " one line per cell type, with each task's baseline dotted.",
    )
