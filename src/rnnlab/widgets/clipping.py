"""A loss surface with a cliff: one gradient step with and without norm clipping.

Near a cliff the gradient is huge, so a plain step w - lr g throws the parameters far away,
into a region the slope never pointed to. Clipping the gradient's norm to a threshold keeps the
direction and bounds the step to lr * threshold (Pascanu, Mikolov & Bengio, 2013).

The surface, over two parameters (x, y):

    J(x, y) = a/2 (x - x*)^2 + b/2 y^2 + height * sigmoid(steep (x - c - s y))

a gentle bowl whose minimum x* lies beyond a steep wall along x = c + s y.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rnnlab.plots import style
from rnnlab.scratch.clip import clip_by_norm
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = [
    "CLIFF",
    "cliff_loss",
    "cliff_grad",
    "cliff_surface",
    "compute_cliff_step",
    "plot_cliff_step",
    "CliffFigure",
    "make_clipping_widget",
]

CLIFF = {"a": 0.2, "x_star": 2.0, "b": 1.0, "height": 3.0, "steep": 12.0, "c": 1.0, "s": 0.3}
EXTENT = (-2.0, 2.5, -1.5, 1.5)  # x_min, x_max, y_min, y_max of the map


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow warnings for large |z|


def cliff_loss(x, y):
    """J(x, y) of the cliff surface; x and y broadcast together."""
    p = CLIFF
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    bowl = 0.5 * p["a"] * (x - p["x_star"]) ** 2 + 0.5 * p["b"] * y**2
    return bowl + p["height"] * _sigmoid(p["steep"] * (x - p["c"] - p["s"] * y))


def cliff_grad(x: float, y: float) -> np.ndarray:
    """The gradient (∂J/∂x, ∂J/∂y) of :func:`cliff_loss` at one point, shape (2,)."""
    p = CLIFF
    sig = _sigmoid(p["steep"] * (x - p["c"] - p["s"] * y))
    wall = p["height"] * p["steep"] * sig * (1.0 - sig)  # the cliff's slope across the wall
    return np.array([p["a"] * (x - p["x_star"]) + wall, p["b"] * y - p["s"] * wall])


def cliff_surface(n: int = 90) -> dict[str, np.ndarray]:
    """The loss on an n x n grid over EXTENT: {'x': (n,), 'y': (n,), 'loss': (n, n)} (y rows)."""
    if not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    x = np.linspace(EXTENT[0], EXTENT[1], n)
    y = np.linspace(EXTENT[2], EXTENT[3], n)
    return {"x": x, "y": y, "loss": cliff_loss(x[None, :], y[:, None])}


def compute_cliff_step(x0: float, y0: float, lr: float, threshold: float) -> dict:
    """One gradient step from (x0, y0): plain, and with the gradient norm clipped to threshold.

    lr > 0, threshold > 0. Returns {'start', 'grad', 'grad_norm', 'clipped_grad', 'plain',
    'clipped' (end points, (2,) each), 'loss_start', 'loss_plain', 'loss_clipped',
    'lr', 'threshold'}.
    """
    for name, value in [("x0", x0), ("y0", y0), ("lr", lr), ("threshold", threshold)]:
        if not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if lr <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    start = np.array([x0, y0], dtype=np.float64)
    g = cliff_grad(x0, y0)
    (g_clipped,), norm = clip_by_norm([g], threshold)  # validates threshold > 0
    plain, clipped = start - lr * g, start - lr * g_clipped
    return {
        "start": start,
        "grad": g,
        "grad_norm": norm,
        "clipped_grad": g_clipped,
        "plain": plain,
        "clipped": clipped,
        "loss_start": float(cliff_loss(*start)),
        "loss_plain": float(cliff_loss(*plain)),
        "loss_clipped": float(cliff_loss(*clipped)),
        "lr": float(lr),
        "threshold": float(threshold),
    }


def _on_map(point: np.ndarray) -> np.ndarray:
    return np.array([np.clip(point[0], *EXTENT[:2]), np.clip(point[1], *EXTENT[2:])])


class CliffFigure:
    """The figure of :func:`plot_cliff_step` over one loss map, built once and updated in place.

    Left: the loss map (grey) with the plain (vermillion) and the clipped (blue) step. Right:
    the loss along the line of the step, with the start and both end points.
    """

    @style.styled
    def __init__(self, surface: dict) -> None:
        fig, (ax, ax2) = plt.subplots(
            1, 2, figsize=(style.WIDTH, 4.2), gridspec_kw={"width_ratios": [1.1, 1]}
        )
        self.fig, self.ax, self.ax2 = fig, ax, ax2
        self.map = ax.imshow(
            np.log1p(surface["loss"]),
            extent=EXTENT,
            origin="lower",
            aspect="auto",
            cmap="Greys",
            vmax=1.3 * float(np.log1p(surface["loss"]).max()),  # no black: the arrows stand out
            interpolation="nearest",
        )
        self.arrows, self.ends = [], []
        for name in ("plain", "clipped"):
            color = style.COLORS[name]
            arrow = {"arrowstyle": "->", "color": color, "lw": 2}
            self.arrows.append(ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=arrow))
            self.ends.append(ax.plot([], [], "o-", color=color, lw=2, label=f"{name} step")[0])
        (self.start,) = ax.plot([], [], "o", color="white", mec="black", ms=8)
        self.off_map = ax.text(
            EXTENT[0] + 0.1,
            EXTENT[3] - 0.25,
            "",
            color=style.COLORS["plain"],
            bbox={"fc": "white", "alpha": 0.8, "lw": 0},
        )
        ax.set_yticks([-1, 0, 1])  # few tick labels: every text costs on every move
        ax.set_xlim(EXTENT[:2])
        ax.set_ylim(EXTENT[2:])
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        self.title = ax.set_title("")
        # the map and the legend never change: drawn once into the background, not per move
        legend = ax.legend(loc="lower left", frameon=True, framealpha=0.8, edgecolor="none")
        static(self.map, legend)
        # the section of J along the step's line: all three points lie on this curve
        (self.section,) = ax2.plot([], [], color=style.COLORS["baseline"])
        self.points, self.notes = [], []
        for color in ("white", style.COLORS["plain"], style.COLORS["clipped"]):
            self.points.append(ax2.plot([], [], "o", color=color, mec="black", ms=8)[0])
            self.notes.append(ax2.annotate("", (0, 0), xytext=(6, 4), textcoords="offset points"))
        ax2.xaxis.set_major_locator(MaxNLocator(5))
        ax2.yaxis.set_major_locator(MaxNLocator(5))
        ax2.set_xlabel("distance along the step")
        ax2.set_ylabel("loss")
        self.title2 = ax2.set_title("")

    def update(self, step: dict) -> Figure:
        """Show `step` from :func:`compute_cliff_step`; return the same Figure."""
        s, plain, clipped = step["start"], step["plain"], step["clipped"]
        for end, arrow, dot in zip((plain, clipped), self.arrows, self.ends, strict=True):
            shown = _on_map(end)
            arrow.xy, arrow.xyann = tuple(shown), tuple(s)
            dot.set_data([shown[0]], [shown[1]])
        self.start.set_data([s[0]], [s[1]])
        off = not np.allclose(_on_map(plain), plain)
        self.off_map.set_visible(off)
        if off:
            self.off_map.set_text(
                f"plain step lands off the map at ({plain[0]:.3g}, {plain[1]:.3g})"
            )
        self.title.set_text(f"‖g‖ = {step['grad_norm']:.3g}, threshold = {step['threshold']:.3g}")
        norm = step["grad_norm"]
        direction = -step["grad"] / norm if norm > 0 else np.array([1.0, 0])
        far = step["lr"] * norm
        near = float(np.linalg.norm(clipped - s))
        u = np.linspace(-0.5, max(far, 1.0) * 1.15, 160)
        loss = cliff_loss(s[0] + u * direction[0], s[1] + u * direction[1])
        self.section.set_data(u, loss)
        pts = [
            (0.0, step["loss_start"], "start"),
            (far, step["loss_plain"], f"plain: J={step['loss_plain']:.3g}"),
            (near, step["loss_clipped"], f"clipped: J={step['loss_clipped']:.3g}"),
        ]
        for (at, value, label), dot, note in zip(pts, self.points, self.notes, strict=True):
            dot.set_data([at], [value])
            note.xy = (at, value)
            note.set_text(label)
            right = at > 0.6 * u[-1]  # a label near the right edge goes left of its point
            note.set(x=-6 if right else 6, horizontalalignment="right" if right else "left")
        self.ax2.set_xlim(u[0], u[-1])
        ys = np.concatenate([loss, [p[1] for p in pts]])
        pad = 0.05 * max(float(ys.max() - ys.min()), 1e-9)
        self.ax2.set_ylim(ys.min() - pad, ys.max() + pad)
        self.title2.set_text(f"lr = {step['lr']:.3g}: loss {step['loss_start']:.3g} at the start")
        return style.describe(
            self.fig,
            f"Loss map with two gradient steps from ({s[0]:.2f}, {s[1]:.2f}), gradient norm "
            f"{norm:.3g}: the plain step ends at loss {step['loss_plain']:.3g}, the step clipped "
            f"to {step['threshold']:.3g} at loss {step['loss_clipped']:.3g}; beside it the loss "
            "along the step's line.",
        )


@style.styled
def plot_cliff_step(surface: dict, step: dict) -> Figure:
    """Left: the loss map (grey) with the plain (vermillion) and the clipped (blue) step.
    Right: the loss along the line of the step, with the start and both end points.

    surface from :func:`cliff_surface` (precomputed once); step from :func:`compute_cliff_step`.
    """
    return CliffFigure(surface).update(step)


def make_clipping_widget(
    threshold: float = 1.0, lr: float = 0.5, x0: float = 1.1, y0: float = 0.5
) -> WidgetPanel:
    """Sliders for the clipping threshold (log scale), the learning rate and the start x."""
    surface = cliff_surface()  # the map never changes: compute it once
    controls = {
        "threshold": widgets.FloatLogSlider(
            value=threshold, base=10, min=-2, max=2, step=0.05, description="threshold"
        ),
        "lr": widgets.FloatSlider(value=lr, min=0.01, max=1.0, step=0.01, description="lr"),
        "x0": widgets.FloatSlider(value=x0, min=0.0, max=1.6, step=0.01, description="start x"),
    }

    view = CliffFigure(surface)  # one figure, updated in place on every move

    def draw(threshold: float, lr: float, x0: float) -> Figure:
        return view.update(compute_cliff_step(x0, y0, lr, threshold))

    return interactive_panel(controls, draw)
