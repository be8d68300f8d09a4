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
from rnnlab.plots.gradients import log_axis
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_powers", "plot_powers", "make_powers_widget"]


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


def plot_powers(t: np.ndarray, values: np.ndarray, lam: float) -> Figure:
    """Plot |lam|^t against t on a log scale; zeros and infinities are marked, not dropped."""
    fig, ax = plt.subplots(figsize=(6, 3))
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.17, top=0.88)  # fixed: cheaper than tight
    finite = np.isfinite(values) & (values > 0)
    shown = np.clip(values[finite], 1e-250, 1e250)  # keep the log axis inside float64 range
    ax.plot(t[finite], shown, marker=".", ms=3, lw=1)
    log_axis(ax)
    ax.set_ylim(min(shown.min(), 1.0) / 10, max(shown.max(), 1.0) * 10)
    ax.axhline(1.0, color="gray", ls=":", lw=1)
    ax.set_xlabel("step t")
    ax.set_ylabel("|λ|^t")
    note = ""
    if (~finite).any():
        first = int(t[~finite][0])
        note = f" (beyond float64 range from t={first})"
    ax.set_title(f"λ = {lam:g}: |λ|^{int(t[-1])} = {values[-1]:.3g}{note}")
    ax.set_xlim(0, t[-1])
    return fig


def _draw(lam: float, steps: int) -> Figure:
    t, values = compute_powers(lam, steps)
    return plot_powers(t, values, lam)


def make_powers_widget(lam: float = 0.9, steps: int = 50) -> WidgetPanel:
    """A slider for lambda and one for the number of steps; the plot shows |lambda|^t."""
    controls = {
        "lam": widgets.FloatSlider(
            value=lam, min=0.0, max=2.0, step=0.01, description="λ", continuous_update=True
        ),
        "steps": widgets.IntSlider(value=steps, min=1, max=200, description="steps"),
    }
    return interactive_panel(controls, _draw)
