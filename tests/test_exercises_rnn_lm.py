"""Notebook 05's checkers: right answers pass, each typical mistake gets its own hint."""

import math

import numpy as np
import pytest

from rnnlab.exercises import rnn_lm as ex


def test_nothing_public_is_a_solution():
    public = [n for n in dir(ex) if not n.startswith("_")]
    assert all(
        n.startswith("check_")
        or n
        in {
            "annotations",
            "math",
            "numbers",
            "np",
            "Mistake",
            "Verdict",
            "check_function",
            "unanswered",
            "verdict",
        }
        for n in public
    ), public


def test_unanswered():
    assert "not answered yet" in repr(ex.check_uniform_loss(...))
    assert "not answered yet" in repr(ex.check_steps_per_pass(..., 100, 4, 2))
    assert "not answered yet" in repr(ex.check_sampling_probs(None))


def test_uniform_loss_with_a_hint_for_bits():
    assert ex.check_uniform_loss(math.log(10_000)) and ex.check_uniform_loss(9.21)
    assert ex.check_uniform_loss(np.float32(9.2103))
    assert "bits" in repr(ex.check_uniform_loss(math.log2(10_000)))
    assert "perplexity" in repr(ex.check_uniform_loss(10_000))
    assert not ex.check_uniform_loss(True) and not ex.check_uniform_loss("9.21")


def test_perplexity():
    assert ex.check_perplexity(math.exp(1.5)) and ex.check_perplexity(4.48)
    wrong = ex.check_perplexity(2**1.5)
    assert not wrong and "bits" in repr(wrong)
    assert "probability" in repr(ex.check_perplexity(math.exp(-1.5)))
    assert not ex.check_perplexity("x") and not ex.check_perplexity(True)


def test_steps_per_pass():
    assert ex.check_steps_per_pass(3, 50, 3, 4)  # 12 ids per stream -> 3 windows of 3
    assert ex.check_steps_per_pass(3.0, 50, 3, 4) and ex.check_steps_per_pass(np.int64(3), 50, 3, 4)
    assert not ex.check_steps_per_pass(4, 50, 3, 4)
    assert "whole number" in repr(ex.check_steps_per_pass(3.5, 50, 3, 4))
    assert not ex.check_steps_per_pass(True, 13, 3, 4)  # 1 window, but True is not a number
    assert ex.check_steps_per_pass(245, 1_003_855, 64, 64)


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def right_with_argsort(o, tau, k):
    """Written differently from the reference: argsort and a boolean mask, then renormalise."""
    p = _softmax(np.asarray(o) / tau)
    keep = np.zeros_like(p, dtype=bool)
    np.put_along_axis(keep, np.argsort(-o, axis=-1)[:, :k], True, axis=-1)
    p = np.where(keep, p, 0.0)
    return p / p.sum(axis=1, keepdims=True)


def test_a_correct_version_written_differently_passes():
    assert ex.check_sampling_probs(right_with_argsort, seed=0)
    assert ex.check_sampling_probs(right_with_argsort)  # fresh cases


def masked(o, k, smallest=False):
    r = np.sort(o, axis=-1)
    if smallest:
        return np.where(o <= r[:, [k - 1]], o, -np.inf)
    return np.where(o >= r[:, [-k]], o, -np.inf)


def no_max_shift(o, tau, k):
    e = np.exp(masked(o / tau, k))
    return e / e.sum(axis=-1, keepdims=True)


def wrong_axis(o, tau, k):
    p = np.exp(o / tau - (o / tau).max(axis=0))
    p = np.where(np.isfinite(masked(o, k)), p, 0.0)
    return p / p.sum(axis=0)


MISTAKES = [
    (lambda o, tau, k: _softmax(masked(o, k)) / tau, "before the softmax"),
    (lambda o, tau, k: _softmax(masked(o * tau, k)), "Multiplying"),
    (lambda o, tau, k: _softmax(masked(o, k)), "temperature is missing"),
    (lambda o, tau, k: _softmax(masked(o / tau, k, smallest=True)), "LARGEST"),
    (lambda o, tau, k: np.where(np.isfinite(masked(o, k)), _softmax(o / tau), 0), "renormalise"),
    (lambda o, tau, k: _softmax(o / tau), "top-k cut is missing"),
    (lambda o, tau, k: _softmax(masked(o / tau, min(k + 1, o.shape[1]))), "one too many"),
    (no_max_shift, "subtract each row's maximum"),
]


@pytest.mark.parametrize("wrong, needle", MISTAKES)
def test_each_mistake_gets_its_hint(wrong, needle):
    out = ex.check_sampling_probs(wrong, seed=1)
    assert not out and needle in repr(out), repr(out)


def test_softmax_over_the_wrong_axis():
    def axis0(o, tau, k):
        z = masked(o / tau, k)
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    for fn in (axis0,):
        out = ex.check_sampling_probs(fn, seed=2)
        assert not out and "wrong axis" in repr(out), repr(out)
    assert not ex.check_sampling_probs(wrong_axis, seed=2)


def test_student_code_never_crashes_the_checker():
    def crash(o, tau, k):
        return o[99]

    assert "raised IndexError" in repr(ex.check_sampling_probs(crash, seed=0))
    assert "shape" in repr(ex.check_sampling_probs(lambda o, tau, k: o[0], seed=0))
    assert not ex.check_sampling_probs(lambda o, tau, k: "text", seed=0)
    assert not ex.check_sampling_probs(42)


def test_not_a_function():
    assert "pass the function itself" in repr(ex.check_sampling_probs(42))


def test_the_placeholder_is_not_answered():
    def sampling_probs(o, tau, k):
        # YOUR CODE HERE
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_sampling_probs(sampling_probs))
