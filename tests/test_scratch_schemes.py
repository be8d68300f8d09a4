"""The numpy schemes: built from rnn_forward / rnn_step, and equal to the torch scheme models."""

import numpy as np
import pytest

from rnnlab.experiments import scheme_checks, schemes
from rnnlab.scratch import schemes as ref
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_step


def params(D=3, H=5, V=4, seed=0):
    return init_rnn_params(D, H, V, rng=np.random.default_rng(seed))


def test_many_to_one_reads_each_sequence_to_its_own_end():
    p = params()
    xs = np.random.default_rng(1).normal(size=(6, 3, 3))
    _, ys = rnn_forward(p, xs)
    np.testing.assert_allclose(ref.many_to_one(p, xs), ys[-1])
    lengths = np.array([6, 2, 4])
    out = ref.many_to_one(p, xs, lengths)
    for b, n in enumerate(lengths):
        np.testing.assert_allclose(out[b], rnn_forward(p, xs[:n, b : b + 1])[1][-1, 0])
    np.testing.assert_allclose(ref.synced(p, xs), ys)


def test_one_to_many_feeds_back_its_own_output():
    p = params(D=2, H=4, V=3)
    E = np.random.default_rng(2).normal(size=(3, 2))
    h0 = np.random.default_rng(3).normal(size=(2, 4))
    ids = ref.one_to_many(p, h0, E, bos=0, max_len=5)
    assert ids.shape == (5, 2)
    h, token = h0, np.zeros(2, dtype=int)
    for t in range(5):
        h = rnn_step(p, E[token], h)
        token = (h @ p["W_hy"].T + p["b_y"]).argmax(-1)
        np.testing.assert_array_equal(ids[t], token)


def test_encoder_decoder_starts_the_decoder_from_the_encoders_last_state():
    enc, dec = params(D=3, H=4, V=2, seed=1), params(D=2, H=4, V=3, seed=2)
    E = np.random.default_rng(4).normal(size=(3, 2))
    xs = np.random.default_rng(5).normal(size=(4, 2, 3))
    ids = ref.encoder_decoder(enc, dec, xs, np.array([4, 3]), E, bos=0, max_len=6)
    context = np.stack([rnn_forward(enc, xs)[0][3, 0], rnn_forward(enc, xs)[0][2, 1]])
    np.testing.assert_array_equal(ids, ref.one_to_many(dec, context, E, bos=0, max_len=6))


@pytest.mark.parametrize(
    "train",
    [schemes.train_one_to_many, schemes.train_many_to_one, schemes.train_encoder_decoder,
     schemes.train_synced],
)  # fmt: skip
def test_numpy_schemes_match_the_trained_torch_models(train):
    r = train(steps=3, hidden=8, n_train=64, n_test=16)
    check = scheme_checks.numpy_vs_torch(r)
    assert check.max_abs_diff < 1e-10
    assert check.same_predictions


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ref.embed(np.zeros(3), np.zeros((2, 1), dtype=int)), "embedding must be"),
        (lambda: ref.embed(np.zeros((3, 2)), np.zeros((2, 1))), "integer token ids"),
        (lambda: ref.embed(np.zeros((3, 2)), np.full((2, 1), 3)), "ids must be in \\[0, 3\\)"),
        (lambda: ref.many_to_one(params(), np.zeros((2, 1, 3)), np.array([3])), "lengths must"),
        (lambda: ref.one_to_many(params(), np.zeros(5), np.zeros((4, 3)), bos=0, max_len=2),
         "h0 must be \\(B, H\\)"),
        (lambda: ref.one_to_many(params(), np.zeros((1, 5)), np.zeros((4, 3)), bos=0, max_len=0),
         "max_len must be an int >= 1"),
        (lambda: scheme_checks.numpy_vs_torch({"key": "two_to_one"}), "result must come from"),
    ],
)  # fmt: skip
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
