"""The forecast widget on tiny trained forecasters: precomputed forecasts, redraws."""

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
