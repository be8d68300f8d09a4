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


def test_char_perplexity():
    assert ex.check_char_perplexity(150 ** (1 / 6))
    assert "not answered" in str(ex.check_char_perplexity(...))
    assert "divide" in str(ex.check_char_perplexity(25.0))
    assert "e^J" in str(ex.check_char_perplexity(math.log(150) / 6))
