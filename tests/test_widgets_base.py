import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from rnnlab.widgets.base import drop_dead_widget_views, figure_to_png, interactive_panel


def draw(a):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, a])
    return fig


def test_panel_keeps_pyplot_registry_empty_and_has_static_png():
    before = plt.get_fignums()
    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0)}, draw)
    panel.controls["a"].value = 2.0
    assert plt.get_fignums() == before
    assert panel.static_png.startswith(b"\x89PNG")
    bundle, meta = panel._repr_mimebundle_()
    assert meta["image/png"]["width"] > 0 and meta["image/png"]["alt"]
    assert "application/vnd.jupyter.widget-view+json" in bundle and "image/png" in bundle


def test_display_shows_the_live_view_the_picture_and_its_alt_text_on_ipywidgets_7_and_8(
    monkeypatch,
):
    """As IPython displays it: ipywidgets 8 through _repr_mimebundle_, ipywidgets 7 (Colab's)
    through _ipython_display_, which IPython prefers; both publish the same bundle."""
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    from rnnlab.widgets.base import IPYWIDGETS_MAJOR, WIDGET_VIEW

    published = []
    monkeypatch.setattr(
        IPython.display,
        "publish_display_data",
        lambda data, metadata=None, **kwargs: published.append((data, metadata)),
    )
    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0)}, draw)
    data, metadata = DisplayFormatter().format(panel)
    if IPYWIDGETS_MAJOR < 8:
        assert (data, metadata) == ({}, {}) and len(published) == 1
        data, metadata = published[0]
    assert IPYWIDGETS_MAJOR == int(widgets.__version__[0]) and IPYWIDGETS_MAJOR in (7, 8)
    assert data[WIDGET_VIEW]["model_id"] == panel.model_id and data["text/plain"]
    assert data["image/png"] and metadata["image/png"]["alt"] == panel.meta["alt"]
    assert metadata["image/png"]["width"] == panel.meta["width"]


def test_panel_rejects_unknown_layout_and_no_controls():
    with pytest.raises(ValueError, match="layout_rows names unknown controls \\['b'\\]"):
        interactive_panel({"a": widgets.FloatSlider()}, draw, layout_rows=[["b"]])
    with pytest.raises(ValueError, match="controls must name at least one"):
        interactive_panel({}, draw)


def test_figure_to_png():
    assert figure_to_png(draw(1.0)).startswith(b"\x89PNG")


def test_a_failing_draw_raises_outside_a_kernel():
    def fragile(a):
        if a > 1:
            raise RuntimeError("draw failed")
        return draw(a)

    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0, max=3.0)}, fragile)
    with pytest.raises(RuntimeError, match="draw failed"):
        panel.controls["a"].value = 2.0


VIEW = "application/vnd.jupyter.widget-view+json"


def stored(model_id, state=None):
    data = {VIEW: {"model_id": model_id}, "image/png": "iVBO", "text/plain": "WidgetPanel(...)"}
    nb = {
        "cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data", "data": data}]}]
    }
    if state is not None:
        nb["metadata"] = {
            "widgets": {"application/vnd.jupyter.widget-state+json": {"state": state}}
        }
    return nb, data


def test_dead_widget_views_are_dropped_and_the_picture_kept():
    nb, data = stored("abc")
    assert drop_dead_widget_views(nb) == 1
    assert set(data) == {"image/png", "text/plain"}
    assert drop_dead_widget_views(nb) == 0


def test_widget_views_with_saved_state_are_kept():
    nb, data = stored("abc", state={"abc": {"model_name": "VBoxModel"}})
    assert drop_dead_widget_views(nb) == 0
    assert VIEW in data


def test_drop_dead_widget_views_rejects_a_non_notebook():
    with pytest.raises(ValueError, match="nb must be a parsed notebook .* got \\[1, 2\\]"):
        drop_dead_widget_views([1, 2])


