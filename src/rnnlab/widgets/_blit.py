"""Redraw only what a slider move changes: the axes' ticks and labels are kept as a background.

Measured on every widget figure (``benchmarks/widget_latency.py``), about 90% of a frame's draw
time is the axes' decorations: tick marks, tick labels and axis labels, laid out and rasterised
again on every move although they only change when the limits or the ticks do. A
:class:`Blitter` draws them once into a background bitmap, keyed by everything they depend on
(figure size, each axes' position, limits, scales, fixed ticks and labels, axis labels), and on
every frame restores that bitmap and draws the rest on top: lines, images, patches, texts,
titles, legends and spines, in their z-order (artists marked :func:`static` go into the
background). A move that changes the key draws the background
again, so a frame is never stale; the last few backgrounds are kept, for a slider going back and
forth. The one visible difference from a full draw: grid lines and ticks always lie under the
data (as ``axes.axisbelow=True`` would put them).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from operator import attrgetter

from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter

from rnnlab.plots.style import min_text_pt

__all__ = ["Blitter", "background_key", "static"]

KEEP = 4  # backgrounds kept: a slider moved back and forth finds its last few ones
_STATIC: weakref.WeakSet[Artist] = weakref.WeakSet()  # the artists marked by static()


def static(*artists: Artist) -> None:
    """Mark `artists` as never changing after the figure is built (a legend, a reference line):
    a :class:`Blitter` draws them into the background, once, instead of on every frame."""
    _STATIC.update(artists)


def _ticks_key(axis: Axis) -> tuple:
    """What the ticks of `axis` depend on besides its axes' limits."""
    parts = []
    for which in ("major", "minor"):
        locator = getattr(axis, f"get_{which}_locator")()
        formatter = getattr(axis, f"get_{which}_formatter")()
        parts += [type(locator).__name__, type(formatter).__name__]
        if isinstance(locator, FixedLocator):  # set_xticks(ticks, labels): the labels as shown
            locs = [float(x) for x in locator.locs]
            parts += [tuple(locs), tuple(str(label) for label in formatter.format_ticks(locs))]
        elif isinstance(formatter, FuncFormatter):  # labels from the limits by this function
            parts.append(id(formatter.func))
    label = axis.label
    return (axis.get_scale(), axis.get_visible(), label.get_text(), label.get_color(), *parts)


def background_key(fig: Figure) -> tuple:
    """Everything the background of `fig` (figure patch, axes patches, axes' ticks and labels)
    depends on; two figures with the same key have the same background."""
    axes = tuple(
        (
            tuple(ax.get_position().bounds),
            ax.get_xlim(),
            ax.get_ylim(),
            ax.get_visible(),
            ax.axison,
            tuple(ax.patch.get_facecolor()),
            _ticks_key(ax.xaxis),
            _ticks_key(ax.yaxis),
        )
        for ax in fig.axes
    )
    return (tuple(fig.bbox.bounds), fig.dpi, tuple(fig.patch.get_facecolor()), axes)


def _foreground(fig: Figure) -> list[Artist]:
    """The artists drawn on every frame, in drawing order: each axes' children except its
    patch and axes (spines only where the frame is on), then the figure's own artists."""
    out: list[Artist] = []
    for ax in sorted(fig.axes, key=attrgetter("zorder")):
        if not ax.get_visible():
            continue
        skip = {id(ax.patch), id(ax.xaxis), id(ax.yaxis)}
        if not (ax.axison and ax.get_frame_on()):
            skip |= {id(s) for s in ax.spines.values()}
        children = [
            c
            for c in ax.get_children()
            if id(c) not in skip and c.get_visible() and c not in _STATIC
        ]
        out += sorted(children, key=attrgetter("zorder"))
    own = [*fig.lines, *fig.patches, *fig.texts, *fig.images, *fig.legends]
    shown = (a for a in own if a.get_visible() and a not in _STATIC)
    out += sorted(shown, key=attrgetter("zorder"))
    return out


def _supported(fig: Figure) -> bool:
    """Blitting handles plain figures: no subfigures, no inset (child) axes, no layout engine."""
    engine = fig.get_layout_engine()
    plain = engine is None or isinstance(engine, PlaceHolderLayoutEngine)
    return plain and not fig.subfigs and not any(ax.child_axes for ax in fig.axes)


class Blitter:
    """Draws a figure onto its Agg canvas, reusing the background of an earlier frame.

    Use :meth:`draw` in place of ``canvas.draw()``. Attributes: ``hits`` and ``misses`` (frames
    that reused a background, and frames that drew one), ``key`` (the background key of the last
    frame; None when it was drawn in full).
    """

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        # background key -> (the saved bitmap, the smallest text size in points of that frame)
        self.backgrounds: OrderedDict[tuple, tuple[object, float]] = OrderedDict()
        self.key: tuple | None = None
        self.figure: Figure | None = None
        self.front: list[Artist] = []  # the foreground artists of the last frame
        self.hits = self.misses = 0

    def draw(self, canvas: FigureCanvasAgg) -> None:
        """Draw `canvas`'s figure: background from the cache (or drawn and kept), then the rest."""
        fig = canvas.figure
        if fig is not self.figure:  # another figure: nothing kept applies
            self.backgrounds.clear()
            self.figure = fig
        if not _supported(fig):
            self.key, self.front = None, []
            canvas.draw()
            return
        self.front = _foreground(fig)
        key = self.key = background_key(fig)
        if key in self.backgrounds:
            self.backgrounds.move_to_end(key)
            canvas.restore_region(self.backgrounds[key][0])
            self.hits += 1
        else:
            self._draw_background(canvas, key)
            self.misses += 1
        renderer = canvas.get_renderer()  # the one canvas.draw() drew on, at this size and dpi
        for artist in self.front:
            artist.draw(renderer)

    def _draw_background(self, canvas: FigureCanvasAgg, key: tuple) -> None:
        animated = [a.get_animated() for a in self.front]
        for artist in self.front:  # a figure draw leaves animated artists out
            artist.set_animated(True)
        try:
            canvas.draw()
        finally:
            for artist, was in zip(self.front, animated, strict=True):
                artist.set_animated(was)
        region = canvas.copy_from_bbox(canvas.figure.bbox)
        self.backgrounds[key] = (region, min_text_pt(canvas.figure))
        while len(self.backgrounds) > self.keep:
            self.backgrounds.popitem(last=False)

    def min_text(self, fig: Figure) -> float:
        """The smallest text size (points) of the last frame drawn: :func:`min_text_pt`, which
        walks every artist, once per background, and the foreground texts on every frame."""
        if self.key is None or fig is not self.figure or self.key not in self.backgrounds:
            return min_text_pt(fig)
        sizes = [
            a.get_fontsize() for a in self.front if isinstance(a, Text) and a.get_text().strip()
        ]
        return min([self.backgrounds[self.key][1], *sizes])
