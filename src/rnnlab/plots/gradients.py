"""Plots for notebooks 06-07 (BPTT, vanishing and exploding gradients), and a fast log axis.

Every plot function takes data and returns a Figure; none calls plt.show().
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from rnnlab.plots import style

__all__ = [
    "decade_limits",
    "log_axis",
    "plot_by_distance",
    "plot_truncation",
    "plot_norm_curves",
    "plot_bptt_graph",
]


class _DecadeLocator(ticker.Locator):
    """At most `numticks` ticks at powers of ten, never beyond float64 (LogLocator overflows)."""

    @style.styled
    def __init__(self, numticks: int) -> None:
        self.numticks = numticks

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def tick_values(self, vmin: float, vmax: float):
        lo, hi = sorted((max(vmin, 1e-300), max(vmax, 1e-300)))
        e0, e1 = int(np.floor(np.log10(lo))), int(np.ceil(np.log10(min(hi, 1e300))))
        stride = max(1, int(np.ceil((e1 - e0 + 1) / self.numticks)))
        first = int(np.ceil(e0 / stride)) * stride
        return [10.0**e for e in range(first, e1 + 1, stride)]


def log_axis(ax: Axes, numticks: int = 6) -> None:
    """Log-scale y axis with a few decade labels in the one log format, 10⁻³ (no minor labels:
    fast to draw)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(_DecadeLocator(numticks))
    ax.yaxis.set_major_formatter(style.DECADES)
    ax.yaxis.set_minor_locator(ticker.NullLocator())


def decade_limits(low: float, high: float) -> tuple[float, float]:
    """Log-axis limits at whole decades around [low, high] (both > 0), one decade of margin.

    A live plot whose values move a little keeps the same limits, so its ticks need not be drawn
    again (:mod:`rnnlab.widgets._blit`), and its axis always ends at a labelled decade.
    """
    if not (0 < low <= high):
        raise ValueError(f"low and high must satisfy 0 < low <= high, got {low!r}, {high!r}")
    return 10.0 ** (np.floor(np.log10(low)) - 1), 10.0 ** (np.ceil(np.log10(high)) + 1)


@style.styled
def plot_by_distance(curves: dict[str, np.ndarray], ylabel: str, title: str = "") -> Figure:
    """Curves against a distance d (steps back), log scale; label -> values (N,)."""
    fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        d = np.arange(values.size)
        ok = np.isfinite(values) & (values > 0)
        ax.plot(d[ok], values[ok], marker=".", label=label)
    log_axis(ax)
    ax.set_xlabel("distance d (steps back)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return style.describe(
        fig,
        f"Line plot, log scale: {ylabel} against the distance d for "
        f"{', '.join(curves)}{'; ' + title if title else ''}.",
    )


@style.styled
def plot_truncation(profiles: dict[str, dict[str, np.ndarray]]) -> Figure:
    """Relative error of truncated BPTT's gradient against the window k, one line per setting."""
    fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
    for label, prof in profiles.items():
        err = np.clip(prof["relative_error"], 1e-17, None)  # a full window gives exactly 0
        ax.plot(prof["k"], err, marker=".", label=label)
    log_axis(ax)
    ax.set_xlabel("window k (steps kept)")
    ax.set_ylabel(r"$\|g_k - g\| / \|g\|$")
    ax.set_title("gradient lost by truncating BPTT")
    ax.legend(loc="lower left")
    return style.describe(
        fig,
        "Line plot, log scale: the relative error of truncated BPTT's "
        f"gradient against the window k, for {', '.join(profiles)}.",
    )


@style.styled
def plot_norm_curves(
    x: np.ndarray, curves: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str = ""
) -> Figure:
    """Several positive curves over the same x on a log scale (non-positive points skipped)."""
    fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
    x = np.asarray(x)
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        ok = np.isfinite(values) & (values > 0)
        ax.plot(x[ok], values[ok], label=label)
    log_axis(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return style.describe(
        fig,
        f"Line plot, log scale: {ylabel} against {xlabel} for "
        f"{', '.join(curves)}{'; ' + title if title else ''}.",
    )


def _arrow(ax: Axes, start, end, color: str, rad: float = 0.0, dashed: bool = False) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            color=color,
            ls="--" if dashed else "-",
            connectionstyle=f"arc3,rad={rad}",
        )
    )


@style.styled
def plot_bptt_graph(T: int = 4) -> Figure:
    """The unrolled graph for T steps: the forward pass in black, the backward pass in red
    (the style's gradient colour, vermillion).

    Each black W_hh arrow is one appearance i of the same matrix; the red arrows carry
    ∂J/∂h back, and at each appearance the gradient picks up its contribution ∂J/∂W_hh|_(i).
    """
    if not isinstance(T, int) or not 1 <= T <= 8:
        raise ValueError(f"T must be an int in [1, 8], got {T!r}")
    gap = 1.9
    fig, ax = plt.subplots(figsize=(min(2.0 + 1.45 * T, style.WIDTH), 3.6))
    for t in range(T + 1):
        x = gap * t
        ax.add_patch(Circle((x, 0), 0.32, fc="#A9D4F0", ec="black"))
        ax.text(x, 0, f"$h_{t}$", ha="center", va="center")
        if t == 0:
            continue
        box = FancyBboxPatch((x - 0.38, 1.25), 0.76, 0.5, boxstyle="round,pad=0.04", fc="#F7D394")
        ax.add_patch(box)
        ax.text(x, 1.5, f"$J^{{({t})}}$", ha="center", va="center")
        ax.add_patch(Circle((x, -1.35), 0.26, fc="#eeeeee", ec="gray"))
        ax.text(x, -1.35, f"$x_{t}$", ha="center", va="center")
        _arrow(ax, (x, -1.08), (x, -0.33), "gray")
        _arrow(ax, (x - 0.1, 0.33), (x - 0.1, 1.22), "black")  # forward: h_t -> J^(t)
        _arrow(
            ax, (x + 0.12, 1.22), (x + 0.12, 0.33), style.COLORS["gradient"], dashed=True
        )  # backward
        prev = x - gap
        _arrow(ax, (prev + 0.33, 0.07), (x - 0.33, 0.07), "black")
        ax.text(prev + gap / 2, 0.22, f"$W_{{hh}}$ ({t})", ha="center")
        _arrow(
            ax,
            (x - 0.3, -0.15),
            (prev + 0.3, -0.15),
            style.COLORS["gradient"],
            rad=-0.35,
            dashed=True,
        )
        ax.text(
            prev + gap / 2,
            -0.72,
            rf"$\partial J/\partial W_{{hh}}|_{{({t})}}$",
            ha="center",
            color=style.COLORS["gradient"],
        )
    ax.set_xlim(-0.6, gap * T + 0.6)
    ax.set_ylim(-1.75, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(
        "forward (black): the same $W_{hh}$ at every step;\nbackward (red): one contribution "
        "per appearance",
    )
    return style.describe(
        fig,
        f"Diagram of the RNN unrolled over {T} steps: inputs x_t feed states h_t, each state feeds "
        "a loss J(t); black arrows run forward through W_hh, red dashed arrows carry the gradient "
        "back, one contribution per appearance of W_hh.",
    )
