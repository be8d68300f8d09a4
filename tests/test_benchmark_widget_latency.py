"""The latency benchmark finds every widget and sweeps sane slider values (nothing is timed)."""

import importlib.util
from pathlib import Path

import ipywidgets as widgets

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "widget_latency.py"
spec = importlib.util.spec_from_file_location("widget_latency", PATH)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_discovers_the_widgets_of_every_module():
    found = {(module, name) for module, name, _ in bench.discover(["eigen", "clipping", "start"])}
    assert {("eigen", "make_eigen_widget"), ("clipping", "make_clipping_widget")} <= found
    assert ("start", "make_powers_widget") in found


def test_slider_values_stay_in_range_and_end_at_the_default():
    s = widgets.IntSlider(value=7, min=1, max=20)
    values = bench.slider_values(s)
    assert values[0] == 1 and values[4] == 20 and values[-1] == 7
    log = widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=2)
    assert bench.slider_values(log)[0] == 0.01 and bench.slider_values(log)[4] == 100
    assert bench.slider_values(widgets.Dropdown(options=["a", "b"], value="b")) == ["a", "b", "b"]
    assert bench.slider_values(widgets.Checkbox(value=True)) == [False, True]
