"""Eigenvalue sliders: watch λ^t vanish or explode in the state and in the gradient.

The linear RNN h_t = W^T h_{t-1} with W = Q^T Λ Q (three eigen-directions, one slider for
each |λ_i|) gives h_t = Q^T Λ^t Q h_0. Left: ‖h_t‖ and each direction's |λ_i|^t. Right: the
backward pass, ‖∂h_T/∂h_t‖ = ‖(W^T)^{T-t}‖, against the distance T - t, with |λ_i|^{T-t}.
Both on a log scale; values beyond float64 (inf) or exactly 0 are listed, never dropped silently.
"""

from __future__ import annotations

import textwrap

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rnnlab._validate import check_int
from rnnlab.analysis.spectral import (
    linear_jacobian_products,
    linear_rollout,
    matrix_with_eigenvalues,
    random_orthogonal,
    spectral_norms,
)
from rnnlab.plots import style
from rnnlab.plots.gradients import decade_limits, log_axis
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_eigen_dynamics", "plot_eigen_dynamics", "EigenFigure", "make_eigen_widget"]

FLOOR, CEIL = 1e-300, 1e300  # what the log axis shows of float64's range (1e-308 to 1e308)
SUB = "₀₁₂₃₄₅₆₇₈₉"
COLORS = tuple(style.CYCLE[:5])  # one per eigen-direction; the totals are black


def compute_eigen_dynamics(lams: object, T: int, Q: np.ndarray | None = None) -> dict:
    """Roll the linear RNN forward T steps and its gradient backward, for eigenvalues `lams`.

    lams (k,) eigenvalues (the sliders give magnitudes >= 0); T >= 1 steps; Q (k, k) orthogonal
    (default: a fixed one drawn from seed 0). h_0 has one unit along each eigen-direction.
    Returns a dict with t (T+1,), norm_h (T+1,) = ‖h_t‖ of the roll-out, powers (T+1, k) =
    |λ_i|^t (the eigen-coordinates |Q h_t|, exactly), distance (T+1,) = T - t,
    norm_grad (T+1,) = ‖∂h_T/∂h_t‖ (spectral norm), and
    lams. Overflow gives inf and underflow 0, never an error.
    """
    lams = np.asarray(lams, dtype=np.float64)
    if lams.ndim != 1 or lams.size == 0 or not np.all(np.isfinite(lams)):
        raise ValueError(f"lams must be a non-empty vector of finite numbers, got {lams!r}")
    check_int(T, "T")
    k = lams.size
    if Q is None:
        Q = random_orthogonal(k, rng=np.random.default_rng(0))
    W, Q = matrix_with_eigenvalues(lams, Q=Q)
    t = np.arange(T + 1)
    hs = linear_rollout(W, Q.T @ np.ones(k), int(T))  # measured: the actual roll-out
    # the eigen-coordinates of h_t are exactly λ_i^t here; computing them back from hs would
    # bury the small ones under the round-off (~1e-16) of the large ones
    with np.errstate(over="ignore", under="ignore"):
        powers = np.abs(lams)[None, :] ** t[:, None].astype(np.float64)
    grad = spectral_norms(linear_jacobian_products(W, int(T)))
    return {
        "lams": lams,
        "t": np.arange(T + 1),
        "norm_h": _safe_norms(hs),
        "powers": powers,
        "distance": T - np.arange(T + 1),
        "norm_grad": grad,
    }


def _safe_norms(hs: np.ndarray) -> np.ndarray:
    """Row norms that only overflow when an entry does (a plain sum of squares overflows early)."""
    out = np.full(hs.shape[0], np.inf)
    ok = np.all(np.isfinite(hs), axis=1)
    scale = np.abs(hs[ok]).max(axis=1)
    safe = np.where(scale > 0, scale, 1.0)
    out[ok] = scale * np.sqrt(np.sum((hs[ok] / safe[:, None]) ** 2, axis=1))
    return out


def _names(k: int) -> list[str]:
    """|λ₁|^t, |λ₂|^t, ...: plain unicode, no mathtext (parsing TeX costs tens of ms a draw)."""
    return [f"|λ{SUB[i + 1]}|^t" for i in range(k)]


def _notes(x, ys, labels, xname) -> list[str]:
    """Where a curve is exactly 0 or beyond float64 (inf): a log axis cannot show those points."""
    notes = []
    for y, label in zip(ys, labels, strict=True):
        if (y == 0).any():
            notes.append(f"{label} = 0 at {xname}={int(x[y == 0].min())}")
        if np.isinf(y).any():
            notes.append(f"{label} = inf (beyond float64) at {xname}={int(x[np.isinf(y)].min())}")
    return notes


