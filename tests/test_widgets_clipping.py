"""The cliff widget: analytic gradient, clipped vs plain steps, extremes, redraws."""

import numpy as np
import pytest

from rnnlab.analysis.gradcheck import numerical_gradient
from rnnlab.widgets.clipping import (
    cliff_grad,
    cliff_loss,
    cliff_surface,
    compute_cliff_step,
    make_clipping_widget,
    plot_cliff_step,
)


@pytest.mark.parametrize("point", [(1.1, 0.5), (-1.0, 0.3), (2.0, -1.0)])
def test_cliff_gradient_matches_finite_differences(point):
    numeric = numerical_gradient(lambda p: float(cliff_loss(*p)), np.array(point))
    np.testing.assert_allclose(cliff_grad(*point), numeric, rtol=1e-7, atol=1e-9)


def test_plain_step_jumps_away_and_clipped_step_does_not():
    step = compute_cliff_step(1.1, 0.5, lr=0.5, threshold=1.0)
    assert step["grad_norm"] > 5  # on the wall
    assert np.linalg.norm(step["plain"] - step["start"]) > 4
    assert np.linalg.norm(step["clipped"] - step["start"]) == pytest.approx(0.5, rel=1e-5)
    assert step["loss_clipped"] < step["loss_start"] < step["loss_plain"]


def test_large_threshold_changes_nothing():
    step = compute_cliff_step(1.1, 0.5, lr=0.5, threshold=100.0)
    np.testing.assert_array_equal(step["plain"], step["clipped"])


@pytest.mark.parametrize(
    "x0, lr, threshold", [(0.0, 0.01, 0.01), (1.6, 1.0, 100.0), (1.1, 1.0, 0.01), (1.0, 1.0, 100)]
)
def test_extremes_draw_without_error(x0, lr, threshold):
    fig = plot_cliff_step(cliff_surface(30), compute_cliff_step(x0, 0.5, lr, threshold))
    assert len(fig.axes[1].get_lines()) >= 4


@pytest.mark.parametrize(
    "args, message",
    [
        ((1.0, 0.5, 0.0, 1.0), "lr must be positive"),
        ((1.0, 0.5, 0.1, 0.0), "max_norm must be a positive"),
        ((np.nan, 0.5, 0.1, 1.0), "x0 must be a finite number"),
    ],
)
def test_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        compute_cliff_step(*args)


def test_widget_redraws_on_slider_change():
    panel = make_clipping_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["threshold"].value = 100.0
    assert calls == [{"threshold": 100.0, "lr": 0.5, "x0": 1.1}]
