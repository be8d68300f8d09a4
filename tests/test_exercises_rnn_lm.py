"""Notebook 05's check helpers accept the solutions and reject wrong answers."""

import math

from rnnlab.exercises import rnn_lm as ex


def test_unanswered():
    assert "not answered yet" in repr(ex.check_uniform_loss(...))
    assert "not answered yet" in repr(ex.check_steps_per_pass(..., 100, 4, 2))


def test_uniform_loss_and_perplexity():
    assert ex.check_uniform_loss(math.log(65)) and ex.check_uniform_loss(4.174)
    assert not ex.check_uniform_loss(65)
    assert ex.check_perplexity(math.exp(1.5)) and ex.check_perplexity(4.48)
    wrong = ex.check_perplexity(2**1.5)
    assert not wrong and "bits" in repr(wrong)
    assert not ex.check_perplexity("x")


def test_steps_per_pass():
    assert ex.check_steps_per_pass(3, 50, 3, 4)  # 12 ids per stream -> 3 windows of 3
    assert not ex.check_steps_per_pass(4, 50, 3, 4)
    assert not ex.check_steps_per_pass(3.5, 50, 3, 4)
    assert ex.check_steps_per_pass(245, 1_003_854, 64, 64)


def test_greedy_temperature():
    assert ex.check_greedy_temperature(0) and ex.check_greedy_temperature(0.0)
    assert not ex.check_greedy_temperature(1)
