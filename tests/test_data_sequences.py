"""Sequences as D x T arrays; padding and packing against torch.nn.utils.rnn."""

import numpy as np
import pytest
import torch
from torch.nn.utils.rnn import pack_sequence, pad_sequence

from rnnlab.data.sequences import (
    ALPHABET,
    Packed,
    mlp_param_count,
    onehot_to_text,
    pack_sequences,
    pad_sequences,
    padding_fraction,
    rnn_param_count,
    sensor_signal,
    text_to_onehot,
    to_time_major,
    unpack_sequences,
)
from rnnlab.models.convert import rnn_to_torch
from rnnlab.scratch.rnn import init_rnn_params


def seqs_of(lengths, D=3, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(n, D)) for n in lengths]


def test_sensor_signal_is_d_by_t_and_seeded():
    x = sensor_signal(50, rng=np.random.default_rng(0))
    assert x.shape == (3, 50)
    np.testing.assert_array_equal(x, sensor_signal(50, rng=np.random.default_rng(0)))
    assert sensor_signal(1, rng=np.random.default_rng(0)).shape == (3, 1)


def test_text_round_trip_and_time_major():
    x = text_to_onehot("hello world")
    assert x.shape == (len(ALPHABET), 11)
    assert (x.sum(axis=0) == 1).all()
    assert onehot_to_text(x) == "hello world"
    xs = to_time_major(x)
    assert xs.shape == (11, 1, 27)
    np.testing.assert_array_equal(xs[4, 0], x[:, 4])


@pytest.mark.parametrize("lengths", [[3], [3, 5, 2], [4, 4, 1, 4], [1, 1]])
def test_padding_matches_torch(lengths):
    seqs = seqs_of(lengths)
    xs, lens, mask = pad_sequences(seqs, pad_value=-1.0)
    ref = pad_sequence([torch.from_numpy(s) for s in seqs], padding_value=-1.0).numpy()
    np.testing.assert_array_equal(xs, ref)
    np.testing.assert_array_equal(lens, lengths)
    assert mask.shape == (max(lengths), len(lengths))
    assert mask.sum() == sum(lengths)


@pytest.mark.parametrize("lengths", [[3], [3, 5, 2], [4, 4, 1, 4], [2, 6, 6, 1, 3]])
def test_packing_matches_torch_and_round_trips(lengths):
    seqs = seqs_of(lengths)
    packed = pack_sequences(seqs)
    ref = pack_sequence([torch.from_numpy(s) for s in seqs], enforce_sorted=False)
    np.testing.assert_array_equal(packed.batch_sizes, ref.batch_sizes.numpy())
    np.testing.assert_array_equal(packed.sorted_indices, ref.sorted_indices.numpy())
    np.testing.assert_array_equal(packed.unsorted_indices, ref.unsorted_indices.numpy())
    np.testing.assert_array_equal(packed.data, ref.data.numpy())
    for a, b in zip(unpack_sequences(packed), seqs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_padding_does_not_change_the_real_steps_of_an_rnn():
    seqs = seqs_of([2, 5, 3])
    xs, lengths, mask = pad_sequences(seqs)
    rnn, _ = rnn_to_torch(init_rnn_params(3, 4, 2, rng=np.random.default_rng(0)))
    out_padded, _ = rnn(torch.from_numpy(xs))
    for b, s in enumerate(seqs):
        alone, _ = rnn(torch.from_numpy(s)[:, None])
        np.testing.assert_allclose(out_padded[: len(s), b].detach(), alone[:, 0].detach())


def test_padding_fraction_and_param_counts():
    assert padding_fraction([5, 5]) == 0.0
    assert padding_fraction([1, 3]) == pytest.approx(1 / 3)
    assert mlp_param_count(10, 27, 64, 27) == 27 * 10 * 64 + 64 + 64 * 27 + 27
    assert mlp_param_count(20, 27, 64, 27) > mlp_param_count(10, 27, 64, 27)
    params = init_rnn_params(27, 64, 27, rng=np.random.default_rng(0))
    assert rnn_param_count(27, 64, 27) == sum(v.size for v in params.values())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: sensor_signal(0, rng=np.random.default_rng(0)), "T must be an int >= 1, got 0"),
        (lambda: sensor_signal(5, rng=0), "rng must be a numpy Generator"),
        (lambda: text_to_onehot("Hi"), "characters \\['H'\\] that are not in the alphabet"),
        (lambda: text_to_onehot(5), "text must be a str"),
        (lambda: to_time_major(np.zeros(4)), "x must be \\(D, T\\), got shape \\(4,\\)"),
        (lambda: onehot_to_text(np.zeros((5, 2))), "D = len\\(alphabet\\) = 27 rows"),
        (lambda: pad_sequences([]), "non-empty list"),
        (lambda: pad_sequences([np.zeros((2, 3)), np.zeros((2, 4))]), "seqs\\[1\\] has D=4"),
        (lambda: pack_sequences([np.zeros((0, 3))]), "seqs\\[0\\] is empty"),
        (lambda: pack_sequences([np.zeros(3)]), "seqs\\[0\\] must be \\(T_i, D\\)"),
        (lambda: unpack_sequences("x"), "packed must be a Packed"),
        (lambda: padding_fraction([0, 2]), "lengths must be"),
        (lambda: mlp_param_count(0, 1, 1, 1), "T must be an int >= 1"),
        (lambda: rnn_param_count(1, 1.5, 1), "H must be an int >= 1"),
    ],
)
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_packed_is_a_plain_record():
    p = pack_sequences(seqs_of([2, 1]))
    assert isinstance(p, Packed) and p.data.shape == (3, 3)


def test_bucketing_cuts_padding():
    from rnnlab.data.sequences import batch_padding_fraction

    lengths = np.random.default_rng(0).integers(1, 51, size=1000)
    assert batch_padding_fraction(lengths, 32, sort=True) < batch_padding_fraction(lengths, 32)
    assert batch_padding_fraction([1, 3], 1) == 0.0
    assert batch_padding_fraction([1, 3], 2) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        batch_padding_fraction([1, 3], 0)
