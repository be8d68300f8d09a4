"""Notebook 11's pictures: a forecast against the held-out months, the error against the horizon,
a digit read row by row, and digits painted row by row. Each takes arrays and returns a
Figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from rnnlab.plots import style

__all__ = [
    "forecast_figure",
    "plot_forecast",
    "plot_horizon_errors",
    "plot_rows_read",
    "painted_figure",
    "plot_painted_digits",
]

LABELS = {
    "rnn_next": "RNN (one month ahead)",
    "rnn": "RNN (fed back)",
    "ar": "linear AR (fed back)",
    "seasonal": "seasonal naive",
    "last": "last value",
}
HISTORY = 96  # months before the held-out stretch that a forecast picture shows
COLORS = {
    "rnn_next": style.COLORS["rnn"],
    "rnn": style.COLORS["rnn"],
    "ar": style.COLORS["lstm"],
    "seasonal": style.COLORS["seasonal"],
    "last": style.COLORS["baseline"],
}


def forecast_figure(
    time: np.ndarray,
    values: np.ndarray,
    split: int,
    names: Sequence[str],
    *,
    history: int = HISTORY,
) -> tuple[Figure, dict[str, Line2D], list[Artist]]:
    """The series around the held-out stretch, with one empty line per forecaster in `names`.

    Returns (the figure, name -> its line, the artists that never change: the measured series,
    the shading of the held-out months and the legend). The plot shows the last `history`
    months before `split` and everything after it.
    """
    first = max(0, split - history)
    fig, ax = plt.subplots(figsize=(style.WIDTH, 3.6))
    (measured,) = ax.plot(time[first:], values[first:], color="black", lw=1.2, label="measured")
    shade = ax.axvspan(time[split], time[-1], color=style.COLORS["muted"], alpha=0.3, lw=0)
    lines = {
        name: ax.plot([], [], color=COLORS.get(name), lw=1.6, label=LABELS.get(name, name))[0]
        for name in names
    }
    ax.set_xlabel("year (held-out months shaded)")
    ax.set_ylabel("CO₂ (ppm)")
    return fig, lines, [measured, shade, ax.legend(loc="upper left")]


@style.styled
def plot_forecast(
    time: np.ndarray,
    values: np.ndarray,
    split: int,
    forecasts: Mapping[str, np.ndarray],
    *,
    start: int | None = None,
    history: int = HISTORY,
) -> Figure:
    """The series around the held-out stretch and forecasts of it.

    time, values (N,): the series; split: index of the first held-out month; forecasts: name ->
    (h,) values for months start, ..., start + h - 1 (start defaults to split), a name of
    LABELS: 'rnn_next' for one-month-ahead forecasts from measured windows, 'rnn' and 'ar' for
    forecasts fed their own values; the plot shows
    the last `history` months before `split` and everything after it.
    """
    start = split if start is None else start
    fig, lines, _ = forecast_figure(time, values, split, list(forecasts), history=history)
    for name, f in forecasts.items():
        t = time[start : start + len(f)]
        lines[name].set_data(t, f[: len(t)])
    ax = fig.axes[0]
    ax.relim()
    ax.autoscale_view()
    names = ", ".join(LABELS.get(n, n) for n in forecasts)
    first = max(0, split - history)
    return style.describe(
        fig,
        f"Line chart of monthly CO2 at Mauna Loa from {time[first]:.0f} with the held-out final "
        f"stretch shaded, and the forecasts of it: {names}.",
    )


@style.styled
def plot_horizon_errors(errors: Mapping[str, np.ndarray]) -> Figure:
    """Mean absolute error (ppm) against months ahead, one line per forecaster (name -> (h,))."""
    fig, ax = plt.subplots(figsize=(style.WIDTH, 3.4))
    for name, e in errors.items():
        months = np.arange(1, len(e) + 1)
        ax.plot(months, e, color=COLORS.get(name, None), marker=".", label=LABELS.get(name, name))
    ax.set_xlabel("months ahead")
    ax.set_ylabel("mean absolute error (ppm)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left")
    return style.describe(
        fig,
        "Line chart of the mean absolute forecast error against the number of months ahead, "
        f"for {', '.join(LABELS.get(n, n) for n in errors)}.",
    )


@style.styled
def plot_rows_read(image: np.ndarray, probs: np.ndarray, by_row: np.ndarray, label: int) -> Figure:
    """Left: a digit (8, 8) with the rows read so far. Middle: the RNN's answer (probabilities,
    (8, 10): after each row) as a heat map. Right: test accuracy of the answer read after each
    row, by_row (8,)."""
    fig, (left, mid, right) = plt.subplots(
        1, 3, figsize=(style.WIDTH, 3.4), gridspec_kw={"width_ratios": [2, 3, 3]}
    )
    left.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    left.set_yticks(range(8), [f"x_{t + 1}" for t in range(8)])
    left.set_xticks([])
    left.set_title(f"a test digit ({label})", loc="left")
    mid.imshow(probs, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    mid.set_xticks(range(10))
    mid.set_yticks(range(8), [str(t + 1) for t in range(8)])
    mid.set_xlabel("class")
    mid.set_ylabel("rows read")
    mid.set_title("its answer after each row", loc="left")
    rows = np.arange(1, len(by_row) + 1)
    right.plot(rows, by_row, color=style.COLORS["rnn"], marker="o")
    right.set_ylim(0, 1.02)
    right.set_xlabel("rows read")
    right.set_ylabel("test accuracy")
    right.set_title("all 500 test digits", loc="left")
    return style.describe(
        fig,
        f"A test digit {label} as an 8 by 8 image; a heat map of the RNN's class probabilities "
        "after each of its 8 rows; and the test accuracy of the answer read after each row.",
    )


def painted_figure(rows: int, cols: int, levels: int) -> tuple[Figure, list, list]:
    """A grid of `rows` x `cols` blank 8x8 digits on gray levels 0..levels-1, big enough to read
    from the back of a room. Returns (the figure, the images, their titles), to fill in."""
    fig, axes = plt.subplots(
        rows, cols, figsize=(style.WIDTH, 2.6 * rows + 0.2), squeeze=False, layout="constrained"
    )
    images, titles = [], []
    for ax in axes.flat:
        images.append(ax.imshow(np.zeros((8, 8)), cmap="gray_r", vmin=0, vmax=levels - 1))
        titles.append(ax.set_title(" "))
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():  # a thin frame shows the 8x8 canvas, blank rows too
            spine.set_visible(True)
            spine.set_color(style.COLORS["muted"])
    return fig, images, titles


@style.styled
def plot_painted_digits(
    painted: np.ndarray, asked: np.ndarray, read: np.ndarray, *, levels: int, temperature: float
) -> Figure:
    """Digits painted row by row: painted (K, 8, 8) gray levels, the class `asked` for each (K,)
    and the class a judge `read` in it (K,); two rows of K / 2 when K > 5."""
    k = len(painted)
    if painted.shape[1:] != (8, 8) or len(asked) != k or len(read) != k:
        raise ValueError(f"painted must be (K, 8, 8) with K asked and read, got {painted.shape}")
    rows = 2 if k > 5 else 1
    fig, images, titles = painted_figure(rows, -(-k // rows), levels)
    for image, title, p, a, r in zip(images, titles, painted, asked, read, strict=False):
        image.set_data(p)
        title.set_text(f"{a}: read {r}")
        title.set_color("black" if a == r else style.COLORS["highlight"])
    for ax in fig.axes[k:]:
        ax.set_visible(False)
    fig.suptitle(f"painted row by row from the class, temperature {temperature:g}")
    wrong = [f"{a} (read {r})" for a, r in zip(asked, read, strict=True) if a != r]
    return style.describe(
        fig,
        f"{k} 8 by 8 digits painted row by row at temperature {temperature:g}, for the classes "
        f"{', '.join(str(a) for a in asked)}; the judge reads "
        + (f"all as asked except {', '.join(wrong)}." if wrong else "every one as asked."),
    )
