"""Notebook 01's checkers: pad a batch and the last states (code), MLP growth and a week of
weather (numbers)."""

import numpy as np
import pytest

from rnnlab.exercises import sequences as ex


def test_a_correct_pad_batch_written_differently_passes():
    def pad_batch(seqs):
        T, D = max(len(s) for s in seqs), seqs[0].shape[1]
        rows = [np.concatenate([s, np.zeros((T - len(s), D))]) for s in seqs]  # each (T, D)
        return np.stack(rows, axis=1)  # (T, B, D)

    assert ex.check_pad_batch(pad_batch)


def _left(seqs):
    T = max(len(s) for s in seqs)
    out = np.zeros((T, len(seqs), seqs[0].shape[1]))
    for b, s in enumerate(seqs):
        out[T - len(s) :, b] = s
    return out


def _right(seqs):
    T = max(len(s) for s in seqs)
    out = np.zeros((T, len(seqs), seqs[0].shape[1]))
    for b, s in enumerate(seqs):
        out[: len(s), b] = s
    return out


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda seqs: _right(seqs).transpose(1, 0, 2), "time-major means (T_max, B, D)"),
        (_left, "zeros after each sequence's end"),
        (lambda seqs: _right(sorted(seqs, key=len, reverse=True)), "order given"),
        (lambda seqs: _right(seqs)[: min(len(s) for s in seqs)], "do not cut to the shortest"),
    ],
)
def test_each_typical_pad_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_pad_batch(wrong)
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_batch_first_names_both_shapes():
    text = repr(ex.check_pad_batch(lambda seqs: _right(seqs).transpose(1, 0, 2)))
    assert "expected an output of shape (5, 3, 2), got (3, 5, 2)" in text


def test_a_correct_last_states_written_differently_passes():
    def last_states(hs, lengths):
        return np.stack([hs[n - 1, b] for b, n in enumerate(lengths)])

    assert ex.check_last_states(last_states)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda hs, lengths: hs[-1], "padding zeros"),
        (lambda hs, lengths: hs[np.asarray(lengths), np.arange(len(lengths))], "T_b - 1"),
        (lambda hs, lengths: hs[np.asarray(lengths) - 1], "its own column"),
        (lambda hs, lengths: hs[min(lengths) - 1], "not at the shortest"),
        (lambda hs, lengths: hs[0], "first step only"),
    ],
)
def test_each_typical_last_state_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_last_states(wrong)
    assert not verdict and hint in repr(verdict)


def test_weather_mlp():
    assert ex.check_weather_mlp(3 * 168 * 32 + 32 + 32 + 1)
    assert ex.check_weather_mlp(np.int64(16193)) and ex.check_weather_mlp(16193.0)
    assert "7 · 24" in repr(ex.check_weather_mlp(3 * 7 * 32 + 65))
    assert "one day" in repr(ex.check_weather_mlp(3 * 24 * 32 + 65))
    assert "D = 3" in repr(ex.check_weather_mlp(168 * 32 + 65))
    assert "RNN" in repr(ex.check_weather_mlp(3 * 32 + 32 * 32 + 32 + 32 + 1))
    assert "biases" in repr(ex.check_weather_mlp(3 * 168 * 32))
    assert not ex.check_weather_mlp(True) and not ex.check_weather_mlp(16193.5)
    assert "not answered yet" in repr(ex.check_weather_mlp(...))


def test_mlp_growth():
    assert ex.check_mlp_growth(27 * 64) and ex.check_mlp_growth(1728.0)
    assert "whole MLP" in repr(ex.check_mlp_growth(27 * 64 * 11 + 64 + 64 * 27 + 27))
    assert "D new inputs" in repr(ex.check_mlp_growth(27))
    assert "D new weights" in repr(ex.check_mlp_growth(64))
    assert not ex.check_mlp_growth(True) and not ex.check_mlp_growth("1728")
