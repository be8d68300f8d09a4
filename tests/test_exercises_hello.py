"""Notebook 04's check helpers accept the solutions and reject wrong answers."""

import math

import numpy as np

from rnnlab.exercises import hello as ex


def test_unanswered_is_a_reminder_not_an_error():
    for check in (ex.check_one_hot_l, ex.check_targets, ex.check_memoryless_bound):
        v = check(...)
        assert not v and "not answered yet" in repr(v)


def test_one_hot_l():
    assert ex.check_one_hot_l([0, 0, 1, 0])
    assert ex.check_one_hot_l(np.array([0.0, 0.0, 1.0, 0.0]))
    assert not ex.check_one_hot_l([0, 1, 0, 0])
    assert not ex.check_one_hot_l([0, 0, 1])
    assert "Hint" in repr(ex.check_one_hot_l("l"))


def test_targets():
    assert ex.check_targets([1, 2, 2, 3])
    assert not ex.check_targets([0, 1, 2, 2])  # the inputs, not the targets
    assert "not letters" in repr(ex.check_targets("ello"))


def test_memoryless_bound():
    assert ex.check_memoryless_bound(2 * math.log(2))
    assert ex.check_memoryless_bound(1.386)
    assert not ex.check_memoryless_bound(4 * math.log(4))
    assert not ex.check_memoryless_bound("a lot")


def test_first_hidden_state():
    params = {"W_xh": np.array([[0.5, 0.1], [-0.3, 0.2]]), "b_h": np.array([0.1, 0.0])}
    assert ex.check_first_hidden_state(np.tanh([0.6, -0.3]), params, column=0)
    assert ex.check_first_hidden_state(np.tanh([0.2, 0.2]), params, column=1)
    assert not ex.check_first_hidden_state([0.6, -0.3], params, column=0)  # forgot the tanh
    assert not ex.check_first_hidden_state([1.0], params, column=0)
    assert "not answered" in repr(ex.check_first_hidden_state(None, params, column=0))
