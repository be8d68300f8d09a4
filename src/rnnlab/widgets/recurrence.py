"""Step through the recurrence: an RNN reads a text one character at a time.

The heat map shows h_0, h_1, ..., h_T as columns (one row per hidden unit); the slider t reveals
them one step at a time, and the bars compare h_t with h_{t-1}. A second slider scales W_hh, so
you can see the state forget its past (small W_hh) or saturate at +-1 (large W_hh).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rnnlab.data.sequences import ALPHABET, text_to_onehot, to_time_major
from rnnlab.plots import style
from rnnlab.plots.gradients import log_axis
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = [
    "clean_text",
    "compute_recurrence",
    "plot_recurrence",
    "RecurrenceFigure",
    "make_recurrence_widget",
    "compute_first_char_influence",
    "plot_first_char_influence",
]

MAX_CHARS = 30


def clean_text(text: str, max_chars: int = MAX_CHARS) -> str:
    """Lower-case `text`, turn characters outside a-z into spaces, keep at most `max_chars`."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    return "".join(ch if ch in ALPHABET else " " for ch in text.lower())[:max_chars]


def compute_recurrence(
    text: str, *, hidden: int = 8, w_hh_scale: float = 1.0, seed: int = 0
) -> dict[str, object]:
    """Run a random RNN (D = 27 one-hot characters, H = `hidden`) over `text`.

    W_hh is multiplied by `w_hh_scale`. Returns {"text": the cleaned text (T chars),
    "states": (T + 1, H) array holding h_0 = 0, h_1, ..., h_T}.
    """
    text = clean_text(text)
    if not np.isfinite(w_hh_scale):
        raise ValueError(f"w_hh_scale must be a finite number, got {w_hh_scale!r}")
    params = init_rnn_params(len(ALPHABET), hidden, 1, rng=np.random.default_rng(seed))
    params["W_xh"] *= 3.0  # a one-hot input is a single 1: make each letter leave a clear mark
    params["W_hh"] *= float(w_hh_scale)
    states = np.zeros((len(text) + 1, hidden))
    if text:
        hs, _ = rnn_forward(params, to_time_major(text_to_onehot(text)))  # (T, 1, H)
        states[1:] = hs[:, 0]
    return {"text": text, "states": states}


NOT_READ = matplotlib.colors.to_rgba("#eeeeee")


class RecurrenceFigure:
    """The figure of :func:`plot_recurrence` for H hidden units, built once, updated in place."""

    @style.styled
    def __init__(self, H: int) -> None:
        self.H = H
        fig, (ax_map, ax_bar) = plt.subplots(
            1,
            2,
            figsize=(style.WIDTH, max(3.6, 0.28 * H + 1.6)),
            gridspec_kw={"width_ratios": [3, 1.1]},
        )
        self.fig, self.ax_map, self.ax_bar = fig, ax_map, ax_bar
        self.cmap = plt.get_cmap("coolwarm")
        self.cells = None  # the heat map: a mesh of (H, T + 1) cells, coloured on every move
        self.frame = ax_map.add_patch(
            plt.Rectangle((-0.5, -0.5), 1, H, fill=False, lw=2, ec="black", zorder=3)
        )
        ax_map.set_yticks(range(H), [str(i) for i in range(H)])
        ax_map.set_ylabel("hidden unit")
        ax_map.set_xlabel("character read at step t (column t is h_t; _ is a space)")
        self.title = ax_map.set_title("")
        self.text = None
        units = np.arange(H)
        self.previous = ax_bar.barh(
            units + 0.2, np.zeros(H), height=0.4, color=style.COLORS["muted"], label="h_t-1"
        )
        self.current = ax_bar.barh(
            units - 0.2, np.zeros(H), height=0.4, color=style.COLORS["highlight"], label="h_t"
        )
        ax_bar.set_xlim(-1.05, 1.05)
        ax_bar.set_ylim(H - 0.5, -0.5)
        ax_bar.set_yticks([])
        ax_bar.axvline(0, color="black", lw=1)
        # below the bars' tick labels (2 font sizes down), drawn once into the background
        below = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "borderaxespad": 2.0}
        static(ax_bar.legend(ncol=2, **below))
        self.bar_title = ax_bar.set_title("")

    def update(self, text: str, states: np.ndarray, t: int) -> Figure:
        """Show h_0..h_t of `states` (T + 1, H) for `text` (T chars); return the same Figure."""
        T, H = len(text), self.H
        t = int(np.clip(t, 0, T))
        if self.cells is None or self.cells.get_coordinates().shape[1] != T + 2:
            if self.cells is not None:
                self.cells.remove()
            # a mesh, not an image: an image is resampled to the screen on every move (15 ms)
            edges = np.arange(T + 2) - 0.5, np.arange(H + 1) - 0.5
            self.cells = self.ax_map.pcolormesh(*edges, np.zeros((H, T + 1)))
            self.cells.set_array(None)  # coloured below, cell by cell
            self.ax_map.set_xlim(-0.5, T + 0.5)
            self.ax_map.set_ylim(H - 0.5, -0.5)  # unit 0 on top
        colors = self.cmap((np.clip(states.T, -1.0, 1.0) + 1.0) / 2.0)  # (H, T + 1, 4)
        colors[:, t + 1 :] = NOT_READ  # grey: steps not read yet
        self.cells.set_facecolor(colors.reshape(-1, 4))
        self.frame.set_x(t - 0.5)
        if text != self.text:  # new tick labels only for a new text
            # plain text only: mathtext is re-parsed for every new figure and doubles the time
            self.ax_map.set_xticks(range(T + 1), ["h0", *[c if c != " " else "_" for c in text]])
            self.text = text
        read = text[t - 1] if t > 0 else None
        what = f"read {read!r}" if read is not None else "nothing read yet"
        self.title.set_text(f"t = {t} of {T}: {what}   (blue -1, white 0, red +1)")
        previous = states[t - 1] if t > 0 else states[0]
        for bars, values in [(self.previous, previous), (self.current, states[t])]:
            for bar, value in zip(bars, values, strict=True):
                bar.set_width(value)
        change = np.linalg.norm(states[t] - previous)
        self.bar_title.set_text(f"|h_t - h_t-1| = {change:.2f}")
        return style.describe(
            self.fig,
            f"Heat map of the hidden states h_0 to h_{t} of {H} units while reading {text!r} "
            f"(later steps greyed out), and bars of h_t beside h_t-1: they differ by {change:.2f}.",
        )


