"""Plots for notebooks 06-07 (BPTT, vanishing and exploding gradients), and a fast log axis.

Every plot function takes data and returns a Figure; none calls plt.show().
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = [
    "log_axis",
    "plot_by_distance",
    "plot_truncation",
    "plot_norm_curves",
]


def _decade_label(value: float, pos: int) -> str:
    if not np.isfinite(value) or value <= 0:  # the locator may place ticks beyond float64
        return ""
    exponent = int(round(np.log10(value)))
    return "1" if exponent == 0 else f"1e{exponent}"


class _DecadeLocator(ticker.Locator):
    """At most `numticks` ticks at powers of ten, never beyond float64 (LogLocator overflows)."""

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
    """Log-scale y axis with a few plain decade labels (no minor labels: fast to draw)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(_DecadeLocator(numticks))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(_decade_label))
    ax.yaxis.set_minor_locator(ticker.NullLocator())


def plot_by_distance(curves: dict[str, np.ndarray], ylabel: str, title: str = "") -> Figure:
    """Curves against the distance d = t - i (steps back), log scale; label -> values (N,)."""
    fig, ax = plt.subplots(figsize=(7, 3))
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        d = np.arange(values.size)
        ok = np.isfinite(values) & (values > 0)
        ax.plot(d[ok], values[ok], marker=".", lw=1.2, label=label)
    log_axis(ax)
    ax.set_xlabel("distance d = t - i (steps back)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def plot_truncation(profiles: dict[str, dict[str, np.ndarray]]) -> Figure:
    """Relative error of truncated BPTT's gradient against the window k, one line per setting."""
    fig, ax = plt.subplots(figsize=(7, 3))
    for label, prof in profiles.items():
        err = np.clip(prof["relative_error"], 1e-17, None)  # a full window gives exactly 0
        ax.plot(prof["k"], err, marker=".", lw=1.2, label=label)
    log_axis(ax)
    ax.set_xlabel("window k (steps kept)")
    ax.set_ylabel(r"$\|g_k - g\| / \|g\|$")
    ax.set_title("gradient lost by truncating BPTT", fontsize=10)
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    return fig


def plot_norm_curves(
    x: np.ndarray, curves: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str = ""
) -> Figure:
    """Several positive curves over the same x on a log scale (non-positive points skipped)."""
    fig, ax = plt.subplots(figsize=(7, 3))
    x = np.asarray(x)
    for label, values in curves.items():
        values = np.asarray(values, dtype=np.float64)
        ok = np.isfinite(values) & (values > 0)
        ax.plot(x[ok], values[ok], lw=1.5, label=label)
    log_axis(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig
