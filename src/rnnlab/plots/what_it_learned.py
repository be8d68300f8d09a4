"""Plots for notebook 10: how saturated the LSTM's gates are, and how far back a prediction looks.

Both take plain records (any object with the named fields), so this layer needs no model: the
experiments in :mod:`rnnlab.experiments.what_it_learned` produce them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

from rnnlab.plots import style
from rnnlab.plots.gradients import log_axis

__all__ = ["plot_gate_saturation", "plot_context_curves"]

GATE_COLORS = {"i": "input_gate", "f": "forget", "o": "output_gate"}


@style.styled
def plot_gate_saturation(groups: Sequence) -> Figure:
    """One panel per gate: each unit's fraction of steps left-saturated (x) and right-saturated (y).

    `groups`: records with ``gate`` (a name: 'i', 'f' or 'o'), ``left`` (H,) and ``right`` (H,),
    fractions in [0, 1]. The dotted diagonal is x + y = 1: a unit on it is always saturated.
    """
    if not groups:
        raise ValueError("groups must hold at least one gate's saturation record")
    fig, axes = plt.subplots(
        1, len(groups), figsize=(style.WIDTH, 3.8), sharex=True, sharey=True, squeeze=False
    )
    for ax, g in zip(axes[0], groups, strict=True):
        color = style.COLORS[GATE_COLORS.get(g.gate, "state")]
        ax.scatter(g.left, g.right, s=18, alpha=0.6, color=color, linewidths=0)
        ax.plot([0, 1], [1, 0], color=style.COLORS["baseline"], ls=":")
        ax.set(
            title=f"gate {g.gate}", xlabel="left-saturated", xlim=(-0.03, 1.03), ylim=(-0.03, 1.03)
        )
    axes[0][0].set_ylabel("right-saturated")
    names = ", ".join(g.gate for g in groups)
    return style.describe(
        fig,
        f"Scatter plots, one per gate ({names}): each unit's fraction of steps below 0.1 against "
        "its fraction above 0.9, with the diagonal x + y = 1 dotted.",
    )


@style.styled
def plot_context_curves(curves: Mapping[str, object]) -> Figure:
    """Left: loss against the characters of context d (log axis), the full-context loss dotted.
    Right: g(d), the input gradient d steps back, on a log axis. One colour per model.

    `curves`: name ('LSTM', 'RNN', ...) -> a record with ``contexts`` (K,), ``loss`` (K,),
    ``full`` (a float) and ``gradient`` (D + 1,).
    """
    if not curves:
        raise ValueError("curves must hold at least one model's context curve")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(style.WIDTH, 3.8))
    for k, (name, c) in enumerate(curves.items()):
        color = style.COLORS.get(name.lower(), style.CYCLE[k % len(style.CYCLE)])
        ax1.plot(c.contexts, c.loss, "o-", color=color, label=name)
        ax1.axhline(c.full, ls=":", color=color)
        gradient = np.asarray(c.gradient, dtype=np.float64)
        ok = np.isfinite(gradient) & (gradient > 0)
        ax2.plot(np.arange(gradient.size)[ok], gradient[ok], color=color, label=name)
    ax1.set_xscale("log", base=2)
    contexts = [int(d) for d in next(iter(curves.values())).contexts]
    ax1.set_xticks(contexts, [str(d) for d in contexts], minor=False)  # 1, 2, 4, ... as numbers
    ax1.xaxis.set_minor_locator(ticker.NullLocator())
    ax1.set(xlabel="characters of context d", ylabel="loss (nats/char)")
    log_axis(ax2)
    ax2.set(xlabel="distance d back", ylabel="g(d)")
    ax1.legend()
    ax2.legend()
    return style.describe(
        fig,
        f"Two line plots for {', '.join(curves)}: the loss against the context length d (log "
        "axis, full-context loss dotted), and the input gradient g(d) against d, log scale.",
    )
