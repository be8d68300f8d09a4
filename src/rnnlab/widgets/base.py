"""The one way rnnlab builds a widget: controls + a pure draw function -> a live panel.

A widget module provides a pure ``compute_*`` function, a ``plot_*`` function that takes the
computed data and returns a matplotlib Figure, and a thin ``make_*_widget()`` that calls
:func:`interactive_panel` here. Tests call compute and plot directly.

The panel's display also carries a PNG of its default state, so a notebook read without a kernel
(on GitHub, nbviewer, a PDF export) still shows a picture where the widget would be; JupyterLab
prefers the live widget view. A stored notebook keeps that picture visible only if the dead
reference to the widget's model is dropped when the widget state is not saved (a trusted notebook
would otherwise show "Error displaying widget: model not found"):
:func:`drop_dead_widget_views` does that, and ``tools/execute.py`` calls it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import contextvars
from collections.abc import Callable, Iterator, Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from traitlets import Unicode

from rnnlab.plots import style
from rnnlab.widgets._blit import Blitter

__all__ = [
    "WidgetPanel",
    "interactive_panel",
    "is_draft",
    "figure_to_png",
    "drop_dead_widget_views",
]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
DRAFT_RATIO = 1  # image px per CSS px of the frames shown while a control moves
SETTLE_S = 0.25  # seconds without a move before the sharp frame replaces the draft
# rnnlab runs on ipywidgets 7.7 (what Colab ships) and 8: the few differences are handled here
IPYWIDGETS_MAJOR = int(widgets.__version__.split(".")[0])
_DRAFTING = contextvars.ContextVar("rnnlab_drafting", default=False)


@contextlib.contextmanager
def _drafting(value: bool) -> Iterator[None]:
    """What :func:`is_draft` answers inside the block."""
    token = _DRAFTING.set(value)
    try:
        yield
    finally:
        _DRAFTING.reset(token)


def is_draft() -> bool:
    """True while a panel draws a draft frame (a control is moving; the sharp frame follows).

    A `draw` function may do less for a draft, as long as what it shows is a part of the sharp
    frame that follows: the sampling widget writes the first characters of its sample.
    """
    return _DRAFTING.get()


def figure_to_png(fig: Figure, *, tight: bool = False) -> bytes:
    """Render `fig` in the house style at 2 image px per CSS px (:func:`style.render_png`).

    `tight` crops to the drawn content as the inline backend does; it costs a second layout pass,
    so the live redraw of a panel skips it.
    """
    return style.render_png(fig, tight=tight)[0]


class _Picture(widgets.Image):
    """An Image whose tooltip (the picture's alt text) becomes the img element's title.

    ipywidgets' front-end sets a tooltip as the title only when the widget's description is
    empty, and reads that description's length: Image has none, so a tooltip alone breaks its
    view ("Cannot read properties of undefined"). An empty description fixes that.
    """

    description = Unicode("").tag(sync=True)


class WidgetPanel(widgets.VBox):
    """A VBox of controls above a picture, redrawn by `draw` whenever a control changes.

    The picture is a binary ``ipywidgets.Image`` whose bytes are replaced on every move (no
    output area is cleared, so nothing flickers and the panel keeps its height); it is shown at
    its CSS size, from a PNG at 2 image px per CSS px (1 px while a control moves: see
    :meth:`redraw`), with its alt text as the image's title; a :class:`Blitter` keeps the axes'
    ticks and labels between frames. Attributes: ``controls`` (name -> control widget),
    ``picture`` (the Image), ``output`` (an Output widget below it where a traceback of `draw`
    appears), ``draw`` (the function of the control values that returns a Figure),
    ``static_png`` (the default state as PNG, added to the display bundle for kernel-less
    viewers), ``meta`` (CSS width, height and alt text of the picture shown) and ``blitter``.
    """

    def __init__(
        self,
        controls: Mapping[str, widgets.ValueWidget],
        draw: Callable[..., Figure],
        *,
        layout_rows: list[list[str]] | None = None,
        static: bool = True,
    ) -> None:
        self.controls = dict(controls)
        self.draw = draw
        self.picture = _Picture(format="png")
        self.output = widgets.Output()
        self.meta: dict = {}
        self._last_fig: Figure | None = None
        self.blitter = Blitter()  # redraws only what a move changes (the axes' ticks are kept)
        self._failed = False
        self._settle: asyncio.TimerHandle | None = None  # the pending sharp frame
        rows = layout_rows or [list(self.controls)]
        boxes = [widgets.HBox([self.controls[name] for name in row]) for row in rows]
        super().__init__(children=[*boxes, self.picture, self.output])
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
            if len(getattr(control, "description", "")) > 8:  # the default label cuts it short
                control.style.description_width = "initial"
        self.redraw()
        self.static_png = bytes(self.picture.value) if static else None
        if _in_kernel() and not self._failed:
            self._warm()

    def _warm(self) -> None:
        """Draw (and drop) a draft of the first frame, so the first move finds its background.

        In a kernel, a move shows a draft at another dpi than the first frame: without this, the
        first two key presses on a widget each drew a new background (138-201 ms in the
        browser for the first press, against 60-100 for the presses after it).
        """
        try:
            self.render(DRAFT_RATIO)
        except Exception:  # the first move shows the error, as it would have
            pass

    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _figure(self) -> Figure:
        with style.context():
            fig = self.draw(**self.values())
        plt.close(fig)  # keep pyplot's registry empty: the panel owns its figures
        if fig is self._last_fig and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
            # a kept figure: keep the margins its first frame found, save a layout per move
            fig.set_layout_engine("none")
        self._last_fig = fig
        return fig

    def render(self, ratio: int = style.PIXEL_RATIO) -> tuple[bytes, dict]:
        """The PNG a move shows and its metadata (CSS width, height, alt text): `draw` at the
        current values, at `ratio` image px per CSS px (below 2: a draft, see :func:`is_draft`)."""
        # one style context per frame: nested contexts are then free
        with style.context(), _drafting(ratio < style.PIXEL_RATIO):
            fig = self._figure()
            return style.render_png(
                fig, ratio=ratio, draw=self.blitter.draw, min_text=self.blitter.min_text
            )

    def redraw(self, change: object = None) -> None:
        """Draw the figure for the current values into the picture.

        A move of a control in a kernel shows a draft frame at 1 image px per CSS px at once and
        the sharp one (2 px) when the controls have rested for :data:`SETTLE_S`: a quarter of
        the pixels to encode, send and decode while a key is held or a slider dragged. Outside
        a kernel's event loop (tests, scripts) and for the first frame, the sharp frame is drawn
        at once.

        In a kernel, an exception from `draw` shows as a traceback in the output area (where the
        student and the browser test see it) instead of vanishing into the kernel's log; outside
        a kernel it propagates. The next good frame clears it.
        """
        loop = _running_loop() if change is not None and _in_kernel() else None
        if loop is None:
            self._frame(style.PIXEL_RATIO)
            return
        self._frame(DRAFT_RATIO)
        if self._settle is not None:
            self._settle.cancel()
        self._settle = loop.call_later(SETTLE_S, self._sharpen)

    def _sharpen(self) -> None:
        # drawn anew, not the draft's figure re-rendered: a figure laid out at another dpi first
        # can end a pixel off, and a control that changes nothing must give the same picture
        self._settle = None
        if not self._failed:
            self._frame(style.PIXEL_RATIO)

    def _frame(self, ratio: int) -> None:
        try:
            png, meta = self.render(ratio)
        except Exception:
            if not _in_kernel():
                raise
            self._failed = True
            with self.output:  # in a kernel, Output shows the traceback and swallows it
                raise
            return
        if self._failed:
            self.output.clear_output()
            self._failed = False
        self._show(png, meta)

    def _show(self, png: bytes, meta: dict) -> None:
        picture = self.picture
        with picture.hold_sync():  # one message per frame: the view redraws once, not per trait
            if meta != self.meta:  # size and alt text: sent only when they change
                picture.width, picture.height = str(meta["width"]), str(meta["height"])
                picture.tooltip = meta["alt"]
                picture.layout.width = f"{meta['width']}px"
                picture.layout.height = f"{meta['height']}px"
                self.meta = meta
            picture.value = png

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, its text and (unless ``static=False``) the PNG of its default state
        with the picture's size and alt text as metadata; the same on ipywidgets 7 and 8."""
        bundle = _widget_view_bundle(self, **kwargs)
        if self.static_png is None:
            return bundle
        bundle["image/png"] = base64.b64encode(self.static_png).decode("ascii")
        return bundle, {"image/png": dict(self.meta)}

    if IPYWIDGETS_MAJOR < 8:
        # ipywidgets 7 (Colab's) displays a widget with _ipython_display_, which IPython prefers
        # to _repr_mimebundle_: publish the same bundle, then run the widget's on_displayed hooks
        def _ipython_display_(self, **kwargs):
            from IPython.display import publish_display_data

            shown = self._repr_mimebundle_()
            data, metadata = shown if isinstance(shown, tuple) else (shown, {})
            publish_display_data(data, metadata=metadata)
            self._handle_displayed(**kwargs)


def _widget_view_bundle(widget: widgets.Widget, **kwargs) -> dict:
    """What ipywidgets 8's ``Widget._repr_mimebundle_`` returns: a text/plain line and the
    widget-view reference. ipywidgets 7 has no such method (it displays in _ipython_display_),
    so there the same two entries are built here."""
    own = getattr(super(WidgetPanel, widget), "_repr_mimebundle_", None)
    if own is not None:
        return dict(own(**kwargs) or {})
    text = repr(widget)
    bundle = {"text/plain": text if len(text) <= 110 else text[:110] + "…"}
    bundle[WIDGET_VIEW] = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
    return bundle  # a WidgetPanel is a box: it always has a view


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop running this call (a kernel's, handling a widget message), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def interactive_panel(
    controls: Mapping[str, widgets.ValueWidget],
    draw: Callable[..., Figure],
    *,
    layout_rows: list[list[str]] | None = None,
) -> WidgetPanel:
    """Wire `controls` to `draw`: every change calls ``draw(**values)`` and shows the Figure.

    `draw` must return a new Figure for the given keyword arguments (one per control name).
    `layout_rows` optionally groups control names into rows.
    """
    if not controls:
        raise ValueError("controls must name at least one control widget")
    missing = [n for row in (layout_rows or []) for n in row if n not in controls]
    if missing:
        raise ValueError(f"layout_rows names unknown controls {missing}; known: {list(controls)}")
    return WidgetPanel(controls, draw, layout_rows=layout_rows)


def drop_dead_widget_views(nb: dict) -> int:
    """Drop the widget-view references whose model state `nb` does not store; return how many.

    `nb` is a parsed notebook (a dict or nbformat node), changed in place. Without the model's
    state such a reference can only render as "Error displaying widget: model not found" (in a
    trusted notebook) or nothing; without it, viewers fall back to the output's PNG or text.
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(
            f"nb must be a parsed notebook (a dict with a 'cells' list), got {nb!r:.80}"
        )
    saved = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    dropped = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            view = data.get(WIDGET_VIEW)
            if view is not None and view.get("model_id") not in saved:
                del data[WIDGET_VIEW]
                dropped += 1
    return dropped
