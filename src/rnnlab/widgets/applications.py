"""Notebook 11's widgets: forecasting CO2 many months ahead (the horizon and the window length),
and painting digits row by row (the class and the temperature).

Each trained forecaster (one per window length) forecasts the held-out months once, in the
builder, feeding its forecasts back; a slider move only slices the stored forecasts. The painter
paints in numpy on a move (8 small steps for a few digits, well under a millisecond), from
uniform numbers drawn once with fixed seeds, so one setting always gives the same pictures.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from rnnlab.experiments.applications import forecast_ahead
from rnnlab.experiments.painter import judge_probs, sample_uniforms
from rnnlab.experiments.results.runs import ForecastRun, PainterRun
from rnnlab.models.painter import LEVELS, paint_numpy
from rnnlab.plots import style
from rnnlab.plots.applications import HISTORY, forecast_figure, painted_figure
from rnnlab.repro import one_thread
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = [
    "compute_forecasts",
    "ForecastFigure",
    "plot_forecast_view",
    "make_forecast_widget",
    "SAMPLES",
    "TEMPERATURES",
    "compute_paintings",
    "PaintFigure",
    "plot_paintings",
    "make_painter_widget",
]

SAMPLES = 4  # digits painted per setting
TEMPERATURES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


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


class ForecastFigure:
    """The forecast picture of :func:`plot_forecast_view` for one `data`, built once and updated
    in place: a move sets two lines and the title.

    The limits cover every window's whole forecast, so they stay put from move to move and the
    axes, the measured series, the shading and the legend are drawn once (the background).
    """

    @style.styled
    def __init__(self, data: Mapping) -> None:
        self.data = data
        time, values, split = data["time"], data["values"], data["split"]
        self.fig, self.lines, fixed = forecast_figure(time, values, split, ["rnn", "ar"])
        self.ax = self.fig.axes[0]
        everything = [values[max(0, split - HISTORY) :]]
        everything += [f for kind in ("rnn", "ar") for f in data[kind].values()]
        low = min(float(np.min(v)) for v in everything)
        high = max(float(np.max(v)) for v in everything)
        pad = 0.05 * max(high - low, 1e-9)
        self.ax.set_ylim(low - pad, high + pad)
        static(*fixed)
        self.title = self.ax.set_title(" ", loc="left")
        # the mean absolute error over the first h months, for every h, once
        truth = values[split:]
        self.errors = {
            kind: {
                w: np.cumsum(np.abs(f - truth[: len(f)])) / np.arange(1, len(f) + 1)
                for w, f in data[kind].items()
            }
            for kind in ("rnn", "ar")
        }

    def update(self, window: int, horizon: int) -> Figure:
        """Show the window-`window` forecasts of the first `horizon` months; the same Figure."""
        data = self.data
        w = min(data["rnn"], key=lambda k: abs(k - int(window)))
        h = int(np.clip(horizon, 1, len(data["rnn"][w])))
        t = data["time"][data["split"] : data["split"] + h]
        for kind, line in self.lines.items():
            line.set_data(t, data[kind][w][:h])
        rnn, ar = self.errors["rnn"][w][h - 1], self.errors["ar"][w][h - 1]
        self.title.set_text(
            f"window {w}, {h} months ahead: mean |error| RNN {rnn:.2f}, AR {ar:.2f} ppm"
        )
        return style.describe(
            self.fig,
            f"Monthly CO2 with the held-out stretch shaded and the RNN's and the linear AR's "
            f"forecasts of its first {h} months from a {w}-month window, each fed its own "
            f"forecasts: mean absolute errors {rnn:.2f} and {ar:.2f} ppm.",
        )


def plot_forecast_view(data: Mapping, window: int, horizon: int) -> Figure:
    """The forecasts of the window-`window` models over the first `horizon` held-out months,
    with their mean absolute errors in the title."""
    return ForecastFigure(data).update(window, horizon)


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

    view = ForecastFigure(data)  # one figure, updated in place on every move

    def draw(window: int, horizon: int) -> Figure:
        return view.update(window, horizon)

    panel = interactive_panel(controls, draw)
    panel.data = data
    return panel


def compute_paintings(
    run: PainterRun, digit: int, temperature: float, *, samples: int = SAMPLES
) -> dict[str, np.ndarray]:
    """`samples` digits of class `digit` painted at `temperature`, sample i from the uniforms of
    seed i (so the same setting always paints the same digits), and what the judge reads.

    Returns {"painted": (K, 8, 8) gray levels, "read": (K,) the judge's class,
    "confidence": (K,) its probability of that class}.
    """
    if isinstance(digit, bool) or not isinstance(digit, (int, np.integer)) or not 0 <= digit <= 9:
        raise ValueError(f"digit must be an int in 0..9, got {digit!r}")
    uniforms = np.concatenate([sample_uniforms(i, 1) for i in range(samples)], axis=1)  # (T, K, D)
    classes = np.full(samples, int(digit))
    painted = paint_numpy(run.params, classes, temperature, uniforms).transpose(1, 0, 2)
    probs = judge_probs(run.judge_weight, run.judge_bias, painted)  # (K, 10)
    return {"painted": painted, "read": probs.argmax(-1), "confidence": probs.max(-1)}


class PaintFigure:
    """A row of painted digits, built once and updated in place: a move sets the images' pixels
    and the titles."""

    @style.styled
    def __init__(self, run: PainterRun, samples: int = SAMPLES) -> None:
        self.run, self.samples = run, samples
        self.fig, self.images, self.titles = painted_figure(1, samples, LEVELS)
        self.suptitle = self.fig.suptitle(" ")

    def update(self, digit: int, temperature: float) -> Figure:
        """Paint `digit` at `temperature` into the same Figure and return it."""
        out = compute_paintings(self.run, digit, temperature, samples=self.samples)
        for image, title, p, r, q in zip(
            self.images, self.titles, out["painted"], out["read"], out["confidence"], strict=True
        ):
            image.set_data(p)
            title.set_text(f"read {r} ({q:.0%})")
            title.set_color("black" if r == digit else style.COLORS["highlight"])
        hits = int(np.sum(out["read"] == digit))
        self.suptitle.set_text(
            f"asked for {digit} at temperature {temperature:g}: the judge reads "
            f"{hits} of {self.samples} as {digit}"
        )
        return style.describe(
            self.fig,
            f"{self.samples} digits painted row by row as a {digit} at temperature "
            f"{temperature:g}; the judge reads them as {', '.join(map(str, out['read']))}.",
        )


def plot_paintings(run: PainterRun, digit: int, temperature: float) -> Figure:
    """The painter's samples for one class and temperature, with the judge's readings."""
    return PaintFigure(run).update(digit, temperature)


def make_painter_widget(run: PainterRun) -> WidgetPanel:
    """Sliders for the class asked for and the sampling temperature (0: always the likeliest)."""
    controls = {
        "digit": widgets.IntSlider(value=3, min=0, max=9, description="digit"),
        "temperature": widgets.SelectionSlider(
            options=list(TEMPERATURES), value=0.5, description="temperature"
        ),
    }
    view = PaintFigure(run)  # one figure, updated in place on every move

    def draw(digit: int, temperature: float) -> Figure:
        return view.update(digit, temperature)

    return interactive_panel(controls, draw)
