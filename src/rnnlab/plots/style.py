"""The one figure style of rnnlab: colours with one meaning each, sizes readable from the back row.

Sizes are in points and a figure is shown at 72 CSS px per inch (its PNG carries its CSS width),
so a size in points is a size in CSS px as displayed: the smallest text is 13 px (16 px in
projector mode) and lines are 2 px (2.5 px). Pictures are rendered at 2 image px per CSS px.

- Plot functions and widget figures apply the style themselves (:func:`styled`, :func:`context`),
  so their figures look the same whatever the notebook set up, and in a notebook they are shown
  sharp, at their CSS size, with a one-line alt text (:func:`show_sharp`).
- :func:`use` applies it to a whole session, also to figures a notebook draws with pyplot.
- Projector mode scales text and lines by 16/13 without touching any layout code (figures use
  constrained layout): ``use(projector=True)`` or ``RNNLAB_PROJECTOR=1`` for a whole session.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import matplotlib
import numpy as np
import PIL.Image
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL.PngImagePlugin import PngInfo

from rnnlab.plots.png import encode_png

__all__ = ["OKABE_ITO", "COLORS", "WIDTH", "FONT", "is_projector", "rc", "context", "styled"]
__all__ += [
    "use",
    "show_sharp",
    "describe",
    "alt_text",
    "min_text_pt",
    "render_png",
    "decade_label",
]

# Okabe & Ito (2008): eight colours told apart with every common colour-vision deficiency
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#7F7F7F",
}
_O = OKABE_ITO
# one colour per quantity, in every plot and widget
COLORS = {
    "state": _O["blue"],  # h_t, ‖h_t‖, the forward pass
    "gradient": _O["vermillion"],  # ∂J/∂h, ‖∂h_T/∂h_t‖, the backward pass
    "bound": _O["purple"],  # a bound or a prediction from theory (dashed)
    "baseline": _O["grey"],  # a reference level (dotted)
    "input": _O["orange"],  # x_t
    "output": _O["sky"],  # y_t, o_t
    "rnn": _O["vermillion"],
    "lstm": _O["blue"],
    "gru": _O["green"],
    "seasonal": _O["green"],  # a seasonal baseline (notebook 11)
    "train": _O["blue"],
    "validation": _O["orange"],
    "plain": _O["vermillion"],  # an unclipped gradient step
    "clipped": _O["blue"],  # the clipped step
    "forget": _O["blue"],
    "input_gate": _O["green"],
    "output_gate": _O["orange"],
    "cell": _O["purple"],
    "candidate": _O["black"],
    "highlight": _O["vermillion"],
    "muted": "#BBBBBB",
}
# further lines without a quantity of their own (eigen-directions, settings) cycle through these
CYCLE = [_O[name] for name in "blue orange green purple sky vermillion yellow black".split()]
CSS_PX_PER_INCH = 72  # how large a figure is shown: 1 pt = 1 CSS px
WIDTH = 10.0  # inches: 720 CSS px, the notebook's width at a 1024 px screen with the sidebar shut
FONT = 13.0  # the smallest text (ticks, legends), in points = CSS px; labels 14, titles 15
PROJECTOR_SCALE = 16 / 13  # 13 -> 16 px text, 2 -> 2.5 px lines
PIXEL_RATIO = 2  # image px per CSS px
_ALT = "_rnnlab_alt"
_STATE: dict = {"projector": None, "inside": None}  # inside: the mode of the context drawn in


def is_projector() -> bool:
    """True in projector mode: after ``use(projector=True)``, else if $RNNLAB_PROJECTOR is set."""
    if _STATE["projector"] is not None:
        return _STATE["projector"]
    return os.environ.get("RNNLAB_PROJECTOR", "").strip().lower() not in ("", "0", "false", "no")


def rc(projector: bool | None = None) -> dict:
    """The matplotlib rc settings of the style (projector mode: text and lines 16/13 larger)."""
    k = PROJECTOR_SCALE if (is_projector() if projector is None else projector) else 1.0
    font, line = FONT * k, 2.0 * k
    return {
        "figure.figsize": (WIDTH, WIDTH * 0.4),
        "figure.dpi": CSS_PX_PER_INCH,
        "figure.constrained_layout.use": True,
        "savefig.dpi": CSS_PX_PER_INCH * PIXEL_RATIO,
        "font.size": font,
        "axes.titlesize": font * 15 / 13,
        "axes.labelsize": font * 14 / 13,
        "xtick.labelsize": font,
        "ytick.labelsize": font,
        "legend.fontsize": font,
        "legend.title_fontsize": font,
        "figure.titlesize": font * 15 / 13,
        "lines.linewidth": line,
        "lines.markersize": 3 * line,
        "patch.linewidth": line / 2,
        "axes.linewidth": line / 2,
        "xtick.major.width": line / 2,
        "ytick.major.width": line / 2,
        "grid.linewidth": line / 2,
        "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
        "image.cmap": "cividis",
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "text.hinting": "no_hinting",  # unhinted glyphs draw faster and look alike at 144 dpi
    }


@contextmanager
def context(projector: bool | None = None) -> Iterator[None]:
    """Draw inside the style without changing any global setting.

    Except one: if pyplot loads its backend inside (the session's first figure), the inline
    backend switches interactive mode on, and restoring it to off would stop later figures from
    showing; that switch is kept.
    """
    mode = is_projector() if projector is None else bool(projector)
    if _STATE["inside"] == mode:  # nested in a context of the same mode: already applied
        yield  # (copying rcParams costs about 1 ms, and a widget frame nests several)
        return
    outer = _STATE["inside"]
    _STATE["inside"] = mode
    try:
        with matplotlib.rc_context(rc(mode)):
            try:
                yield
            finally:
                interactive = matplotlib.rcParams["interactive"]
        matplotlib.rcParams["interactive"] = interactive
    finally:
        _STATE["inside"] = outer


def styled(func: Callable) -> Callable:
    """Decorate a plot function (or a figure class's __init__) to build its figure in the style.

    The figure's tick labels get the style's size now (they are made when it is first drawn,
    possibly outside the style), and in a notebook the figure will be shown sharp, at its CSS
    size and with its alt text (:func:`show_sharp`): no notebook needs a setup call for that.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with context():
            out = func(*args, **kwargs)
            fig = (
                out if isinstance(out, Figure) else getattr(args[0] if args else None, "fig", None)
            )
            if isinstance(fig, Figure):
                size = matplotlib.rcParams["xtick.labelsize"]
                for ax in fig.axes:
                    ax.tick_params(which="both", labelsize=size)
        show_sharp()
        return out

    return wrapper


def describe(fig: Figure, text: str) -> Figure:
    """Give `fig` its one-line alt text (shown to screen readers and stored in its PNG)."""
    setattr(fig, _ALT, " ".join(str(text).split()))
    return fig


def alt_text(fig: Figure) -> str:
    """The alt text of `fig`: the one given to :func:`describe`, else built from its titles and
    axis labels ("Figure with 2 panels: forward (y: ‖h‖ against x: step t); ...")."""
    given = getattr(fig, _ALT, "")
    if given:
        return given
    parts = []
    for ax in fig.axes:
        title = ax.get_title() or ax.get_title("left")
        x, y = ax.get_xlabel(), ax.get_ylabel()
        axes = f"{y} against {x}" if x and y else (x or y)
        parts.append(", ".join(p for p in (title, axes) if p) or "an unlabelled panel")
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""  # matplotlib >= 3.8
    sup = suptitle + ": " if suptitle else ""
    n = len(fig.axes)
    head = f"Figure with {n} panel{'s' if n != 1 else ''}"
    return " ".join(f"{head}: {sup}{'; '.join(parts)}".split())


def min_text_pt(fig: Figure) -> float:
    """The size in points of the smallest visible non-empty text of `fig` (tick labels included,
    as last drawn); inf if it has none."""
    sizes = [
        t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
    ]
    return min(sizes, default=float("inf"))


def render_png(
    fig: Figure,
    *,
    tight: bool = False,
    ratio: int = PIXEL_RATIO,
    draw: Callable[[FigureCanvasAgg], None] | None = None,
    min_text: Callable[[Figure], float] | None = None,
) -> tuple[bytes, dict]:
    """Render `fig` to a PNG at `ratio` image px per CSS px (default 2); return (bytes, metadata).

    The metadata is what a notebook output carries: ``{"width", "height"}`` (CSS px) and
    ``"alt"``. The PNG itself stores the alt text (``Description``) and the smallest text size
    in image px (``rnnlab:min-text-px``), which the browser test reads. `tight` crops to the
    drawn content, as the inline backend does (a second layout pass: static pictures only).
    Without it the figure is drawn once on an Agg canvas, by `draw(canvas)` if given (a widget's
    :class:`~rnnlab.widgets._blit.Blitter`) else ``canvas.draw()``, and stored unfiltered with
    fast zlib settings (:func:`rnnlab.plots.png.encode_png`): a third of ``savefig``'s cost.
    `min_text(fig)` gives the smallest text size in points (default :func:`min_text_pt`).
    """
    min_text = min_text or min_text_pt
    dpi = CSS_PX_PER_INCH * ratio
    with context():
        if tight:
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
            pixels = np.asarray(PIL.Image.open(buf).convert("RGB"))
        else:
            fig.set_dpi(dpi)
            canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
            (draw or FigureCanvasAgg.draw)(canvas)
            # RGB: a quarter less to deflate and to decode; Pillow converts faster than numpy
            image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba())
            pixels = np.asarray(image.convert("RGB"))
    h, w = pixels.shape[:2]
    pixels = pixels[: h - h % ratio, : w - w % ratio]  # a whole number of CSS px
    alt = alt_text(fig)
    text = {"Description": alt, "rnnlab:min-text-px": f"{min_text(fig) * dpi / 72:.2f}"}
    if tight:  # a stored picture: Pillow's filtered encoding, small for the notebook file
        info = PngInfo()
        for key, value in text.items():
            info.add_itxt(key, value)
        out = io.BytesIO()
        PIL.Image.fromarray(pixels).save(out, "png", pnginfo=info)
        data = out.getvalue()
    else:  # a live frame: fast
        data = encode_png(pixels, text)
    h, w = pixels.shape[:2]
    return data, {"width": w // ratio, "height": h // ratio, "alt": alt}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(value: float, pos: int | None = None) -> str:
    """The one log-tick format: 10⁻³, 1, 10⁵ (plain unicode: no mathtext to parse per frame)."""
    if not np.isfinite(value) or value <= 0:  # a locator may place ticks beyond float64
        return ""
    exponent = int(round(np.log10(value)))
    return "1" if exponent == 0 else "10" + str(exponent).translate(_SUPERSCRIPT)


DECADES = ticker.FuncFormatter(decade_label)


def _figure_png(fig: Figure) -> tuple[bytes, dict]:
    return render_png(fig, tight=True)


def show_sharp() -> None:
    """In IPython, show every Figure through :func:`render_png` (2 image px per CSS px, CSS
    width and height, alt text in the output's metadata); nothing outside IPython.

    Called by every styled plot after its figure exists: the inline backend registers its own
    PNG formatter when pyplot first loads it, and this one must come after.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    if formatter.type_printers.get(Figure) is not _figure_png:
        formatter.for_type(Figure, _figure_png)


def use(projector: bool | None = None) -> None:
    """Apply the style to this session: rc settings, and every figure shown as a sharp PNG.

    In a notebook the inline backend then shows each Figure rendered at 2 image px per CSS px,
    with its CSS width and height and a one-line alt text in the output's metadata. `projector`
    True/False switches projector mode on/off (None: $RNNLAB_PROJECTOR decides).
    """
    if projector is not None:
        _STATE["projector"] = bool(projector)
    matplotlib.rcParams.update(rc())
    import matplotlib.pyplot as plt

    plt.close(plt.figure())  # loads the backend now: the inline one registers its formats
    show_sharp()
