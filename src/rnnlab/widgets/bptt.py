"""The gradient of one loss term, split by the appearance of W_hh it flows through.

A small tanh RNN with W_hh scaled to spectral radius ρ reads T random inputs. The bars are the
lecture's ∂J^(T)/∂W_hh |_(i) for every appearance i = 1..T (their Frobenius norms, log scale);
the last k appearances are what truncated BPTT with a window of k keeps.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from rnnlab._validate import check_int
from rnnlab.analysis.bptt import loss_term_contributions
from rnnlab.analysis.spectral import spectral_radius
from rnnlab.plots import style
from rnnlab.plots.gradients import decade_limits, log_axis
from rnnlab.scratch.rnn import init_rnn_params
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = [
    "bptt_problem",
    "compute_bptt_contributions",
    "plot_bptt_contributions",
    "BpttFigure",
    "make_bptt_widget",
]

T_MAX = 60


def bptt_problem(H: int = 16, D: int = 4, V: int = 4, T_max: int = T_MAX, seed: int = 0) -> dict:
    """A fixed random problem: params with W_hh at spectral radius 1, xs (T_max, 1, D), targets."""
    rng = np.random.default_rng(seed)
    params = init_rnn_params(D, H, V, rng=rng)
    params["W_hh"] = params["W_hh"] / spectral_radius(params["W_hh"])
    xs = rng.normal(size=(T_max, 1, D))
    targets = rng.integers(0, V, size=(T_max, 1))
    return {"params": params, "xs": xs, "targets": targets}


def compute_bptt_contributions(rho: float, T: int, k: int, problem: dict) -> dict:
    """Norms of ∂J^(T)/∂W_hh |_(i) for i = 1..T with W_hh at spectral radius rho.

    rho >= 0, 1 <= T <= len(problem xs), k >= 1 (clamped to T). Returns {'i' (T,) 1-based
    appearances, 'norms' (T,), 'kept' (T,) bool for the last k, 'relative_error' of the
    truncated sum against the full one, 'rho', 'T', 'k'}.
    """
    T_max = problem["xs"].shape[0]
    if not np.isfinite(rho) or rho < 0:
        raise ValueError(f"rho must be a finite number >= 0, got {rho!r}")
    if not isinstance(T, int | np.integer) or not 1 <= T <= T_max:
        raise ValueError(f"T must be an int in [1, {T_max}], got {T!r}")
    check_int(k, "k")
    k = min(int(k), int(T))
    params = {**problem["params"], "W_hh": rho * problem["params"]["W_hh"]}
    C = loss_term_contributions(params, problem["xs"][:T], problem["targets"][:T], T - 1)
    full = C.sum(axis=0)
    kept = np.arange(T) >= T - k
    truncated = C[kept].sum(axis=0)
    scale = np.linalg.norm(full)
    rel = float(np.linalg.norm(truncated - full) / scale) if scale > 0 else 0.0
    return {
        "i": np.arange(1, T + 1),
        "norms": np.linalg.norm(C, axis=(1, 2)),
        "kept": kept,
        "relative_error": rel,
        "rho": float(rho),
        "T": int(T),
        "k": k,
    }


class BpttFigure:
    """The figure of :func:`plot_bptt_contributions`, built once and updated in place.

    All bars are one PolyCollection (one artist, not T rectangles), so a redraw costs little more
    than drawing the axes.
    """

    @style.styled
    def __init__(self) -> None:
        self.fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
        log_axis(ax, numticks=5)
        ax.set_ylim(1e-3, 1.0)
        self.ax = ax
        self.bars = PolyCollection([], linewidths=0)
        ax.add_collection(self.bars)
        self.xlabel = ax.set_xlabel("")
        ax.set_ylabel("‖∂J⁽ᵀ⁾/∂W_hh|₍ᵢ₎‖")
        self.title = ax.set_title("")

    def update(self, data: dict) -> Figure:
        """Show `data` from :func:`compute_bptt_contributions`; return the same Figure."""
        i, norms, kept = data["i"], data["norms"], data["kept"]
        positive = norms[norms > 0]
        # whole decades: a slider moving a little keeps the limits, and the ticks are not redrawn
        low, high = decade_limits(positive.min(), positive.max()) if positive.size else (1e-3, 1.0)
        low = max(low, 1e-300)
        # a zero contribution (h_0 = 0 at i = 1) stays a bar of height 0 above the axis floor
        top = np.clip(norms, low, None)
        left, right = i - 0.4, i + 0.4
        bottom = np.full_like(top, low)
        xs = np.stack([left, left, right, right], 1)
        ys = np.stack([bottom, top, top, bottom], 1)
        verts = np.stack([xs, ys], -1)  # (T, 4 corners, 2)
        self.bars.set_verts(verts)
        self.bars.set_facecolor(np.where(kept, style.COLORS["gradient"], style.COLORS["muted"]))
        self.ax.set_ylim(low, high)
        self.ax.set_xlim(0.3, data["T"] + 0.7)
        self.xlabel.set_text(f"appearance i of W_hh (loss term at t = T = {data['T']})")
        self.title.set_text(
            f"ρ = {data['rho']:.2f}, window k = {data['k']}: the truncated sum is off by "
            f"{100 * data['relative_error']:.3g}% of the full gradient"
        )
        return style.describe(
            self.fig,
            f"Bar chart, log scale: the size of each appearance's contribution to the gradient "
            f"for T = {data['T']}, ρ = {data['rho']:.2f}; the last k = {data['k']} bars, kept by "
            f"truncation, are coloured; the truncated sum is off by "
            f"{100 * data['relative_error']:.3g}%.",
        )


@style.styled
def plot_bptt_contributions(data: dict) -> Figure:
    """Bars of ‖∂J^(T)/∂W_hh|_(i)‖ by appearance i; the truncation window in colour."""
    return BpttFigure().update(data)


def make_bptt_widget(rho: float = 1.0, T: int = 30, k: int = 10) -> WidgetPanel:
    """Sliders for the spectral radius ρ of W_hh, the length T and the truncation window k."""
    problem = bptt_problem()  # fixed weights and inputs: only the sliders change the picture
    controls = {
        "rho": widgets.FloatSlider(value=rho, min=0.0, max=2.5, step=0.05, description="ρ"),
        "T": widgets.IntSlider(value=T, min=1, max=T_MAX, description="T"),
        "k": widgets.IntSlider(value=k, min=1, max=T_MAX, description="window k"),
    }

    view = BpttFigure()  # one figure, updated in place on every move

    def draw(rho: float, T: int, k: int) -> Figure:
        return view.update(compute_bptt_contributions(rho, T, k, problem))

    return interactive_panel(controls, draw)
