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

import base64
import io
from collections.abc import Callable, Mapping

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

__all__ = ["WidgetPanel", "interactive_panel", "figure_to_png", "drop_dead_widget_views"]

STATIC_DPI = 72  # the picture stored for readers without a kernel
LIVE_DPI = 80  # what a slider move renders; lower dpi and no tight bbox keep a redraw fast
LIVE_RC = {"text.hinting": "no_hinting"}  # unhinted glyphs draw ~15% faster, look alike at 80 dpi
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def figure_to_png(fig: Figure, dpi: int = STATIC_DPI, *, tight: bool = True) -> bytes:
    """Render `fig` to PNG bytes; `tight` crops to the drawn content as the inline backend does.

    Cropping costs a second layout pass, so the live redraw of a panel skips it: widget figures
    set their own margins.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    return buf.getvalue()


class WidgetPanel(widgets.VBox):
    """A VBox of controls above an output area, redrawn by `draw` whenever a control changes.

    Attributes: ``controls`` (name -> control widget), ``output`` (the Output widget),
    ``draw`` (the function of the control values that returns a Figure), ``static_png``
    (the default state as PNG, added to the display bundle for kernel-less viewers).
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
        self.output = widgets.Output()
        rows = layout_rows or [list(self.controls)]
        boxes = [widgets.HBox([self.controls[name] for name in row]) for row in rows]
        super().__init__(children=[*boxes, self.output])
        self.static_png = figure_to_png(self._figure(), STATIC_DPI) if static else None
        for control in self.controls.values():
            control.observe(self.redraw, names="value")
        self.redraw()

    def values(self) -> dict[str, object]:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _figure(self) -> Figure:
        fig = self.draw(**self.values())
        plt.close(fig)  # keep pyplot's registry empty: the panel owns its figures
        return fig

    def render(self) -> bytes:
        """The PNG a slider move shows: `draw` at the current values, rendered at LIVE_DPI."""
        fig = self._figure()
        with matplotlib.rc_context(LIVE_RC):  # only for this render: no global setting changes
            return figure_to_png(fig, LIVE_DPI, tight=False)

    def redraw(self, change: object = None) -> None:
        """Draw the figure for the current values into the output area.

        In a kernel, an exception from `draw` shows as a traceback in the output area (where the
        student and the browser test see it) instead of vanishing into the kernel's log; outside
        a kernel it propagates.
        """
        with self.output:
            self.output.clear_output(wait=True)
            _display(self.render())

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if self.static_png is not None:
            bundle["image/png"] = base64.b64encode(self.static_png).decode("ascii")
        return bundle


def _display(png: bytes) -> None:
    from IPython.display import Image, display

    display(Image(data=png, format="png"))


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
