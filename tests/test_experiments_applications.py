"""Notebook 11's experiments on tiny budgets: shapes, baselines, the feedback loop."""

import numpy as np
import pytest

from rnnlab.experiments.applications import (
    forecast_ahead,
    horizon_errors,
    train_forecaster,
    train_row_reader,
)


@pytest.fixture(scope="module")
def run():
    return train_forecaster(12, hidden_size=4, steps=5, seed=0)


def test_forecaster_scores_the_held_out_months(run):
    assert run.n_test == 60 and run.predicted.shape == (60,)
    assert run.split == len(run.series.values) - 60
    assert run.steps == 5 and run.last_mae > 0 and run.seasonal_mae > 0


def test_one_step_of_the_loop_is_the_one_step_forecast(run):
    ahead = forecast_ahead(run, run.split, 3)
    assert ahead.shape == (3,)
    assert ahead[0] == pytest.approx(run.predicted[0], abs=1e-9)
    with pytest.raises(ValueError, match="start must be"):
        forecast_ahead(run, 3, 2)


def test_horizon_errors(run):
    e = horizon_errors(run, 13)
    assert set(e) == {"rnn", "ar", "seasonal", "last"} and all(v.shape == (13,) for v in e.values())
    assert e["seasonal"][0] == pytest.approx(run.seasonal_mae, rel=0.2)
    with pytest.raises(ValueError, match="horizon must be at most"):
        horizon_errors(run, 61)


def test_row_reader_shapes():
    d = train_row_reader(hidden_size=8, steps=3, batch_size=16, seed=0)
    assert d.by_row.shape == (8,) and d.settle.shape == (500,)
    assert d.settle.min() >= 1 and d.settle.max() <= 8
    assert d.by_row[-1] == pytest.approx(d.rnn_accuracy)
    assert 0.8 < d.logistic_accuracy <= 1.0
    assert np.isfinite(d.seconds)
