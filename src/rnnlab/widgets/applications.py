"""Forecasting CO2 many months ahead: a widget over the horizon and the window length.

Each trained forecaster (one per window length) forecasts the held-out months once, in the
builder, feeding its forecasts back; a slider move only slices the stored forecasts.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from rnnlab.experiments.applications import ForecastRun, forecast_ahead
from rnnlab.plots import style
from rnnlab.plots.applications import plot_forecast
from rnnlab.repro import one_thread
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_forecasts", "plot_forecast_view", "make_forecast_widget"]


def compute_forecasts(runs: Mapping[int, ForecastRun]) -> dict:
    """Every run's forecast of all its held-out months from the first one, fed back.

    runs: window length -> a trained :class:`ForecastRun` (all on the same series and split).
    Returns {"time": (N,), "values": (N,), "split": int, "rnn": {window: (n_test,)},
    "ar": {window: (n_test,)}}.
    """
    if not runs:
        raise ValueError("runs must map at least one window length to a ForecastRun")
    splits = {run.split for run in runs.values()}
    if len(splits) != 1:
        raise ValueError(f"runs must share one held-out stretch, got splits {sorted(splits)}")
    any_run = next(iter(runs.values()))
    split, n = any_run.split, any_run.n_test
    with one_thread():
        rnn = {w: forecast_ahead(run, split, n) for w, run in runs.items()}
        ar = {w: forecast_ahead(run, split, n, model="ar") for w, run in runs.items()}
    return {
        "time": any_run.series.time,
        "values": any_run.series.values,
        "split": split,
        "rnn": rnn,
        "ar": ar,
    }


def plot_forecast_view(data: Mapping, window: int, horizon: int) -> Figure:
    """The forecasts of the window-`window` models over the first `horizon` held-out months,
    with their mean absolute errors in the title."""
    windows = sorted(data["rnn"])
    w = min(windows, key=lambda k: abs(k - int(window)))
    n = len(data["rnn"][w])
    h = int(np.clip(horizon, 1, n))
    split = data["split"]
    truth = data["values"][split : split + h]
    shown = {"rnn": data["rnn"][w][:h], "ar": data["ar"][w][:h]}
    fig = plot_forecast(data["time"], data["values"], split, shown)
    errs = {k: float(np.mean(np.abs(f - truth))) for k, f in shown.items()}
    fig.axes[0].set_title(
        f"window {w} months, {h} months ahead\n"  # two lines: one is wider than the figure
        f"mean absolute error: RNN {errs['rnn']:.2f} ppm, "
        f"linear AR {errs['ar']:.2f} ppm",
        loc="left",
    )
    return style.describe(
        fig,
        f"Monthly CO2 with the held-out stretch shaded and the RNN's and the linear AR's "
        f"forecasts of its first {h} months from a {w}-month window, each fed its own forecasts.",
    )


def make_forecast_widget(runs: Mapping[int, ForecastRun]) -> WidgetPanel:
    """Sliders for the window length (one trained model each) and the horizon in months."""
    data = compute_forecasts(runs)
    windows = sorted(data["rnn"])
    n = len(data["rnn"][windows[0]])
    controls = {
        "window": widgets.SelectionSlider(
            options=windows, value=windows[len(windows) // 2], description="window"
        ),
        "horizon": widgets.IntSlider(value=min(24, n), min=1, max=n, description="horizon"),
    }

    def draw(window: int, horizon: int) -> Figure:
        return plot_forecast_view(data, window, horizon)

    panel = interactive_panel(controls, draw)
    panel.data = data
    return panel
