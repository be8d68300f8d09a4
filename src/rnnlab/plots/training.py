"""Training curves: the loss plot that redraws in place during training, and history plots."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = ["LossPlot", "plot_history"]


class LossPlot:
    """A train/validation loss plot that redraws in place in a notebook (no-op elsewhere)."""

    def __init__(self, baselines: dict[str, float] | None = None, figsize=(7, 3)) -> None:
        self.baselines = baselines or {}
        self.fig, self.ax = plt.subplots(figsize=figsize)
        plt.close(self.fig)  # shown through the display handle only
        self.handle = None

    def update(self, history: list[dict[str, float]]) -> None:
        ax = self.ax
        ax.clear()
        steps = [h["step"] for h in history]
        ax.plot(steps, [h["train_loss"] for h in history], label="train", lw=1)
        val = [(h["step"], h["val_loss"]) for h in history if "val_loss" in h]
        if val:
            ax.plot(*zip(*val, strict=True), label="validation", marker=".", lw=1)
        for i, (name, value) in enumerate(self.baselines.items()):
            ax.axhline(value, color=f"C{i + 2}", ls=":", lw=1, label=name)
        ax.set_xlabel("step")
        ax.set_ylabel("loss (nats/char)")
        ax.legend(loc="upper right", fontsize=8)
        self.fig.tight_layout()
        self._show()

    def _show(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None:
            return
        if self.handle is None:
            self.handle = display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)


def plot_history(
    histories: dict[str, list[dict[str, float]]],
    key: str = "train_loss",
    baselines: dict[str, float] | None = None,
    scale: float = 1.0,
    ylabel: str = "loss (nats/char)",
    figsize=(7, 3),
) -> Figure:
    """Plot `key` (times `scale`) against the step for each named history, with dotted
    horizontal baselines; return the Figure."""
    if not histories:
        raise ValueError("histories must name at least one history")
    fig, ax = plt.subplots(figsize=figsize)
    for i, (name, history) in enumerate(histories.items()):
        points = [(h["step"], scale * h[key]) for h in history if key in h]
        if not points:
            raise ValueError(f"history {name!r} has no {key!r} values")
        ax.plot(*zip(*points, strict=True), label=name, color=f"C{i}", marker=".", lw=1)
    for j, (name, value) in enumerate((baselines or {}).items()):
        ax.axhline(value, ls=":", lw=1.2, color=f"C{len(histories) + j}", label=name)
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