def _set_loglines(ax, lines, x, ys) -> None:
    """Put the positive finite values of each y on its line; fit the limits to all of them."""
    marker = "." if x.size <= 12 else "None"  # a single point needs a marker to be seen
    for line, y in zip(lines, ys, strict=True):
        ok = np.isfinite(y) & (y > 0)
        line.set_data(x[ok], y[ok])
        line.set_marker(marker)
    finite = np.concatenate([np.clip(y[np.isfinite(y) & (y > 0)], FLOOR, CEIL) for y in ys])
    low = min(finite.min(), 1.0) if finite.size else 1.0
    high = max(finite.max(), 1.0) if finite.size else 1.0
    low, high = decade_limits(max(low, FLOOR * 10), min(high, CEIL / 10))
    ax.set_ylim(max(low, FLOOR), min(high, CEIL))
    ax.set_xlim(x.min(), max(x.max(), 1))


class EigenFigure:
    """The figure of :func:`plot_eigen_dynamics` for k eigenvalues, built once, updated in place.

    Left: forward ‖h_t‖ and |λ_i|^t; right: backward ‖∂h_T/∂h_t‖ and |λ_i|^(T-t); log scales.
    """

    @style.styled
    def __init__(self, k: int) -> None:
        colors = ["black", *[COLORS[i % len(COLORS)] for i in range(k)]]
        styles = ["-", *["--"] * k]
        labels = ["‖h_t‖", *_names(k)]
        self.fig, (ax_f, ax_b) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.6))
        self.axes = (ax_f, ax_b)
        self.lines = {}
        for ax in self.axes:
            # the log scale before any data: autoscaling huge values on a linear axis overflows
            log_axis(ax, numticks=5)
            ax.set_autoscaley_on(False)
            self.lines[ax] = [
                ax.plot([], [], ls, color=color, label=label)[0]
                for color, ls, label in zip(colors, styles, labels, strict=True)
            ]
            ax.axhline(1.0, color=style.COLORS["baseline"], ls=":")
            ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))  # few labels: text is slow
        ax_f.set_xlabel("step t")
        ax_b.set_xlabel("distance T - t (steps back)")
        static(  # drawn once, not on every move
            ax_f.set_title("forward: h_t = Qᵀ Λᵗ Q h₀"),
            ax_b.set_title("backward: ∂h_T/∂h_t = (Wᵀ)^(T-t)"),
            *[line for ax in self.axes for line in ax.lines[-1:]],  # the dotted line at 1
            ax_f.legend(loc="lower left"),  # the values are on the sliders
        )
        # where a curve leaves float64; two lines reserved in the layout, empty by default
        self.note = self.fig.supxlabel(" \n ", color=style.COLORS["highlight"], ha="left", x=0.01)

    def update(self, data: dict) -> Figure:
        """Show `data` from :func:`compute_eigen_dynamics`; return the same Figure."""
        lams = data["lams"]
        names = _names(lams.size)
        t, d = data["t"], data["distance"]
        ax_f, ax_b = self.axes
        forward = [data["norm_h"], *data["powers"].T]
        _set_loglines(ax_f, self.lines[ax_f], t, forward)
        # for a symmetric W the per-direction factor of the gradient is |λ_i|^(T - t) as well
        with np.errstate(over="ignore", under="ignore"):
            backward = [data["norm_grad"], *[np.abs(lam) ** d.astype(np.float64) for lam in lams]]
        _set_loglines(ax_b, self.lines[ax_b], d, backward)
        notes = _notes(t, forward, ["‖h_t‖", *names], "t")
        notes += _notes(d, backward, ["‖∂h_T/∂h_t‖", *names], "T-t")
        note = textwrap.fill("; ".join(dict.fromkeys(notes)), 100)
        self.note.set_text(note or " \n ")
        return style.describe(
            self.fig,
            "Two log-scale line plots: forward ‖h_t‖ over t and backward ‖∂h_T/∂h_t‖ over T-t, "
            f"with dashed |λ_i|^t for |λ| = {', '.join(f'{abs(v):.2f}' for v in lams)} and "
            f"T = {int(t[-1])}.",
        )


@style.styled
def plot_eigen_dynamics(data: dict) -> Figure:
    """Two log-scale panels: forward ‖h_t‖ and |λ_i|^t; backward ‖∂h_T/∂h_t‖ and |λ_i|^(T-t)."""
    return EigenFigure(data["lams"].size).update(data)


def make_eigen_widget(
    lam1: float = 0.5, lam2: float = 0.95, lam3: float = 1.05, T: int = 50
) -> WidgetPanel:
    """Three eigenvalue-magnitude sliders (0 to 2) and a T slider (1 to 1100)."""
    Q = random_orthogonal(3, rng=np.random.default_rng(0))  # fixed directions: only λ moves

    def slider(value, description):
        return widgets.FloatSlider(
            value=value, min=0.0, max=2.0, step=0.01, description=description
        )

    controls = {
        "lam1": slider(lam1, "|λ₁|"),
        "lam2": slider(lam2, "|λ₂|"),
        "lam3": slider(lam3, "|λ₃|"),
        "T": widgets.IntSlider(value=T, min=1, max=1100, description="T"),
    }

    view = EigenFigure(3)  # one figure, updated in place on every move

    def draw(lam1: float, lam2: float, lam3: float, T: int) -> Figure:
        return view.update(compute_eigen_dynamics([lam1, lam2, lam3], T, Q))

    return interactive_panel(controls, draw, layout_rows=[["lam1", "lam2"], ["lam3", "T"]])
