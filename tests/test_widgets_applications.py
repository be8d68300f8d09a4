"""The forecast widget on tiny trained forecasters: precomputed forecasts, redraws."""

import numpy as np
import pytest

from rnnlab.experiments.applications import forecast_ahead, train_forecaster
from rnnlab.widgets.applications import compute_forecasts, make_forecast_widget, plot_forecast_view


@pytest.fixture(scope="module")
def runs():
    return {w: train_forecaster(w, hidden_size=4, steps=3, seed=0) for w in (12, 24)}


def test_forecasts_are_the_fed_back_loop(runs):
    data = compute_forecasts(runs)
    assert set(data["rnn"]) == {12, 24} and data["rnn"][12].shape == (60,)
    r = runs[24]
    assert data["rnn"][24][:4] == pytest.approx(forecast_ahead(r, r.split, 4))


@pytest.mark.parametrize("window, horizon", [(12, 1), (24, 60), (30, 0), (5, 999)])
def test_view_at_extremes(runs, window, horizon):
    fig = plot_forecast_view(compute_forecasts(runs), window, horizon)
    assert "months ahead" in fig.axes[0].get_title(loc="left")


def test_widget_redraws(runs):
    panel = make_forecast_widget(runs)
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["horizon"].value = 5
    assert calls == [{"window": 24, "horizon": 5}]


def test_errors(runs):
    with pytest.raises(ValueError, match="at least one window"):
        compute_forecasts({})
    other = train_forecaster(12, hidden_size=4, steps=1, test_months=30)
    with pytest.raises(ValueError, match="share one held-out stretch"):
        compute_forecasts({12: runs[12], 13: other})


@pytest.fixture(scope="module")
def painter():
    from rnnlab.experiments.painter import train_painter

    return train_painter(hidden_size=8, steps=20, per_class=1, temperatures=(1.0,), seed=0)


def test_paintings_are_fixed_by_their_seeds(painter):
    from rnnlab.models.painter import paint_numpy
    from rnnlab.widgets.applications import compute_paintings

    a = compute_paintings(painter, 4, 1.0)
    assert a["painted"].shape == (4, 8, 8) and a["read"].shape == (4,)
    np.testing.assert_array_equal(a["painted"], compute_paintings(painter, 4, 1.0)["painted"])
    u = np.random.default_rng(2).random((8, 1, 8))  # sample 2 is drawn from seed 2
    alone = paint_numpy(painter.params, [4], 1.0, u)[:, 0]
    np.testing.assert_array_equal(a["painted"][2], alone)
    greedy = compute_paintings(painter, 4, 0.0)["painted"]
    assert all(np.array_equal(g, greedy[0]) for g in greedy)  # tau = 0: one picture


@pytest.mark.parametrize("digit, temperature", [(0, 0.0), (9, 2.0)])
def test_paint_view_at_extremes(painter, digit, temperature):
    from rnnlab.widgets.applications import plot_paintings

    fig = plot_paintings(painter, digit, temperature)
    assert f"asked for {digit}" in fig.texts[0].get_text()


def test_painter_widget_move_changes_the_picture(painter):
    from rnnlab.widgets.applications import compute_paintings, make_painter_widget

    panel = make_painter_widget(painter)
    before = bytes(panel.picture.value)
    panel.controls["digit"].value = 8
    assert bytes(panel.picture.value) != before
    with pytest.raises(ValueError, match="digit"):
        compute_paintings(painter, 10, 1.0)
