import numpy as np

from rnnlab.analysis.gradcheck import rnn_gradient_check
from rnnlab.exercises import bptt as ex
from rnnlab.scratch import init_rnn_params


def test_scalar_contributions():
    assert ex.solution_scalar_contributions() == [0.0, 0.5, 2.5]
    assert ex.check_scalar_contributions([0, 0.5, 2.5])
    assert not ex.check_scalar_contributions([0.5, 0, 2.5])
    assert "sum is right" in repr(ex.check_scalar_contributions([0.5, 0.0, 2.5]))
    assert "not answered" in repr(ex.check_scalar_contributions(...))
    assert not ex.check_scalar_contributions("abc")


def test_the_bug_is_in_b_h_and_the_check_finds_it():
    rng = np.random.default_rng(0)
    params = init_rnn_params(3, 4, 3, rng=rng)
    xs, targets = rng.normal(size=(4, 2, 3)), rng.integers(0, 3, size=(4, 2))
    grads = ex.buggy_loss_and_grads(params, xs, targets)[1]
    errors = rnn_gradient_check(params, xs, targets, grads=grads)
    assert max(errors, key=errors.get) == "b_h"
    assert ex.check_buggy_key("b_h") and not ex.check_buggy_key("W_hh")
    assert not ex.check_buggy_key(3)


def test_window():
    profile = {"k": np.array([1, 2, 3, 4]), "relative_error": np.array([0.5, 0.02, 0.005, 0.0])}
    assert ex.check_window(3, profile)
    assert not ex.check_window(4, profile)
    assert not ex.check_window(3.5, profile)
    assert "not answered" in repr(ex.check_window(..., profile))
