"""The adding problem and the copy task: layout, statistics, baselines and errors."""

import numpy as np
import pytest

from rnnlab.data.memory_tasks import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_baseline_accuracy,
    copy_task,
)


@pytest.mark.parametrize("T", [2, 3, 10, 51])
def test_adding_markers_exactly_one_per_half(T):
    xs, ys = adding_problem(200, T, np.random.default_rng(0))
    assert xs.shape == (T, 200, 2) and ys.shape == (200,)
    half = T // 2
    markers = xs[:, :, 1]
    assert set(np.unique(markers)) <= {0.0, 1.0}
    np.testing.assert_array_equal(markers[:half].sum(axis=0), 1)
    np.testing.assert_array_equal(markers[half:].sum(axis=0), 1)


def test_adding_targets_are_the_sum_of_the_marked_values():
    xs, ys = adding_problem(50, 20, np.random.default_rng(1))
    np.testing.assert_allclose(ys, (xs[:, :, 0] * xs[:, :, 1]).sum(axis=0))
    assert ((xs[:, :, 0] >= 0) & (xs[:, :, 0] <= 1)).all()
    assert ((ys >= 0) & (ys <= 2)).all()


def test_adding_baseline_is_one_sixth():
    _, ys = adding_problem(200_000, 4, np.random.default_rng(2))
    assert ADDING_BASELINE_MSE == pytest.approx(1 / 6)
    assert np.mean((ys - 1.0) ** 2) == pytest.approx(1 / 6, abs=3e-3)
    assert ys.mean() == pytest.approx(1.0, abs=5e-3)


def test_adding_is_reproducible_from_the_rng():
    a = adding_problem(4, 8, np.random.default_rng(3))
    b = adding_problem(4, 8, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 10), "batch_size must be an int >= 1, got 0"),
        ((4, 1), "seq_len must be an int >= 2, got 1"),
        ((4, 10.0), "seq_len must be an int >= 2, got 10.0"),
        ((True, 10), "batch_size"),
    ],
)
def test_adding_rejects_bad_sizes(args, message):
    with pytest.raises(ValueError, match=message):
        adding_problem(*args, np.random.default_rng(0))


def test_adding_rejects_a_seed_for_rng():
    with pytest.raises(ValueError, match="rng must be a numpy Generator, got int"):
        adding_problem(4, 10, 0)


def test_copy_task_layout():
    K, S, delay = 3, 5, 6
    xs, ys = copy_task(7, delay, np.random.default_rng(0), n_copy=K, n_symbols=S)
    T = 2 * K + delay
    assert xs.shape == (T, 7, S + 2) and ys.shape == (K, 7)
    np.testing.assert_array_equal(xs.sum(axis=-1), 1)  # one-hot at every step
    ids = xs.argmax(-1)
    np.testing.assert_array_equal(ids[:K], ys)  # the symbols come first
    np.testing.assert_array_equal(ids[K + delay - 1], S + 1)  # then the go signal
    blanks = np.ones(T, bool)
    blanks[:K] = False
    blanks[K + delay - 1] = False
    assert (ids[blanks] == S).all()  # blanks everywhere else
    assert ys.min() >= 0 and ys.max() < S


def test_copy_baseline():
    assert copy_baseline_accuracy(8) == pytest.approx(1 / 8)
    _, ys = copy_task(5000, 3, np.random.default_rng(1), n_copy=1, n_symbols=4)
    assert np.bincount(ys.ravel(), minlength=4) / ys.size == pytest.approx([0.25] * 4, abs=0.03)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"delay": 0}, "delay must be an int >= 1, got 0"),
        ({"n_copy": 0}, "n_copy must be an int >= 1"),
        ({"n_symbols": 1}, "n_symbols must be an int >= 2, got 1"),
        ({"batch_size": -1}, "batch_size"),
    ],
)
def test_copy_rejects_bad_sizes(kwargs, message):
    args = {"batch_size": 2, "delay": 5, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(ValueError, match=message):
        copy_task(**args)
