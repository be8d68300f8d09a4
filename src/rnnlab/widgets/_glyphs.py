"""Text drawn from cached glyph bitmaps: the pixels of Agg's own text, without FreeType's work.

matplotlib 3.11's Agg renderer lays each string out again on every draw and renders each of its
glyphs anew (``RendererAgg._draw_text_glyphs_and_boxes``). Profiled over 20 key-press moves
of three widgets, that was 49-64% of the Blitter's drawing time (lstm gates, clipping, the
Shakespeare sampler): the titles, numbers and samples are drawn on every frame, mostly with
the same characters. A :class:`GlyphCache` keeps

- the layout of each string (the glyphs and their offsets), by font, size, dpi and text, and
- the bitmap of each glyph at each sub-pixel offset (1/64 px, FreeType's 26.6 units), by font,
  size, dpi, angle and hinting.

A glyph moved by a whole pixel renders to the same bitmap, shifted, so the cache places the
kept bitmap where FreeType would have put the new one: the frame is pixel-identical to
matplotlib's (tested). Where matplotlib lacks these private hooks (before 3.11) text is drawn
as matplotlib draws it.
"""

from __future__ import annotations

import contextlib
import inspect
import math
from collections import OrderedDict
from collections.abc import Iterator

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font

try:  # matplotlib >= 3.10
    from matplotlib.ft2font import RenderMode
except ImportError:  # an older matplotlib: no glyph hooks either, text drawn as it draws it
    RenderMode = None

__all__ = ["GlyphCache", "SUPPORTED"]


def _supported() -> bool:
    """matplotlib's private glyph hooks are there, with the signatures of 3.11."""
    if RenderMode is None or not all(
        hasattr(FT2Font, n) for n in ("_layout", "_render_glyph", "_set_transform")
    ):
        return False
    loop = getattr(RendererAgg, "_draw_text_glyphs_and_boxes", None)
    if loop is None:
        return False
    names = list(inspect.signature(loop).parameters)
    return names == ["self", "gc", "x", "y", "angle", "glyphs", "boxes"]


SUPPORTED = _supported()


class _LRU(OrderedDict):
    """A dict that forgets its least recently used entries beyond `size`."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        value = super().get(key, default)
        if value is not default:
            self.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)


class GlyphCache:
    """Glyph bitmaps and string layouts kept between frames; :meth:`installed` draws with them.

    Attributes: ``glyphs`` and ``layouts`` (the two caches), ``hits`` and ``misses`` (glyphs
    placed from the cache, and glyphs FreeType rendered), ``failed`` (True once matplotlib's
    private layout call raised: text is then drawn by matplotlib alone).
    """

    def __init__(self, glyphs: int = 8192, layouts: int = 1024) -> None:
        self.glyphs = _LRU(glyphs)
        self.layouts = _LRU(layouts)
        self.hits = self.misses = 0
        self.failed = False

    @contextlib.contextmanager
    def installed(self, renderer: RendererAgg) -> Iterator[None]:
        """Within the block, `renderer` draws its text through this cache."""
        if not SUPPORTED or not isinstance(renderer, RendererAgg):
            yield
            return
        original = renderer._draw_text_glyphs_and_boxes

        def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
            glyphs = None if ismath or self.failed else self._try_layout(renderer, s, prop, mtext)
            if glyphs is None:
                return RendererAgg.draw_text(renderer, gc, x, y, s, prop, angle, ismath, mtext)
            return self._draw(renderer, original, gc, x, y, angle, glyphs, [])

        def draw_glyphs(gc, x, y, angle, glyphs, boxes):
            return self._draw(renderer, original, gc, x, y, angle, glyphs, boxes)

        renderer.draw_text = draw_text
        renderer._draw_text_glyphs_and_boxes = draw_glyphs
        try:
            yield
        finally:
            del renderer.draw_text, renderer._draw_text_glyphs_and_boxes

    def _try_layout(self, renderer: RendererAgg, s: str, prop, mtext) -> tuple | None:
        """:meth:`_layout`, or None (and ``failed`` set) where matplotlib's private call raises."""
        try:
            return self._layout(renderer, s, prop, mtext)
        except Exception:  # a matplotlib whose private layout changed: draw as it does
            self.failed = True
            return None

    def _layout(self, renderer: RendererAgg, s: str, prop, mtext) -> tuple:
        """The glyphs of `s` as ``_draw_text_glyphs_and_boxes`` takes them, laid out once."""
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        flags = get_hinting_flag()
        features_key = tuple(features) if features is not None else None
        key = (hash(prop), renderer.dpi, s, flags, features_key, language)  # prop: as mpl keys it
        glyphs = self.layouts.get(key)
        if glyphs is None:
            font = renderer._prepare_font(prop)
            items = font._layout(s, flags=flags, features=features, language=language)
            size = prop.get_size_in_points()
            glyphs = tuple(
                (item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y) for item in items
            )
            self.layouts.put(key, glyphs)
        return glyphs

    def _draw(self, renderer, original, gc, x, y, angle, glyphs, boxes) -> None:
        """Agg's glyph loop, with each glyph's bitmap taken from the cache when it is there."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags = get_hinting_flag()
        antialiased = bool(gc.get_antialiased())
        height, dpi, agg = renderer.height, renderer.dpi, renderer._renderer
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # the glyph's origin in FreeType's 26.6 units, y upwards, as Agg computes it
            ox = round(0x40 * (x + dx * cos - dy * sin))
            oy = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (id(font), size, dpi, glyph_index, slant, extend, angle, ox & 63, oy & 63, flags,
                   antialiased)  # fmt: skip
            kept = self.glyphs.get(key)
            if kept is None:
                kept = self._render(key, font, cos, sin)
            else:
                self.hits += 1
            buffer, left, top = kept[:3]
            left, top = left + (ox >> 6), top + (oy >> 6)  # a whole-pixel shift of the bitmap
            agg.draw_text_image(buffer, left, int(height) - top + buffer.shape[0], 0, gc)
        if boxes:  # mathtext's rules: drawn by Agg itself, there is nothing to keep
            original(gc, x, y, angle, (), boxes)

    def _render(self, key: tuple, font, cos: float, sin: float) -> tuple:
        """FreeType's bitmap of one glyph at the sub-pixel offset in `key`, kept in the cache."""
        self.misses += 1
        _, size, dpi, glyph_index, slant, extend, _, fx, fy, flags, antialiased = key
        font.set_size(size, dpi)
        matrix = 0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]
        font._set_transform(matrix.round().astype(int), [fx, fy])
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        bitmap = font._render_glyph(glyph_index, flags, mode)
        buffer = bitmap.buffer
        if not antialiased:
            buffer *= 0xFF
        kept = (buffer, bitmap.left, bitmap.top, font)  # the font kept alive: its id is in keys
        self.glyphs.put(key, kept)
        return kept
