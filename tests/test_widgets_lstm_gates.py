"""The gate explorer: compute at the extremes, plots, and the panel redraw."""

import numpy as np
import pytest

from rnnlab.widgets.lstm_gates import (
    MODES,
    PATTERNS,
    compute_gates,
    input_pattern,
    make_lstm_gates_widget,
    plot_gates,
)

KEYS = {"x", "i", "f", "o", "c_tilde", "cell", "h"}


def test_forget_one_input_shut_keeps_the_cell():
    keep = compute_gates("one pulse", "set", forget=1.0, input_gate=1.0, output=1.0)
    pulse = int(np.argmax(keep["x"]))
    # with f = 1 and i = 1 the cell sums the candidates: after the pulse it stays constant
    after = keep["cell"][pulse:] - keep["cell"][pulse]
    np.testing.assert_allclose(after, 0.0, atol=1e-12)
    assert keep["cell"][pulse] == pytest.approx(np.tanh(2.0))


def test_forget_zero_forgets_and_output_zero_hides():
    forget = compute_gates("one pulse", "set", forget=0.0, input_gate=1.0, output=1.0)
    pulse = int(np.argmax(forget["x"]))
    assert forget["cell"][pulse] > 0.9 and abs(forget["cell"][pulse + 1]) < 1e-12
    hidden = compute_gates("one pulse", "set", forget=1.0, input_gate=1.0, output=0.0)
    np.testing.assert_array_equal(hidden["h"], 0.0)
    assert hidden["cell"].max() > 0.9  # the memory is there, only not shown


def test_scale_mode_multiplies_the_cells_own_gates():
    free = compute_gates("square wave", "scale", 1.0, 1.0, 1.0)
    half = compute_gates("square wave", "scale", 1.0, 0.5, 1.0)
    np.testing.assert_allclose(half["i"][0], 0.5 * free["i"][0])
    # the demo cell's input gate opens on an input and stays nearly shut on silence
    silent = compute_gates("one pulse", "scale", 1.0, 1.0, 1.0)
    pulse = int(np.argmax(silent["x"]))
    assert silent["i"][pulse] > 0.9 and silent["i"][0] < 0.1


EXTREMES = [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (1.0, 0.0, 0.0)]


def test_extremes_compute_finite_values():
    for pattern in PATTERNS:
        for mode in MODES:
            for gates in EXTREMES:
                data = compute_gates(pattern, mode, *gates)
                assert set(data) == KEYS
                assert all(np.isfinite(v).all() for v in data.values()), (pattern, mode, gates)


@pytest.mark.parametrize(
    "pattern, mode, gates", [("square wave", "set", EXTREMES[1]), ("noise", "scale", EXTREMES[0])]
)
def test_extremes_draw_every_panel(pattern, mode, gates):
    fig = plot_gates(compute_gates(pattern, mode, *gates), "t")
    assert len(fig.axes) == 3 and all(ax.lines or ax.patches for ax in fig.axes)


def test_patterns_and_errors():
    assert input_pattern("one pulse").sum() == 1.0
    np.testing.assert_array_equal(input_pattern("noise"), input_pattern("noise"))
    with pytest.raises(ValueError, match="pattern must be one of"):
        input_pattern("sine")
    with pytest.raises(ValueError, match="steps must be an int >= 1, got 0"):
        input_pattern("noise", 0)
    with pytest.raises(ValueError, match="mode must be one of"):
        compute_gates("noise", "add", 1, 1, 1)
    with pytest.raises(ValueError, match="forget must be a number in \\[0, 1\\], got 1.5"):
        compute_gates("noise", "set", 1.5, 1, 1)


def test_widget_redraws_on_slider_change():
    panel = make_lstm_gates_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["forget"].value = 0.5
    panel.controls["mode"].value = "scale"
    assert [c["forget"] for c in calls] == [0.5, 0.5]
    assert calls[-1]["mode"] == "scale"
    assert "image/png" in panel._repr_mimebundle_()[0]
