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
    assert "not answered yet" in repr(ex.check_perplexity_mix(...))
    assert "not answered yet" in repr(ex.check_context_reach(None))
    assert "not answered yet" in repr(ex.check_temperature_prediction(...))
    assert "not answered yet" in repr(ex.check_sampling_probs(None))
    assert "not answered yet" in repr(ex.check_train_windows(None))


def test_perplexity_of_a_mixed_text():
    assert ex.check_perplexity_mix(4) and ex.check_perplexity_mix(np.float32(4.0))
    assert ex.check_perplexity_mix(math.exp((math.log(2) + math.log(8)) / 2))
    assert "mean of 2 and 8" in repr(ex.check_perplexity_mix(5))
    assert "mean probability" in repr(ex.check_perplexity_mix(3.2))
    assert "J in nats" in repr(ex.check_perplexity_mix(math.log(4)))
    assert "bits" in repr(ex.check_perplexity_mix(2))
    assert not ex.check_perplexity_mix(True) and not ex.check_perplexity_mix("4")


def test_context_reach():
    assert ex.check_context_reach(3200) and ex.check_context_reach(np.int64(3200))
    assert "gradient" in repr(ex.check_context_reach(32))
    assert "all B streams" in repr(ex.check_context_reach(102_400))
    assert "one window" in repr(ex.check_context_reach(1024))
    assert "whole stream" in repr(ex.check_context_reach(8437))
    assert not ex.check_context_reach(3199) and not ex.check_context_reach(3200.5)


def test_word_to_char():
    right = math.log(120) / 6
    assert ex.check_word_to_char(right) and ex.check_word_to_char(0.798)
    assert "per word" in repr(ex.check_word_to_char(math.log(120)))
    assert "bits" in repr(ex.check_word_to_char(right / math.log(2)))
    assert "perplexity per character" in repr(ex.check_word_to_char(math.exp(right)))
    assert "not the perplexity" in repr(ex.check_word_to_char(math.log(120 / 6)))


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
