"""Training curves: the loss plot that redraws in place during training, and history plots."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from rnnlab.plots import style

__all__ = ["LossPlot", "plot_history", "BASELINE_STYLES"]

# the j-th baseline of a plot, whatever else is drawn: a bound keeps its look between plots
BASELINE_STYLES = [
    (style.COLORS["bound"], ":"),
    (style.COLORS["baseline"], "--"),
    (style.OKABE_ITO["black"], "-."),
    (style.OKABE_ITO["sky"], ":"),
]


def _baselines(ax, baselines: dict[str, float]) -> None:
    for j, (name, value) in enumerate(baselines.items()):
        color, ls = BASELINE_STYLES[j % len(BASELINE_STYLES)]
        ax.axhline(value, color=color, ls=ls, label=name)


def _line_colors(names) -> list[str]:
    """A colour per history: its quantity's colour if it names one (RNN, LSTM), else the next
    colour of the cycle not used yet."""
    used, out = set(), []
    for name in names:
        color = style.COLORS.get(str(name).lower())
        if color is None or color in used:
            color = next(c for c in style.CYCLE if c not in used)
        used.add(color)
        out.append(color)
    return out


class LossPlot:
    """A train/validation loss plot that redraws in place in a notebook (no-op elsewhere)."""

    @style.styled
    def __init__(
        self, baselines: dict[str, float] | None = None, figsize=(style.WIDTH, 4.0)
    ) -> None:
        self.baselines = baselines or {}
        self.fig, self.ax = plt.subplots(figsize=figsize)
        plt.close(self.fig)  # shown through the display handle only
        self.handle = None

    def update(self, history: list[dict[str, float]]) -> None:
        """Redraw the curves of `history` (rows with 'step', 'train_loss', maybe 'val_loss')."""
        with style.context():
            self._draw(history)
        self._show()

    def _draw(self, history: list[dict[str, float]]) -> None:
        ax = self.ax
        ax.clear()
        steps = [h["step"] for h in history]
        ax.plot(
            steps, [h["train_loss"] for h in history], color=style.COLORS["train"], label="train"
        )
        val = [(h["step"], h["val_loss"]) for h in history if "val_loss" in h]
        if val:
            ax.plot(
                *zip(*val, strict=True),
                label="validation",
                marker=".",
                color=style.COLORS["validation"],
            )
        _baselines(ax, self.baselines)
        ax.set_xlabel("step")
        ax.set_ylabel("loss (nats/char)")
        ax.legend(loc="upper right")
        with_val = ", with the validation loss" if val else ""
        last = int(steps[-1]) if steps else 0  # history rows are every few steps
        style.describe(self.fig, f"Line plot of the training loss over {last} steps{with_val}.")

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


@style.styled
def plot_history(
    histories: dict[str, list[dict[str, float]]],
    key: str = "train_loss",
    baselines: dict[str, float] | None = None,
    scale: float = 1.0,
    ylabel: str = "loss (nats/char)",
    figsize=(style.WIDTH, 4.0),
) -> Figure:
    """Plot `key` (times `scale`) against the step for each named history, with dotted
    horizontal baselines; return the Figure."""
    if not histories:
        raise ValueError("histories must name at least one history")
    fig, ax = plt.subplots(figsize=figsize)
    for color, (name, history) in zip(_line_colors(histories), histories.items(), strict=True):
        points = [(h["step"], scale * h[key]) for h in history if key in h]
        if not points:
            raise ValueError(f"history {name!r} has no {key!r} values")
        ax.plot(*zip(*points, strict=True), label=name, color=color, marker=".")
    _baselines(ax, baselines or {})
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.legend()
    return style.describe(
        fig,
        f"Line plot of {ylabel} against the step for {', '.join(histories)}"
        f"{' with the baselines ' + ', '.join(baselines) if baselines else ''}.",
    )
