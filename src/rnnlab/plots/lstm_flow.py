"""The lecture's two gradient-flow slides as measured curves: the per-step factor of the RNN's
hidden state and of the LSTM's cell, and what those factors make of the gradient over distance."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rnnlab.plots import style

__all__ = ["plot_step_factors"]


@style.styled
def plot_step_factors(
    factors: Mapping[str, np.ndarray], gradients: Mapping[str, np.ndarray]
) -> Figure:
    """Left: per-step factors against the step t; right: gradient norms relative to their value
    at the last step, against the distance T-1-t, on a log scale.

    factors: label -> (T,) e.g. ‖∂h_t/∂h_{t-1}‖ or f_t; gradients: label -> (T,) norms with t
    running forwards (the last entry is at the loss). Labels starting with 'RNN' take the RNN's
    colour, the others the LSTM's; a label containing 'cell path' is dotted, one containing
    'mean' dashed.
    """
    if not factors or not gradients:
        raise ValueError("factors and gradients must each hold at least one curve")
    fig, (left, right) = plt.subplots(1, 2, figsize=(style.WIDTH, 4.2))
    for ax, curves in [(left, factors), (right, gradients)]:
        for label, values in curves.items():
            values = np.asarray(values, dtype=np.float64)
            if values.ndim != 1 or len(values) < 2:
                raise ValueError(f"curve {label!r} must be 1-d with >= 2 steps, got {values.shape}")
            color = style.COLORS["rnn" if label.startswith("RNN") else "lstm"]
            ls = ":" if "cell path" in label else "--" if "mean" in label else "-"
            if ax is left:
                ax.plot(np.arange(len(values)), values, color=color, ls=ls, label=label)
            else:
                ratio = np.clip(values / values[-1], 1e-30, None)
                ax.semilogy(np.arange(len(values))[::-1], ratio, color=color, ls=ls, label=label)
    left.axhline(1.0, color=style.COLORS["baseline"], ls=":")
    left.set(xlabel="step t", title="factor per step back")
    right.set(xlabel="distance T-1-t (steps back from the loss)", title="gradient, relative")
    for ax in (left, right):
        ax.legend()
        ax.grid(alpha=0.3)
    return style.describe(
        fig,
        "Two line plots: left, the factor each step multiplies the gradient by, for the RNN's "
        "state and the LSTM's cell; right, the gradient relative to its value at the loss "
        "against the distance back, on a log scale.",
    )
