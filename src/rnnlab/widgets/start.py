"""The first widget of the course: powers of one number, lambda^t, on a log scale.

It previews notebook 07: repeated multiplication by the same factor vanishes below 1 and
explodes above 1.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rnnlab._validate import check_int
from rnnlab.plots import style
from rnnlab.plots.gradients import decade_limits, log_axis
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_powers", "plot_powers", "PowersFigure", "make_powers_widget"]


def compute_powers(lam: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (t, |lam|^t) for t = 0..steps, as int array (steps+1,) and float array (steps+1,).

    Underflow gives 0 and overflow gives inf; neither raises.
    """
    if not np.isfinite(lam):
        raise ValueError(f"lam must be a finite number, got {lam!r}")
    check_int(steps, "steps")
    t = np.arange(int(steps) + 1)
    with np.errstate(over="ignore", under="ignore"):
        values = np.abs(float(lam)) ** t.astype(np.float64)
    return t, values


class PowersFigure:
    """The figure of :func:`plot_powers`, built once and updated in place on every move."""

    @style.styled
    def __init__(self) -> None:
        self.fig, ax = plt.subplots(figsize=(style.WIDTH, 3.6))
        self.ax = ax
        (self.line,) = ax.plot([], [], marker=".", color=style.COLORS["state"])
        log_axis(ax)
        ax.set_autoscaley_on(False)
        ax.axhline(1.0, color=style.COLORS["baseline"], ls=":")
        ax.set_xlabel("step t")
        ax.set_ylabel("|λ|^t")
        self.title = ax.set_title(" ")

    def update(self, t: np.ndarray, values: np.ndarray, lam: float) -> Figure:
        """Show |lam|^t; zeros and infinities are marked in the title, not dropped silently."""
        finite = np.isfinite(values) & (values > 0)
        shown = np.clip(values[finite], 1e-250, 1e250)  # keep the log axis inside float64 range
        self.line.set_data(t[finite], shown)
        low, high = (shown.min(), shown.max()) if shown.size else (1.0, 1.0)
        self.ax.set_ylim(*decade_limits(min(low, 1.0), max(high, 1.0)))
        self.ax.set_xlim(0, max(int(t[-1]), 1))
        note = ""
        if (~finite).any():
            note = f" (beyond float64 range from t={int(t[~finite][0])})"
        self.title.set_text(f"λ = {lam:g}: |λ|^{int(t[-1])} = {values[-1]:.3g}{note}")
        return style.describe(
            self.fig,
            f"Line plot, log scale: |λ|^t for λ = {lam:g} over t = 0 to {int(t[-1])}, "
            f"ending at {values[-1]:.3g}; a dotted line marks 1.",
        )


def plot_powers(t: np.ndarray, values: np.ndarray, lam: float) -> Figure:
    """Plot |lam|^t against t on a log scale; zeros and infinities are marked, not dropped."""
    return PowersFigure().update(t, values, lam)


def make_powers_widget(lam: float = 0.9, steps: int = 50) -> WidgetPanel:
    """A slider for lambda and one for the number of steps; the plot shows |lambda|^t."""
    controls = {
        "lam": widgets.FloatSlider(
            value=lam, min=0.0, max=2.0, step=0.01, description="λ", continuous_update=True
        ),
        "steps": widgets.IntSlider(value=steps, min=1, max=200, description="steps"),
    }
    view = PowersFigure()  # one figure, updated in place on every move

    def draw(lam: float, steps: int) -> Figure:
        return view.update(*compute_powers(lam, steps), lam)

    return interactive_panel(controls, draw)
