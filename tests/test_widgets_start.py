import numpy as np
import pytest

from rnnlab.widgets.start import compute_powers, make_powers_widget, plot_powers


def test_powers_vanish_and_explode():
    _, below = compute_powers(0.9, 50)
    _, above = compute_powers(1.1, 50)
    assert below[50] == pytest.approx(0.9**50)
    assert above[50] == pytest.approx(1.1**50)


@pytest.mark.parametrize("lam, steps", [(0.0, 1), (0.0, 200), (2.0, 200), (1.0, 1)])
def test_extremes_draw_without_error(lam, steps):
    t, values = compute_powers(lam, steps)
    assert len(t) == steps + 1
    fig = plot_powers(t, values, lam)
    assert fig.axes[0].lines  # never an empty plot


def test_overflow_is_shown_not_raised():
    t, values = compute_powers(2.0, 2000)
    assert np.isinf(values[-1])
    assert "beyond float64" in plot_powers(t, values, 2.0).axes[0].get_title()


@pytest.mark.parametrize("lam, steps, message", [(float("nan"), 5, "lam"), (0.5, 0, "steps")])
def test_bad_input(lam, steps, message):
    with pytest.raises(ValueError, match=message):
        compute_powers(lam, steps)


def test_widget_redraws_on_slider_change():
    panel = make_powers_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["lam"].value = 1.2
    assert calls == [{"lam": 1.2, "steps": 50}]
    assert "image/png" in panel._repr_mimebundle_()[0]
