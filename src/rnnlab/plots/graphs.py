"""Diagrams of the RNN: its unrolled computational graph and the four input/output schemes.

Inputs are drawn orange at the bottom, hidden states purple in the middle, outputs (the scores
s_t = W_hy h_t + b_y) blue on top (light tints of the style's colours: no red-green pair). Every
function returns a Figure.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from rnnlab.plots import style

__all__ = ["SCHEMES", "plot_unrolled", "plot_scheme", "plot_schemes"]

COLORS = {"x": "#F7D394", "h": "#E8BFD8", "y": "#A9D4F0", "gap": "white"}
ROW = {"x": 0.0, "h": 1.0, "y": 2.0}

# scheme -> (title, application, columns with an input, with an output, number of columns)
SCHEMES = {
    "one_to_many": ("one to many", "image annotation", [0], [1, 2, 3, 4], 5),
    "many_to_one": ("many to one", "sentiment analysis", [0, 1, 2, 3], [3], 4),
    "encoder_decoder": ("many to many", "machine translation", [0, 1, 2], [3, 4, 5], 6),
    "synced": ("many to many (synced)", "video annotation", [0, 1, 2, 3], [0, 1, 2, 3], 4),
}


def _node(ax: Axes, x: float, kind: str, label: str, size: float = 0.36) -> None:
    box = FancyBboxPatch(
        (x - size, ROW[kind] - size * 0.75),
        2 * size,
        1.5 * size,
        boxstyle="round,pad=0.02",
        facecolor=COLORS[kind],
        edgecolor="black" if kind != "gap" else "white",
    )
    ax.add_patch(box)
    ax.text(x, ROW[kind], label, ha="center", va="center", fontsize=plt.rcParams["font.size"] * 1.1)


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    label: str = "",
    offset: tuple[float, float] = (0.0, 0.0),
) -> None:
    ax.annotate("", xy=end, xytext=start, arrowprops={"arrowstyle": "->", "lw": 2})
    if label:
        mid = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
        box = {"facecolor": "white", "edgecolor": "none", "pad": 0.5}
        ax.text(*mid, label, ha="center", va="center", color="#444444", bbox=box)


def _check_T(T: object, max_shown: object) -> tuple[int, int]:
    if isinstance(T, bool) or not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be an int >= 1, got {T!r}")
    if isinstance(max_shown, bool) or not isinstance(max_shown, int) or max_shown < 3:
        raise ValueError(f"max_shown must be an int >= 3, got {max_shown!r}")
    return T, max_shown


def _steps_shown(T: int, max_shown: int) -> list[int | None]:
    """The steps t to draw; None marks a gap ('...') when T is longer than max_shown."""
    if T <= max_shown:
        return list(range(1, T + 1))
    head = (max_shown - 1) // 2
    tail = max_shown - 1 - head
    return [*range(1, head + 1), None, *range(T - tail + 1, T + 1)]


@style.styled
def plot_unrolled(T: int, *, folded: bool = True, max_shown: int = 7) -> Figure:
    """The computational graph of the RNN unrolled over T steps.

    Nodes x_t, h_t, s_t for t = 1..T plus h_0; every edge carries its weight matrix:
    W_xh (x_t -> h_t), W_hh (h_{t-1} -> h_t), W_hy (h_t -> s_t). With `folded`, the compact
    loop form is drawn on the left. Beyond `max_shown` steps the middle ones are elided.
    """
    T, max_shown = _check_T(T, max_shown)
    steps = _steps_shown(T, max_shown)
    start = 2.4 if folded else 0.0
    width = start + 1.3 * (len(steps) + 1)
    fig, ax = plt.subplots(figsize=(min(1.0 + 0.9 * width, style.WIDTH), 3.6))
    if folded:
        _node(ax, 0.3, "x", "$x_t$")
        _node(ax, 0.3, "h", "$h_t$")
        _node(ax, 0.3, "y", "$s_t$")
        _arrow(ax, (0.3, 0.27), (0.3, 0.73), "$W_{xh}$")
        _arrow(ax, (0.3, 1.27), (0.3, 1.73), "$W_{hy}$")
        loop_style = "arc,angleA=0,angleB=0,armA=18,armB=18,rad=6"  # a loop out to the right
        loop = FancyArrowPatch(
            (0.66, 0.9),
            (0.66, 1.1),
            arrowstyle="->",
            mutation_scale=10,
            connectionstyle=loop_style,
        )
        ax.add_patch(loop)
        ax.text(1.05, 1.22, "$W_{hh}$", color="#444444", va="center")
        ax.text(1.75, 1.0, "=", va="center", ha="center")
    _node(ax, start, "h", "$h_0$")
    prev = start
    for k, t in enumerate(steps, start=1):
        x = start + 1.3 * k
        if t is None:
            ax.text(x, 1.0, r"$\cdots$", ha="center", va="center")
            _arrow(ax, (prev + 0.4, 1.0), (x - 0.3, 1.0))
            prev = x - 0.1
            continue
        _node(ax, x, "x", f"$x_{{{t}}}$")
        _node(ax, x, "h", f"$h_{{{t}}}$")
        _node(ax, x, "y", f"$s_{{{t}}}$")
        _arrow(ax, (x, 0.27), (x, 0.73), "$W_{xh}$")
        _arrow(ax, (x, 1.27), (x, 1.73), "$W_{hy}$")
        _arrow(ax, (prev + 0.36, 1.0), (x - 0.36, 1.0), "$W_{hh}$", offset=(0.0, 0.16))
        prev = x
    ax.set_xlim(-0.5, start + 1.3 * len(steps) + 0.6)
    ax.set_ylim(-0.45, 2.45)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"RNN unrolled over T = {T} steps:\nthe same three matrices at every step")
    return style.describe(
        fig,
        f"Diagram of the RNN unrolled over T = {T} steps: inputs x_t at the bottom, states h_t in "
        "the middle, output scores s_t on top, joined by the same W_xh, W_hh and W_hy at every step"
        f"{' (the loop form on the left)' if folded else ''}.",
    )


def _draw_scheme(ax: Axes, name: str) -> None:
    title, application, inputs, outputs, n = SCHEMES[name]
    for c in range(n):
        _node(ax, c, "h", "")
        if c > 0:
            _arrow(ax, (c - 0.64, 1.0), (c - 0.36, 1.0))
        if c in inputs:
            _node(ax, c, "x", "")
            _arrow(ax, (c, 0.27), (c, 0.73))
        if c in outputs:
            _node(ax, c, "y", "")
            _arrow(ax, (c, 1.27), (c, 1.73))
    if name == "one_to_many":  # the image v sets h_0
        ax.text(0, ROW["x"], "$v$", ha="center", va="center", fontsize=11)
        ax.text(0, ROW["h"], "$h_0$", ha="center", va="center", fontsize=10)
    if name == "encoder_decoder":  # two RNNs: the decoder's recurrence has its own matrix
        for c in range(1, n):
            label = "$W_{hh}$" if c < outputs[0] else "$U_{hh}$"  # h_T -> g_1 is U_hh's too
            ax.text(c - 0.5, 0.5, label, ha="center", va="center", fontsize=9, color="#444444")
    if name in ("one_to_many", "encoder_decoder"):  # each word written is the next input
        for c in outputs[:-1]:
            ax.annotate(
                "",
                xy=(c + 0.7, 1.25),
                xytext=(c + 0.3, 1.75),
                arrowprops={"arrowstyle": "->", "lw": 0.9, "ls": "--"},
            )
    ax.set_xlim(-0.6, 5.6)
    ax.set_ylim(-0.45, 2.45)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{title}\n({application})")


@style.styled
def plot_scheme(name: str) -> Figure:
    """One scheme: inputs (orange) feed hidden states (purple) that emit outputs (blue)."""
    if name not in SCHEMES:
        raise ValueError(f"name must be one of {list(SCHEMES)}, got {name!r}")
    fig, ax = plt.subplots(figsize=(style.WIDTH / 2, 3.0))
    _draw_scheme(ax, name)
    title, application = SCHEMES[name][:2]
    return style.describe(
        fig,
        f"Diagram of the {title} scheme ({application}): input boxes at the bottom, state boxes "
        "in the middle, outputs on top.",
    )


@style.styled
def plot_schemes() -> Figure:
    """The four schemes side by side, each titled with one of the lecture's applications."""
    fig, axes = plt.subplots(2, 2, figsize=(style.WIDTH, 5.6))
    for ax, name in zip(axes.flat, SCHEMES, strict=True):
        _draw_scheme(ax, name)
    return style.describe(
        fig,
        "Four diagrams of RNN schemes: one to many, many to one, many to many (encoder-decoder) "
        "and many to many (synced); inputs at the bottom, states in the middle, outputs on top. "
        "In the two that write, dashed arrows feed each written word back as the next input; "
        "the encoder-decoder's encoder steps are marked W_hh and its decoder's U_hh.",
    )
