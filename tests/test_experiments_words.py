"""The word and character LMs in the same budget: scoring as one stream, the per-character
conversion, sampling, and errors that name their argument (tiny budgets)."""

import numpy as np
import pytest
import torch

from rnnlab.data.words import UNK, WordVocab
from rnnlab.experiments.results.runs import WordsRun
from rnnlab.experiments.words import (
    compare_words_chars,
    sample_words,
    side_by_side,
    stream_nats,
    train_lm_on_ids,
)
from rnnlab.models.char_lm import CharLM


def _model(V=5, seed=0):
    torch.manual_seed(seed)
    return CharLM(V, 6, "lstm", embedding=3)


def test_stream_nats_carries_the_state_across_pieces():
    model, ids = _model(), np.random.default_rng(0).integers(0, 5, size=40)
    whole = stream_nats(model, ids, seq_len=100)
    assert whole.shape == (39,) and whole.dtype == np.float64
    np.testing.assert_allclose(stream_nats(model, ids, seq_len=7), whole, atol=1e-5)
    with torch.no_grad():  # by hand: one pass, -ln softmax at each target
        logits, _ = model(torch.from_numpy(ids[:-1])[:, None])
        logp = torch.log_softmax(logits[:, 0].double(), -1)
    np.testing.assert_allclose(-logp[np.arange(39), ids[1:]].numpy(), whole, atol=1e-6)


def test_the_conversion_by_hand():
    # two tokens: 2 nats over 1 character, 4 nats over 3; the second is <unk> spelled for 2 more
    run = WordsRun(
        **dict.fromkeys(["word_model", "char_model", "word_vocab", "char_vocab"]),
        word_nats=np.array([2.0, 4.0]),
        token_chars=np.array([1, 3]),
        is_unk=np.array([False, True]),
        spelling_nats=np.array([0.0, 2.0]),
        char_nats=np.array([0.5, 1.0, 1.5, 1.0]),
        **dict.fromkeys(["word_sample", "char_sample", "char_words", "char_invented"]),
        **dict.fromkeys(["seq_tokens", "seq_chars", "steps", "word_seconds", "char_seconds"]),
    )
    assert run.word_J == 3.0 and run.char_J == 1.0
    assert run.word_per_char == 6.0 / 4  # total nats over the characters: J / (chars per token)
    assert run.fair_word_per_char == 8.0 / 4 and run.unk_fraction == 0.5


def test_training_lowers_the_loss_on_a_repeating_text():
    ids = np.tile(np.arange(5), 60)
    before = stream_nats(_model(), ids).mean()
    model = train_lm_on_ids(
        ids, 5, steps=30, seq_len=8, batch_size=4, hidden_size=6, embedding=3, lr=3e-2, seed=0
    )
    assert stream_nats(model, ids).mean() < 0.5 * before
    assert torch.get_num_threads() >= 1  # one_thread restored the count


def test_sample_words_repeats_with_its_seed_and_starts_with_the_prompt():
    vocab, model = WordVocab((UNK, "\n", " a", " b", "C")), _model()
    prompt = vocab.encode(["C", "\n"])
    one = sample_words(model, vocab, prompt, 12, 1.0, np.random.default_rng(3))
    assert one.startswith("C\n")
    assert one == sample_words(model, vocab, prompt, 12, 1.0, np.random.default_rng(3))
    assert sample_words(model, vocab, prompt, 0, 1.0, np.random.default_rng(3)) == "C\n"


def test_a_tiny_comparison_has_aligned_arrays():
    run = compare_words_chars(
        size=50, steps=2, batch_size=2, hidden_size=8, embedding=4, prompt="And\n", sample_chars=20
    )
    n = len(run.word_nats)
    assert run.token_chars.shape == run.is_unk.shape == run.spelling_nats.shape == (n,)
    assert len(run.char_nats) == run.token_chars.sum() == 111_539 - 1  # all but token 0, "\n"
    assert np.all(run.spelling_nats[~run.is_unk] == 0) and np.all(run.spelling_nats[run.is_unk] > 0)
    assert np.isfinite(run.word_nats).all() and np.isfinite(run.char_nats).all()
    assert run.word_sample.startswith("And\n") and run.char_sample.startswith("And\n")
    assert len(run.char_sample) == len("And\n") + 20 and run.steps == 2
    assert run.seq_chars == 128 and run.seq_tokens == 34
    assert 0 <= len(run.char_invented) <= run.char_words


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"seq_chars": 1}, "seq_chars"), ({"temperature": 0}, "temperature")],
)
def test_compare_errors_name_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        compare_words_chars(**kwargs)


def test_stream_and_sample_errors_name_the_argument():
    model, vocab = _model(), WordVocab((UNK, " a", " b", " c", " d"))
    with pytest.raises(ValueError, match="ids must be a 1-d int array"):
        stream_nats(model, np.array([1]))
    with pytest.raises(ValueError, match="seq_len must be"):
        stream_nats(model, np.array([1, 2, 3]), seq_len=0)
    with pytest.raises(ValueError, match="prompt must be a non-empty"):
        sample_words(model, vocab, np.array([], dtype=int), 3, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"ids must be a 1-d int array of ids in \[0, V=3\)"):
        train_lm_on_ids(
            np.arange(9),
            3,
            steps=1,
            seq_len=2,
            batch_size=1,
            hidden_size=4,
            embedding=2,
            lr=0.1,
            seed=0,
        )
    with pytest.raises(ValueError, match="length must be"):
        sample_words(model, vocab, np.array([1]), -1, 1.0, np.random.default_rng(0))


def test_side_by_side_wraps_each_column_under_its_title():
    out = side_by_side("A:\nabc def ghi jkl", "B:\nxyz", ("left", "right"), width=8)
    assert out.split("\n") == [
        "left      right",
        "A:        B:",
        "abc def   xyz",
        "ghi jkl",
    ]
    with pytest.raises(ValueError, match="width must be"):
        side_by_side("a", "b", width=2)
