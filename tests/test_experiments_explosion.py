import numpy as np
import pytest

from rnnlab.experiments.explosion import explosion_runs
from rnnlab.experiments.results.runs import SGDRun

TEXT = "the quick brown fox jumps over the lazy dog. " * 40


def test_both_runs_start_from_the_same_weights_and_windows():
    runs = explosion_runs(TEXT, hidden=8, T=10, B=4, steps=3, lr=0.1, rho=1.0, seed=1)
    assert set(runs) == {"plain", "clipped"}
    assert runs["plain"].loss[0] == runs["clipped"].loss[0]  # same start, same first window
    assert runs["plain"].grad_norm[0] == runs["clipped"].grad_norm[0]


def test_a_small_gradient_is_not_clipped():
    runs = explosion_runs(TEXT, hidden=8, T=10, B=4, steps=5, lr=0.01, rho=0.5, max_norm=1e6)
    np.testing.assert_array_equal(runs["plain"].loss, runs["clipped"].loss)


def test_worst_jump():
    assert SGDRun(loss=np.array([3.0, 2.0, 5.0, 1.0]), grad_norm=np.ones(4)).worst_jump == 3.0
    assert SGDRun(loss=np.array([3.0, np.nan]), grad_norm=np.ones(2)).worst_jump == float("inf")


@pytest.mark.parametrize("bad", [{"rho": 0.0}, {"lr": -1.0}, {"T": 0}, {"max_norm": 0.0}])
def test_bad_arguments_are_named(bad):
    with pytest.raises(ValueError):
        explosion_runs(TEXT, **bad)
