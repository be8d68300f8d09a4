"""Word tokens that keep every character, the vocabulary with <unk>, the split, the speller."""

import math

import numpy as np
import pytest

from rnnlab.data.text import split_text
from rnnlab.data.words import UNK, Speller, WordVocab, tokenize, word_split

TEXT = "First Citizen:\nI'll speak, o'er  the sea.\n\nAll:\nSpeak -- speak!\n"


def test_tokens_carry_their_space_and_join_back_to_the_text():
    tokens = tokenize(TEXT)
    assert "".join(tokens) == TEXT
    assert tokens[:6] == ["First", " Citizen", ":", "\n", "I'll", " speak"]
    assert " o'er" in tokens and " the" in tokens and " -" in tokens and "-" in tokens
    assert tokens.count(" ") == 1  # the first space of the double space stands alone
    assert tokenize("") == []


def test_tokenize_names_its_argument():
    with pytest.raises(ValueError, match="text must be a str"):
        tokenize(["a"])


def test_vocab_ranks_by_count_then_string_with_unk_first():
    vocab = WordVocab.from_tokens([" b", " a", " b", "c", " a", " b", "d"], size=3)
    assert vocab.words == (UNK, " b", " a")
    ids = vocab.encode([" a", "c", " b", "zzz"])
    assert ids.dtype == np.int64 and ids.tolist() == [2, 0, 1, 0]
    assert vocab.decode(ids) == " a <unk> b <unk>"
    assert vocab.decode([]) == "" and len(vocab) == 3


def test_vocab_errors_name_the_argument():
    with pytest.raises(ValueError, match="size must be an int >= 2"):
        WordVocab.from_tokens(["a"], size=1)
    with pytest.raises(ValueError, match="tokens is empty"):
        WordVocab.from_tokens([], size=5)
    with pytest.raises(ValueError, match="words must start with"):
        WordVocab((" a", UNK))
    with pytest.raises(ValueError, match="words must be distinct"):
        WordVocab((UNK, " a", " a"))
    vocab = WordVocab((UNK, " a"))
    with pytest.raises(ValueError, match="tokens must be a sequence"):
        vocab.encode(" a")
    with pytest.raises(ValueError, match=r"ids must be in \[0, 2\)"):
        vocab.decode([0, 2])
    with pytest.raises(ValueError, match="ids must be a 1-d"):
        vocab.decode([[0]])


def test_split_counts_the_vocabulary_on_the_training_part_only():
    text = " a b a c a b" * 9 + " zebra a b"
    split = word_split(text, size=3, val_fraction=0.1)
    train, val = split_text(text, 0.1)
    assert (split.train_text, split.val_text) == (train, val)
    assert "".join(split.val_tokens) == val
    assert split.vocab.words == (UNK, " a", " b")
    assert " zebra" in split.val_tokens and split.vocab.encode([" zebra"])[0] == 0
    assert split.val_lengths.sum() == len(val)
    assert split.unk_fraction == pytest.approx(np.mean(split.val_ids == 0))
    assert set(split.train_unknown) == {" c"}


def test_tiny_shakespeare_splits_like_the_character_models():
    split = word_split(size=3000)
    assert "".join(split.val_tokens) == split.val_text
    assert len(split.train_text) == 1_003_855 and len(split.val_text) == 111_539
    assert len(split.vocab) == 3000 and 0.05 < split.unk_fraction < 0.2


def test_speller_by_hand():
    # counts in ["ab", "b"]: a 1, b 2, two ends; add one to each of a, b and the end: 2, 3, 3 of 8
    speller = Speller.from_tokens(["ab", "b"], alphabet="ba")
    assert speller.alphabet == "ab"
    assert speller.nats("ab") == pytest.approx(-math.log(2 / 8) - 2 * math.log(3 / 8))
    assert speller.nats("") == pytest.approx(-math.log(3 / 8))
    total = sum(math.exp(v) for v in speller.log_p.values()) + math.exp(speller.log_end)
    assert total == pytest.approx(1.0)  # so the strings' probabilities sum to 1


def test_speller_errors_name_the_argument():
    with pytest.raises(ValueError, match="alphabet is empty"):
        Speller.from_tokens(["a"], alphabet="")
    with pytest.raises(ValueError, match="not in alphabet"):
        Speller.from_tokens(["ax"], alphabet="a")
    with pytest.raises(ValueError, match="word has 'z'"):
        Speller.from_tokens(["a"], alphabet="a").nats("az")