@style.styled
def plot_recurrence(text: str, states: np.ndarray, t: int) -> Figure:
    """Heat map of h_0..h_t (later steps greyed out) and bars of h_t next to h_{t-1}."""
    return RecurrenceFigure(states.shape[1]).update(text, states, t)


def make_recurrence_widget(
    text: str = "hello hello world", hidden: int = 8, seed: int = 0
) -> WidgetPanel:
    """A text box, a step slider t and a W_hh scale slider over :func:`plot_recurrence`."""
    cache: dict[tuple[str, float], dict] = {}
    view = RecurrenceFigure(hidden)  # one figure, updated in place on every move

    def draw(text: str, t: int, w_hh_scale: float) -> Figure:
        key = (clean_text(text), round(float(w_hh_scale), 3))
        if key not in cache:  # the forward pass runs once per text and scale, not per step
            cache[key] = compute_recurrence(key[0], hidden=hidden, w_hh_scale=key[1], seed=seed)
        run = cache[key]
        return view.update(run["text"], run["states"], t)

    controls = {
        "text": widgets.Text(value=text, description="text", continuous_update=False),
        "t": widgets.IntSlider(value=min(5, len(text)), min=0, max=MAX_CHARS, description="t"),
        "w_hh_scale": widgets.FloatSlider(
            value=1.0, min=0.0, max=4.0, step=0.1, description="W_hh ×"
        ),
    }
    return interactive_panel(controls, draw, layout_rows=[["text"], ["t", "w_hh_scale"]])


def compute_first_char_influence(
    text: str, other: str, scales: list[float], *, hidden: int = 8, seed: int = 0
) -> dict[float, np.ndarray]:
    """How long the first character stays visible in the hidden state.

    Runs the RNN of :func:`compute_recurrence` over `text` and over `text` with its first
    character replaced by `other`; returns, for each W_hh scale, the distances
    ||h_t - h'_t|| for t = 1..T as a (T,) array.
    """
    text = clean_text(text)
    if not text:
        raise ValueError("text must hold at least one character")
    if not isinstance(other, str) or len(clean_text(other)) != 1:
        raise ValueError(f"other must be a single character, got {other!r}")
    changed = clean_text(other) + text[1:]
    out = {}
    for scale in scales:
        a = compute_recurrence(text, hidden=hidden, w_hh_scale=scale, seed=seed)["states"]
        b = compute_recurrence(changed, hidden=hidden, w_hh_scale=scale, seed=seed)["states"]
        out[float(scale)] = np.linalg.norm(a[1:] - b[1:], axis=1)
    return out


@style.styled
def plot_first_char_influence(influence: dict[float, np.ndarray]) -> Figure:
    """The distances of :func:`compute_first_char_influence` against t, on a log scale."""
    fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
    for scale, dist in influence.items():
        t = np.arange(1, len(dist) + 1)
        shown = np.maximum(dist, 1e-16)  # an exact 0 would vanish from a log axis
        ax.plot(t, shown, marker=".", label=f"W_hh × {scale:g}")
    log_axis(ax)
    ax.set_xlabel("step t")
    ax.set_ylabel(r"$\|h_t - h'_t\|$")
    ax.set_title("two texts that differ only in their first character")
    ax.legend()
    scales = ", ".join(f"{k:g}" for k in influence)
    return style.describe(
        fig,
        "Line plot, log scale: the distance between the hidden states of two texts that differ "
        f"in their first character, against t, one line per W_hh scale ({scales}).",
    )
