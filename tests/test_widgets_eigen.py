"""The eigenvalue widget: exact powers, extremes that overflow or underflow, redraws."""

import numpy as np
import pytest

from rnnlab.widgets.eigen import compute_eigen_dynamics, make_eigen_widget, plot_eigen_dynamics


def test_norms_follow_the_eigenvalue_powers():
    data = compute_eigen_dynamics([0.5, 0.9, 1.1], 40)
    t = np.arange(41)
    np.testing.assert_allclose(data["powers"], np.array([0.5, 0.9, 1.1])[None] ** t[:, None])
    expected = np.sqrt(0.25**t + 0.81**t + 1.21**t)  # one unit along each direction
    np.testing.assert_allclose(data["norm_h"], expected, rtol=1e-10)
    np.testing.assert_allclose(data["norm_grad"], 1.1 ** data["distance"], rtol=1e-10)


@pytest.mark.parametrize(
    "lams, T",
    [
        ([0.0, 0.0, 0.0], 1),
        ([0.0, 0.0, 0.0], 1100),
        ([2.0, 2.0, 2.0], 1100),
        ([0.0, 1.0, 2.0], 1100),
        ([1.0, 1.0, 1.0], 1),
    ],
)
def test_extremes_draw_without_error(lams, T):
    data = compute_eigen_dynamics(lams, T)
    assert data["t"].shape == (T + 1,)
    fig = plot_eigen_dynamics(data)
    for ax in fig.axes:
        assert any(len(line.get_xdata()) for line in ax.get_lines())  # never an empty plot


def test_overflow_and_zero_are_reported_in_the_figure():
    data = compute_eigen_dynamics([0.0, 1.0, 2.0], 1100)
    assert np.isinf(data["norm_h"][-1]) and data["powers"][1, 0] == 0.0
    text = " ".join(t.get_text() for t in plot_eigen_dynamics(data).texts)
    assert "inf (beyond float64)" in text and "= 0 at t=1" in text


@pytest.mark.parametrize(
    "lams, T, message",
    [([np.nan], 5, "lams must be a non-empty vector"), ([0.5], 0, "T must be an int >= 1")],
)
def test_bad_input(lams, T, message):
    with pytest.raises(ValueError, match=message):
        compute_eigen_dynamics(lams, T)


def test_widget_redraws_on_slider_change():
    panel = make_eigen_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["lam3"].value = 2.0
    panel.controls["T"].value = 1100
    assert calls[-1] == {"lam1": 0.5, "lam2": 0.95, "lam3": 2.0, "T": 1100}
    assert "image/png" in panel._repr_mimebundle_()[0]