def _builders():
    import importlib
    import importlib.util
    import inspect
    import pkgutil

    import rnnlab.widgets

    has_torch = importlib.util.find_spec("torch") is not None
    for info in pkgutil.iter_modules(rnnlab.widgets.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        try:
            module = importlib.import_module(f"rnnlab.widgets.{info.name}")
        except ModuleNotFoundError as exc:  # the torch-free run (tests/torch_free.txt)
            if has_torch or exc.name != "torch":
                raise
            continue
        for name, func in inspect.getmembers(module, inspect.isfunction):
            needs = [p for p in inspect.signature(func).parameters.values()
                     if p.default is inspect.Parameter.empty]  # fmt: skip
            # builders that need a trained model (notebook 10's cell views) colour text as HTML
            # and draw no picture; every picture widget builds with its defaults
            if name.startswith("make_") and name.endswith("_widget") and not needs:
                yield pytest.param(func, id=name)


@pytest.mark.parametrize("make", list(_builders()))
def test_every_widget_default_picture_is_in_the_house_style(make):
    """Sharp (2 image px per CSS px), no text below 12 CSS px, a one-line alt text."""
    import io

    import PIL.Image

    try:
        panel = make()
    except ModuleNotFoundError as exc:  # the torch-free run: a widget of a trained model
        if exc.name != "torch":
            raise
        pytest.skip("this widget shows a torch model; torch is not installed")
    image = PIL.Image.open(io.BytesIO(panel.static_png))
    assert image.size == (2 * panel.meta["width"], 2 * panel.meta["height"])
    assert float(image.text["rnnlab:min-text-px"]) / 2 >= 12
    assert panel.meta["alt"] and "\n" not in panel.meta["alt"]
    assert panel.picture.tooltip == panel.meta["alt"]
    assert panel.picture.layout.height == f"{panel.meta['height']}px"  # a fixed height: no jump


def _png_width(png: bytes) -> int:
    import io

    import PIL.Image

    return PIL.Image.open(io.BytesIO(png)).size[0]


def test_a_move_in_an_event_loop_shows_a_draft_then_one_sharp_frame(in_kernel):
    import asyncio

    from rnnlab.widgets import base

    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0, max=9.0)}, draw)
    css = panel.meta["width"]
    assert _png_width(panel.picture.value) == 2 * css  # the first frame is sharp
    shown = []
    show = panel._show
    panel._show = lambda png, meta: (shown.append(_png_width(png)), show(png, meta))

    async def moves():
        for a in (2.0, 3.0, 4.0):  # a key held down: three moves, no rest between them
            panel.controls["a"].value = a
        assert shown == [css] * 3  # drafts at 1 image px per CSS px
        await asyncio.sleep(base.SETTLE_S + 0.2)

    in_kernel(moves())
    assert shown == [css] * 3 + [2 * css]  # then one sharp frame, after the rest
    assert panel.meta["width"] == css  # shown at the same CSS size throughout


def test_outside_an_event_loop_every_move_is_sharp():
    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0)}, draw)
    panel.controls["a"].value = 0.5
    assert _png_width(panel.picture.value) == 2 * panel.meta["width"]


def test_in_a_kernel_the_first_moves_find_the_draft_background_drawn_at_build(in_kernel):
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1], [0, 1])
    ax.set_ylim(0, 10)

    def kept(a):  # one figure updated in place, as every rnnlab widget draws
        line.set_ydata([0, a])
        return fig

    panel = interactive_panel({"a": widgets.FloatSlider(value=1.0, max=9.0)}, kept)
    assert len(panel.blitter.backgrounds) == 2  # the sharp first frame and a dropped draft
    shown = []
    show = panel._show
    panel._show = lambda png, meta: (shown.append(png), show(png, meta))
    misses = panel.blitter.misses

    async def move():
        panel.controls["a"].value = 2.0  # the same limits: the same background
        panel._settle.cancel()

    in_kernel(move())
    assert len(shown) == 1 and panel.blitter.misses == misses  # the draft reused it


def test_a_long_label_is_shown_whole():
    def draw(temperature, k):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [0, temperature * k])
        return fig

    panel = interactive_panel(
        {
            "temperature": widgets.FloatSlider(value=1.0, description="temperature"),
            "k": widgets.IntSlider(value=1, description="k"),
        },
        draw,
    )
    assert panel.controls["temperature"].style.description_width == "initial"
    assert panel.controls["k"].style.description_width == ""
