"""Notebook 04's checkers: one-hot and cross-entropy (code), the memoryless bound and ŷ_1."""

import math

import numpy as np
import pytest

from rnnlab.exercises import hello as ex


def test_a_correct_one_hot_written_differently_passes():
    def one_hot(ids, V):
        out = np.zeros((len(ids), V))
        out[np.arange(len(ids)), ids] = 1
        return out

    assert ex.check_one_hot(one_hot)
    assert ex.check_one_hot(lambda ids, V: (np.asarray(ids)[:, None] == np.arange(V)).astype(int))


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda ids, V: np.eye(V)[ids].T, "one row per time step"),
        (lambda ids, V: np.eye(max(ids) + 1)[ids], "use V columns"),
        (lambda ids, V: np.eye(V + 1)[ids][:, 1:], "ids count from 0"),
    ],
)
def test_each_typical_one_hot_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_one_hot(wrong)
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_a_correct_cross_entropy_written_differently_passes():
    def cross_entropy(logits, targets):
        total = 0.0
        for o, y in zip(logits, targets, strict=True):
            p = np.exp(o - o.max())
            total += -math.log(p[y] / p.sum())
        return total / len(targets)

    assert ex.check_cross_entropy(cross_entropy)


def probs(o, axis=-1):
    e = np.exp(o - o.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def steps(o, y, axis=-1):
    return -np.log(probs(o, axis)[np.arange(len(y)), y])


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda o, y: steps(o, y, axis=0).mean(), "not over time"),
        (lambda o, y: steps(o, y).sum(), "T·J"),
        (lambda o, y: steps(o, y).mean() / math.log(2), "bits"),
        (lambda o, y: -steps(o, y).mean(), "never negative"),
        (lambda o, y: steps(o, y), "average the T per-step losses"),
        (lambda o, y: steps(o, y).mean() / o.shape[1], "divide by T only"),
        (
            lambda o, y: (-np.log(np.exp(o) / np.exp(o).sum()))[np.arange(len(y)), y].mean(),
            "each step's scores on their own",
        ),
        (lambda o, y: steps(o, o.argmax(-1)).mean(), "not of the model's top guess"),
    ],
)
def test_each_typical_cross_entropy_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_cross_entropy(wrong)
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_memoryless_bound_for_tattoo():
    best = 3 * math.log(3) / 5  # after t: a, t or o, a third each; after a and o: certain
    assert ex.check_memoryless_bound(best) and ex.check_memoryless_bound(0.659)
    assert "sum over the 5 steps" in repr(ex.check_memoryless_bound(5 * best))
    assert "bits" in repr(ex.check_memoryless_bound(best / math.log(2)))
    assert "uniform" in repr(ex.check_memoryless_bound(math.log(3)))
    assert not ex.check_memoryless_bound(True) and not ex.check_memoryless_bound("a lot")
    assert "not answered yet" in repr(ex.check_memoryless_bound(...))


PARAMS = {  # notebook 04's hand weights
    "W_xh": np.array([[0.2, -0.3, -0.5, -0.6], [0.4, 0.5, 0.1, 0.3], [0.1, 0.5, 0.4, -0.6]]),
    "W_hh": np.array([[0.4, -0.5, 0.3], [-0.4, 0.4, 0.0], [-0.2, -0.1, -0.5]]),
    "b_h": np.array([-0.4, 0.2, 0.2]),
    "W_hy": np.array([[0.1, -0.1, 0.6], [0.6, 0.2, 0.2], [0.2, -0.1, -0.4], [0.3, 0.0, -0.2]]),
    "b_y": np.array([0.0, 0.4, 0.5, -0.2]),
}


def _softmax(s):
    e = np.exp(s)
    return e / e.sum()


def _first(column, b_h=True, b_y=True, tanh=True):
    a = PARAMS["W_xh"][:, column] + (PARAMS["b_h"] if b_h else 0)
    h = np.tanh(a) if tanh else a
    return PARAMS["W_hy"] @ h + (PARAMS["b_y"] if b_y else 0)


def test_first_prediction_right_in_any_container_to_three_decimals():
    right = _softmax(_first(3))
    assert ex.check_first_prediction(right, PARAMS)
    assert ex.check_first_prediction(list(np.round(right, 3)), PARAMS)
    assert ex.check_first_prediction(tuple(right.astype(np.float32)), PARAMS)
    assert ex.check_first_prediction(_softmax(_first(1)), PARAMS, column=1)


@pytest.mark.parametrize(
    "answer, hint",
    [
        (_first(3), "scores s_1"),
        (_softmax(_first(0)), "after 'h'"),
        (_softmax(_first(3, b_y=False)), "b_y"),
        (_softmax(_first(3, b_h=False)), "b_h inside"),
        (_softmax(_first(3, tanh=False)), "tanh"),
        (np.tanh(PARAMS["W_xh"][:, 3] + PARAMS["b_h"]), "that is h_1"),
        ([0.25] * 3, "4 numbers"),
        (np.ones((2, 4)) / 4, "4 numbers"),
        ("0.1 0.2", "4 numbers"),
        (True, "4 numbers"),
        (None, "not answered"),
    ],
)
def test_first_prediction_mistakes(answer, hint):
    verdict = ex.check_first_prediction(answer, PARAMS)
    assert not verdict and hint in repr(verdict)
