import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from rnnlab.widgets.base import figure_to_png, interactive_panel


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
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "image/png" in bundle


def test_panel_rejects_unknown_layout_and_no_controls():
    with pytest.raises(ValueError, match="layout_rows names unknown controls \\['b'\\]"):
        interactive_panel({"a": widgets.FloatSlider()}, draw, layout_rows=[["b"]])
    with pytest.raises(ValueError, match="controls must name at least one"):
        interactive_panel({}, draw)


def test_figure_to_png():
    assert figure_to_png(draw(1.0)).startswith(b"\x89PNG")
