"""sample_next and generate: argmax limits, the uniform limit, reproducibility, errors."""

import numpy as np
import pytest
import torch

from rnnlab.data.text import Vocab
from rnnlab.generation import generate, next_char_probs, sample_next
from rnnlab.models.char_lm import CharLM
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward

LOGITS = np.array([[1.0, 3.0, 2.0, -1.0], [0.5, -2.0, 0.0, 4.0]])


def test_temperature_zero_and_top_k_one_give_argmax():
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(sample_next(LOGITS, temperature=0.0), [1, 3])
    for _ in range(20):
        np.testing.assert_array_equal(sample_next(LOGITS, 5.0, top_k=1, rng=rng), [1, 3])
    assert sample_next(LOGITS[0], 0.0) == 1
    assert isinstance(sample_next(LOGITS[0], 1.0, rng=rng), int)


def test_probs_sum_to_one_and_top_k_masks():
    p = next_char_probs(LOGITS, 1.0, top_k=2)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    assert (p > 0).sum(axis=-1).tolist() == [2, 2]
    np.testing.assert_allclose(p[0, [1, 2]], np.exp([3, 2]) / np.exp([3, 2]).sum())
    assert next_char_probs(LOGITS, 1.0, top_k=10).min() > 0  # k >= V keeps everything


def test_high_temperature_approaches_uniform_low_sharpens():
    p_hot = next_char_probs(LOGITS[0], temperature=1e4)
    np.testing.assert_allclose(p_hot, 0.25, atol=1e-3)
    p_cold = next_char_probs(LOGITS[0], temperature=0.05)
    assert p_cold[1] > 0.999
    rng = np.random.default_rng(0)
    draws = sample_next(np.tile(LOGITS[0], (4000, 1)), 1e4, rng=rng)
    np.testing.assert_allclose(np.bincount(draws, minlength=4) / 4000, 0.25, atol=0.03)


def test_sampling_follows_the_distribution():
    rng = np.random.default_rng(1)
    draws = sample_next(np.tile(LOGITS[1], (20000, 1)), 1.0, rng=rng)
    freq = np.bincount(draws, minlength=4) / len(draws)
    np.testing.assert_allclose(freq, next_char_probs(LOGITS[1]), atol=0.01)


def test_same_rng_same_sample_and_torch_logits():
    a = sample_next(LOGITS, 1.0, rng=np.random.default_rng(7))
    b = sample_next(torch.tensor(LOGITS), 1.0, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"temperature": -0.1}, "temperature must be a finite number >= 0"),
        ({"temperature": float("nan")}, "temperature"),
        ({"top_k": 0}, "top_k must be None or an int >= 1, got 0"),
        ({"top_k": 1.5}, "top_k"),
        ({"rng": 3}, "rng must be a numpy Generator"),
    ],
)
def test_bad_options_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        sample_next(LOGITS, **kwargs)


def test_bad_logits_raise():
    with pytest.raises(ValueError, match="logits must be finite"):
        sample_next(np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="logits must be finite"):
        sample_next(np.array([0.0, np.inf]))
    with pytest.raises(ValueError, match=r"\(V,\) or \(B, V\)"):
        sample_next(np.zeros((2, 2, 2)))


def test_generate_numpy_and_torch_agree_on_the_same_weights():
    vocab = Vocab.from_text("hello world")
    params = init_rnn_params(len(vocab), 8, len(vocab), rng=np.random.default_rng(0))
    model = CharLM.from_numpy(params)
    for temperature in (0.0, 1.0):
        a = generate(params, vocab, "he", 30, temperature, rng=np.random.default_rng(3))
        b = generate(model, vocab, "he", 30, temperature, rng=np.random.default_rng(3))
        assert a == b and a.startswith("he") and len(a) == 32
    assert generate(params, vocab, "h", 0) == "h"


def test_generate_errors():
    vocab = Vocab.from_text("hello")
    params = init_rnn_params(4, 8, 4, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="prompt must be a non-empty str"):
        generate(params, vocab, "", 5)
    with pytest.raises(ValueError, match="symbol 'z'"):
        generate(params, vocab, "z", 5)
    with pytest.raises(ValueError, match="length must be an int >= 0"):
        generate(params, vocab, "h", -1)
    with pytest.raises(ValueError, match="vocab_size=4"):
        generate(CharLM(5, 8, "gru"), vocab, "h", 3)
    with pytest.raises(ValueError, match="V=5"):
        generate(params, Vocab.from_text("hello!"), "h", 3)


def test_generate_is_the_loop_of_notebook_05():
    vocab = Vocab.from_text("hello world, the quick brown fox")
    V = len(vocab)
    params = init_rnn_params(V, 16, V, rng=np.random.default_rng(0))
    eye = np.eye(V)
    for temperature, top_k in ((0.0, None), (1.0, None), (0.8, 3), (1.5, V)):
        hs, logits = rnn_forward(params, eye[vocab.encode("he")][:, None, :])
        h, s = hs[-1, 0], logits[-1, 0]
        rng, drawn = np.random.default_rng(1), []
        for _ in range(40):
            drawn.append(sample_next(s, temperature, top_k, rng))
            h = np.tanh(params["W_hh"] @ h + params["W_xh"] @ eye[drawn[-1]] + params["b_h"])
            s = params["W_hy"] @ h + params["b_y"]
        out = generate(params, vocab, "he", 40, temperature, top_k, rng=np.random.default_rng(1))
        assert out == "he" + vocab.decode(drawn)


def test_generate_gives_the_text_it_gave_before_the_move():
    # written by the inlined draw that generate used while it lived in rnnlab.training.sampling
    vocab = Vocab.from_text("hello world, the quick brown fox")
    params = init_rnn_params(len(vocab), 16, len(vocab), rng=np.random.default_rng(0))
    rng = np.random.default_rng
    assert generate(params, vocab, "he", 40, 1.0, rng=rng(1)) == (
        "hekxbxehthl rlfteibhcdrekxxrlebxkbnrnw ki,"
    )
    assert generate(params, vocab, "he", 40, 0.8, 3, rng=rng(1)) == (
        "hetwhhhkxkhctkhkhhhkh,w ctwwh hkkhhxttbhcb"
    )
