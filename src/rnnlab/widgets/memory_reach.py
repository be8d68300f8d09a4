"""How far back can a trained model remember? A widget over the adding problem.

Each example is one sequence of values; the second marker sits at the last step and the first
marker is moved back, `distance` steps before it. Every trained model answers every
(example, distance) pair once, in the builder, so moving a slider only looks answers up.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rnnlab.data.memory_tasks import ADDING_BASELINE_MSE
from rnnlab.models.memory import MemoryModel
from rnnlab.plots import style
from rnnlab.repro import one_thread
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_reach", "plot_reach", "ReachFigure", "make_memory_reach_widget"]

COLORS = {"rnn": style.COLORS["rnn"], "lstm": style.COLORS["lstm"], "gru": style.COLORS["gru"]}


def compute_reach(
    models: Mapping[str, MemoryModel], seq_len: int = 50, n_examples: int = 32, seed: int = 0
) -> dict:
    """Answers of each model with the first marker 1..T-1 steps before the second (at T-1).

    models: name -> MemoryModel trained on the adding problem (input 2, output 1).
    Returns {"values": (N, T), "distance": (T-1,), "targets": (N, T-1),
    "preds": {name: (N, T-1)}, "mse": {name: (T-1,)}} with N = n_examples.
    """
    if not models:
        raise ValueError("models must name at least one trained MemoryModel")
    for name, model in models.items():
        if not isinstance(model, MemoryModel) or model.rnn.input_size != 2:
            raise ValueError(f"models['{name}'] must be a MemoryModel with input size 2")
    T, N = int(seq_len), int(n_examples)
    if T < 2 or N < 1:
        raise ValueError(f"seq_len must be >= 2 and n_examples >= 1, got {seq_len}, {n_examples}")
    values = np.random.default_rng(seed).uniform(0.0, 1.0, size=(N, T))
    distance = np.arange(1, T)  # (P,)
    P = len(distance)
    xs = np.zeros((T, N, P, 2))
    xs[:, :, :, 0] = values.T[:, :, None]
    xs[T - 1, :, :, 1] = 1.0  # second marker: the last step
    xs[T - 1 - distance, :, np.arange(P), 1] = 1.0  # first marker: `distance` steps earlier
    targets = values[:, T - 1 - distance] + values[:, [T - 1]]  # (N, P)
    batch = torch.from_numpy(xs.reshape(T, N * P, 2)).float()
    preds, mse = {}, {}
    with torch.no_grad(), one_thread():
        for name, model in models.items():
            preds[name] = model(batch)[-1, :, 0].numpy().reshape(N, P).astype(np.float64)
            mse[name] = ((preds[name] - targets) ** 2).mean(axis=0)
    return {"values": values, "distance": distance, "targets": targets, "preds": preds, "mse": mse}


def _sticks(t, v) -> np.ndarray:
    """Segments (n, 2, 2) from (t, 0) to (t, v): what ``vlines`` draws."""
    t = np.asarray(t, dtype=np.float64)
    return np.stack([np.stack([t, np.zeros_like(t)], 1), np.stack([t, v], 1)], 1)


class ReachFigure:
    """The figure of :func:`plot_reach` for one `data`, built once and updated in place.

    The MSE curves never change; a move only redraws the example's bars, the marker line and
    the titles.
    """

    @style.styled
    def __init__(self, data: Mapping) -> None:
        self.data = data
        values, dist = data["values"], data["distance"]
        T = values.shape[1]
        fig, (left, right) = plt.subplots(
            1, 2, figsize=(style.WIDTH, 4.0), gridspec_kw={"width_ratios": [3, 2]}
        )
        self.fig, self.left, self.right = fig, left, right
        self.t = np.arange(T)
        self.bars = left.vlines(self.t, 0, values[0], color=style.COLORS["muted"], lw=4)
        self.marked = left.vlines([0, 0], 0, [0, 0], color="black", lw=4)
        left.set_xlim(-0.05 * (T - 1) - 0.5, 1.05 * (T - 1) + 0.5)
        left.set_ylim(0, 1.05)
        left.set_yticks([0, 0.5, 1])  # few tick labels: every text costs on every move
        left.set_xlabel("step t (marked values in black)")
        self.title = left.set_title("", loc="left")
        for name, mse in data["mse"].items():
            right.plot(
                dist, mse, color=COLORS.get(name.lower(), style.COLORS["baseline"]), label=name
            )
        right.axhline(
            ADDING_BASELINE_MSE, color=style.COLORS["baseline"], ls=":", label="answer 1 (1/6)"
        )
        self.marker = right.axvline(dist[0], color="black")
        top = max(0.3, max(float(np.nanmax(m)) for m in data["mse"].values()) * 1.1)
        right.set_ylim(0.0, min(top, 4.0))  # a linear axis: log axes are slow to draw
        right.set_xlim(dist[0] - 0.05 * (dist[-1] - dist[0]) - 0.5, dist[-1] + 0.5)
        right.yaxis.set_major_locator(MaxNLocator(5))
        right.set_xlabel("steps between the markers")
        right.set_ylabel("MSE")
        static(right.legend(loc="lower right"))  # drawn once, not on every move

    def update(self, example: int, distance: int) -> Figure:
        """Show one example with its markers `distance` steps apart; return the same Figure."""
        data = self.data
        values, dist = data["values"], data["distance"]
        N, T = values.shape
        example = int(np.clip(example, 0, N - 1))
        k = int(np.clip(distance, dist[0], dist[-1])) - int(dist[0])
        d = int(dist[k])
        marked = [T - 1 - d, T - 1]
        self.bars.set_segments(_sticks(self.t, values[example]))
        self.marked.set_segments(_sticks(marked, values[example, marked]))
        lines = [f"target {data['targets'][example, k]:.2f}"]
        for name, pred in data["preds"].items():
            lines.append(f"{name} {pred[example, k]:.2f}")
        # two short lines: one line of this text is wider than the left panel
        self.title.set_text(f"example {example}, markers {d} steps apart\n" + ", ".join(lines))
        self.marker.set_xdata([d, d])
        return style.describe(
            self.fig,
            f"Bar chart of example {example}'s {T} values with the two marked ones in black, "
            f"{d} steps apart; beside it each model's mean squared error against the distance, "
            "with the baseline dotted.",
        )


@style.styled
def plot_reach(data: Mapping, example: int, distance: int) -> Figure:
    """Left: one example sequence with its two markers and each model's answer.
    Right: test MSE against the distance between the markers, the chosen distance marked."""
    return ReachFigure(data).update(example, distance)


def make_memory_reach_widget(
    models: Mapping[str, MemoryModel] | None = None, seq_len: int = 50, n_examples: int = 32
) -> WidgetPanel:
    """Sliders for the example and the distance between the markers; all answers precomputed.

    `models` are the trained models to compare; None shows freshly initialised ones (seed 0),
    which is what the models look like before training.
    """
    if models is None:
        torch.manual_seed(0)
        models = {cell: MemoryModel(cell, 2, 32, 1) for cell in ("lstm", "rnn")}
    data = compute_reach(models, seq_len, n_examples)
    controls = {
        "example": widgets.IntSlider(value=0, min=0, max=n_examples - 1, description="example"),
        "distance": widgets.IntSlider(
            value=min(40, seq_len - 1), min=1, max=seq_len - 1, description="distance"
        ),
    }

    view = ReachFigure(data)  # one figure, updated in place on every move

    def draw(example: int, distance: int) -> Figure:
        return view.update(example, distance)

    panel = interactive_panel(controls, draw)
    panel.data = data
    return panel
