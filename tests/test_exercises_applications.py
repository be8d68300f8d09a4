"""Notebook 11's checkers: each mistake gets its hint, a different correct answer passes."""

import math

import numpy as np

from rnnlab.exercises import applications as ex


def test_seasonal_naive_correct_written_differently():
    def seasonal_naive(series, start, horizon):
        year = np.asarray(series, dtype=float)[start - 12 : start]
        return np.tile(year, horizon // 12 + 1)[:horizon]

    assert ex.check_seasonal_naive(seasonal_naive)


def test_seasonal_naive_mistakes():
    def thirteen(series, start, horizon):
        return np.asarray(series, dtype=float)[start - 13 + np.arange(horizon) % 12]

    def no_wrap(series, start, horizon):
        return np.asarray(series, dtype=float)[start - 12 + np.arange(horizon)]

    assert "thirteen" in str(ex.check_seasonal_naive(thirteen))
    assert "modulo 12" in str(ex.check_seasonal_naive(no_wrap))


def test_perplexity_to_beat():
    assert ex.check_perplexity_to_beat(math.exp(1.5 * 22_000 / 4_000))
    assert "not answered" in str(ex.check_perplexity_to_beat(...))
    assert "logarithm" in str(ex.check_perplexity_to_beat(math.exp(1.5) * 5.5))
    assert "e^J" in str(ex.check_perplexity_to_beat(1.5 * 5.5))
    assert "other way round" in str(ex.check_perplexity_to_beat(math.exp(1.5 / 5.5)))
    assert not ex.check_perplexity_to_beat("a lot")


def test_horizon_prediction_quotes_the_errors_it_is_given():
    errors = {"rnn": np.linspace(0.27, 1.06, 24), "ar": np.linspace(0.30, 0.61, 24)}
    right = ex.check_horizon_prediction("(B)", errors)
    assert right and "RNN 1.06, AR 0.61" in str(right)
    assert not ex.check_horizon_prediction("a", errors)
    assert "not answered" in str(ex.check_horizon_prediction(..., errors))
    for odd in ("x", None, 3, ["b"]):  # never raises, one verdict
        assert not ex.check_horizon_prediction(odd, errors)
    assert ex.check_horizon_prediction("b", {"rnn": []})  # unusable numbers: explained without
