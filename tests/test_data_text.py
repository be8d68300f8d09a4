"""Vocab round-trips and errors, one-hot vectors, and the (T, B) windows for truncated BPTT."""

import numpy as np
import pytest

from rnnlab.data.text import (
    Vocab,
    num_windows,
    one_hot,
    random_windows,
    split_text,
    tbptt_passes,
    tbptt_windows,
)


def test_hello_vocab_is_sorted_and_round_trips():
    vocab = Vocab.from_text("hello")
    assert vocab.symbols == ("e", "h", "l", "o")
    assert len(vocab) == 4
    ids = vocab.encode("hello")
    assert ids.dtype == np.int64
    assert ids.tolist() == [1, 0, 2, 2, 3]
    assert vocab.decode(ids) == "hello"
    assert vocab.decode([3, 2]) == "ol"
    assert vocab.decode([]) == ""
    assert "h" in vocab and "z" not in vocab


def test_same_text_same_ids_whatever_the_order_seen():
    assert Vocab.from_text("abcabc") == Vocab.from_text("cba")
    text = "To be, or not to be:\nthat is the question."
    vocab = Vocab.from_text(text)
    assert vocab.decode(vocab.encode(text)) == text


def test_one_hot_shapes_and_values():
    vocab = Vocab.from_text("hello")
    x = vocab.one_hot("hell")
    assert x.shape == (4, 4) and x.dtype == np.float64
    np.testing.assert_array_equal(x.argmax(axis=1), vocab.encode("hell"))
    np.testing.assert_array_equal(x.sum(axis=1), 1.0)
    batch = one_hot(np.array([[0, 1], [2, 3]]), 5)
    assert batch.shape == (2, 2, 5)
    assert batch[1, 0, 2] == 1.0 and batch.sum() == 4


def test_errors_name_the_offending_symbol_or_id():
    vocab = Vocab.from_text("hello")
    with pytest.raises(ValueError, match=r"symbol 'z' at position 2"):
        vocab.encode("hez")
    with pytest.raises(ValueError, match=r"ids must be in \[0, 4\).*got 4"):
        vocab.decode([0, 4])
    with pytest.raises(ValueError, match=r"got -1"):
        vocab.decode(np.array([-1]))
    with pytest.raises(ValueError, match="text is empty"):
        Vocab.from_text("")
    with pytest.raises(ValueError, match="text must be a str"):
        Vocab.from_text(["h"])
    with pytest.raises(ValueError, match="ids must be in \\[0, 3\\), got 7"):
        one_hot([7], 3)
    with pytest.raises(ValueError, match="V must be an int >= 1"):
        one_hot([0], 0)
    with pytest.raises(ValueError, match="distinct"):
        Vocab(("a", "a"))
    with pytest.raises(ValueError, match="single characters"):
        Vocab(("ab",))
    with pytest.raises(ValueError, match="1-D"):
        vocab.decode(np.zeros((2, 2), dtype=int))


def test_windows_continue_each_stream_so_state_can_be_carried():
    ids = np.arange(50)
    T, B = 3, 4
    windows = list(tbptt_windows(ids, T, B))
    assert len(windows) == num_windows(len(ids), T, B) == 3  # 12 ids per stream, (12 - 1) // 3
    for xs, ys in windows:
        assert xs.shape == ys.shape == (T, B)
        np.testing.assert_array_equal(ys, xs + 1)  # the target is the next character
    # column b of window k+1 starts where column b of window k stopped
    for (x0, _), (x1, _) in zip(windows, windows[1:], strict=False):
        np.testing.assert_array_equal(x1[0], x0[-1] + 1)
    # each column is one contiguous stretch of the corpus
    np.testing.assert_array_equal(windows[0][0][:, 1], [12, 13, 14])


def test_keep_tail_covers_every_target():
    ids = np.arange(50)
    windows = list(tbptt_windows(ids, 5, 4, keep_tail=True))  # 12 per stream: 5 + 5 + 1
    assert [w[0].shape for w in windows] == [(5, 4), (5, 4), (1, 4)]
    targets = np.concatenate([ys for _, ys in windows])
    np.testing.assert_array_equal(targets[:, 0], np.arange(1, 12))


def test_window_errors():
    with pytest.raises(ValueError, match="too few"):
        list(tbptt_windows(np.arange(10), 4, 3))
    with pytest.raises(ValueError, match="T must be an int >= 1"):
        list(tbptt_windows(np.arange(10), 0, 1))
    with pytest.raises(ValueError, match="1-D"):
        list(tbptt_windows(np.zeros((3, 3), dtype=int), 1, 1))


def test_split_text_keeps_the_tail_for_validation():
    train, val = split_text("abcdefghij", 0.2)
    assert (train, val) == ("abcdefgh", "ij")
    with pytest.raises(ValueError, match="val_fraction"):
        split_text("abc", 1.5)
    with pytest.raises(ValueError, match="too short"):
        split_text("abc", 0.1)


def test_random_windows_are_shifted_windows():
    ids = np.arange(50) % 7
    window = random_windows(ids, 5, 3, np.random.default_rng(0))
    assert window.shape == (6, 3)
    xs, targets = window[:-1], window[1:]
    np.testing.assert_array_equal(xs[1:], targets[:-1])
    assert ((window[1:] - window[:-1]) % 7 == 1).all()  # consecutive ids of the text


def test_passes_repeat_the_windows_and_mark_each_new_pass():
    ids = np.arange(40)
    passes = tbptt_passes(ids, 3, 2)
    one_pass = list(tbptt_windows(ids, 3, 2))
    got = [next(passes) for _ in range(2 * len(one_pass))]
    assert [new for _, _, new in got] == ([True] + [False] * (len(one_pass) - 1)) * 2
    for (xs, ys, _), (ref_x, ref_y) in zip(got, one_pass * 2, strict=True):
        np.testing.assert_array_equal(xs, ref_x)
        np.testing.assert_array_equal(ys, ref_y)
        assert xs.flags.c_contiguous
