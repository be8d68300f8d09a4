"""Notebook 03's checkers: the many-to-one output rule (code), schemes and decoder steps."""

import numpy as np
import pytest

from rnnlab.exercises import schemes as ex
from rnnlab.scratch.rnn import rnn_forward


def test_a_correct_many_to_one_written_differently_passes():
    def many_to_one(params, xs, lengths):
        out = []
        for b, n in enumerate(lengths):  # run each sequence alone, without its padding
            _, logits = rnn_forward(params, xs[:n, b : b + 1])
            out.append(logits[-1, 0])
        return np.array(out)

    assert ex.check_many_to_one(many_to_one)


def logits(p, h):
    return h @ p["W_hy"].T + p["b_y"]


def softmax(o):
    e = np.exp(o - o.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def last(p, xs, n):
    return rnn_forward(p, xs)[0][n - 1, np.arange(len(n))]


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda p, xs, n: logits(p, rnn_forward(p, xs)[0][-1]), "hs[-1] is h at T_max"),
        (lambda p, xs, n: logits(p, rnn_forward(p, xs)[0][n, np.arange(len(n))]), "off by one"),
        (lambda p, xs, n: logits(p, rnn_forward(p, xs)[0][n - 1]), "index time and batch"),
        (lambda p, xs, n: last(p, xs, n) @ p["W_hy"].T, "output bias b_y"),
        (lambda p, xs, n: softmax(logits(p, last(p, xs, n))), "return the logits"),
        (lambda p, xs, n: logits(p, rnn_forward(p, xs)[0].mean(0)), "not an average"),
    ],
)
def test_each_typical_mistake_gets_its_hint(wrong, hint):
    verdict = ex.check_many_to_one(wrong)
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_scheme_map():
    answer = dict(zip(ex.APPLICATIONS, ["many_to_one", "one_to_many", "encoder_decoder",
                                        "synced", "many_to_one"], strict=True))  # fmt: skip
    assert ex.check_scheme_map(answer)
    assert "not answered yet" in repr(ex.check_scheme_map(dict.fromkeys(ex.APPLICATIONS, ...)))
    wrong = {**answer, ex.APPLICATIONS[3]: "many_to_one"}
    assert "1 wrong" in repr(ex.check_scheme_map(wrong))
    assert "is not one of" in repr(ex.check_scheme_map({**answer, ex.APPLICATIONS[0]: "rnn"}))
    assert "exactly the keys" in repr(ex.check_scheme_map({"x": "synced"}))


def test_decoder_steps():  # nous voyons le chat noir <eos>
    assert ex.check_decoder_steps(6) and ex.check_decoder_steps(
        6.0
    )  # nous voyons le chat noir <eos>
    assert "also writes the token" in repr(ex.check_decoder_steps(5))
    assert "<bos>" in repr(ex.check_decoder_steps(7))
    assert not ex.check_decoder_steps(True)


def test_swap_prediction_without_a_model_never_crashes():
    assert ex.check_swap_prediction("b") and "title gives" not in repr(
        ex.check_swap_prediction("b")
    )
    assert "not answered yet" in repr(ex.check_swap_prediction(...))
    assert "not answered yet" in repr(ex.check_swap_prediction(None, "junk"))
    for junk in ("not a model", 3, {"rnn": None}):
        assert ex.check_swap_prediction("b", junk)  # explained without the widget's numbers
    for bad in ("d", "ab", 2, True):
        assert "one letter" in repr(ex.check_swap_prediction(bad))
