"""The synthetic tasks of the four schemes: shapes, <eos>, and the properties they rely on."""

from collections import Counter

import numpy as np
import pytest

from rnnlab.data import schemes as ds


def rng(seed=0):
    return np.random.default_rng(seed)


def test_captions_end_with_eos_and_match_their_attributes():
    d = ds.caption_data(50, rng=rng())
    assert d["images"].shape == (50, 16)
    T, B = d["captions"].shape
    assert B == 50 and T == 6
    eos = d["vocab"].index(ds.EOS)
    for b in range(B):
        n = d["lengths"][b]
        assert d["captions"][n - 1, b] == eos and (d["captions"][n:, b] == 0).all()
        words = ds.decode(d["captions"][:, b], d["vocab"]).split()
        colour, obj, place = d["attributes"][b]
        assert words[:2] == [ds.COLOURS[colour], ds.OBJECTS[obj]]
        assert (ds.PLACES[place] in words) if ds.PLACES[place] else len(words) == 3
    np.testing.assert_array_equal(d["images"], ds.caption_data(50, rng=rng())["images"])


def polarity(clause):
    base = 1 if clause[-1] in ds.POSITIVE else 0
    return 1 - base if "not" in clause else base


def test_reviews_are_labelled_by_the_clause_after_but_and_clauses_disagree():
    d = ds.sentiment_data(300, rng=rng())
    assert d["tokens"].shape[1] == 300
    for b in range(300):
        words = ds.decode(d["tokens"][:, b], d["vocab"]).split()
        k = words.index("but")
        first, second = words[:k], words[k + 1 :]
        assert polarity(first) != polarity(second)
        assert d["labels"][b] == polarity(second)
    assert 0.4 < d["labels"].mean() < 0.6


def test_swapping_the_clauses_keeps_the_bag_and_flips_the_label():
    # so P(label | bag of words) = 1/2 and a bag-of-words model can't beat chance
    d = ds.sentiment_data(200, rng=rng(1))
    for b in range(200):
        words = ds.decode(d["tokens"][:, b], d["vocab"]).split()
        k = words.index("but")
        swapped = words[k + 1 :] + ["but"] + words[:k]
        assert Counter(swapped) == Counter(words)
        assert polarity(swapped[swapped.index("but") + 1 :]) != d["labels"][b]


def test_translation_agrees_and_moves_the_adjective():
    assert ds.translate("we want the white mouse".split()) == [
        "nous", "voulons", "la", "souris", "blanche"
    ]  # fmt: skip
    assert ds.translate("i see a dog".split()) == ["je", "vois", "un", "chien"]
    d = ds.translation_data(40, rng=rng())
    eos = d["tgt_vocab"].index(ds.EOS)
    for b in range(40):
        src = ds.decode(d["src"][:, b], d["src_vocab"]).split()
        tgt = ds.decode(d["tgt"][:, b], d["tgt_vocab"]).split()
        assert tgt == [*ds.translate(src), ds.EOS]
        assert d["tgt"][d["tgt_lengths"][b] - 1, b] == eos
        assert len(src) == d["src_lengths"][b]


def test_the_verb_agrees_in_english_too_and_the_article_elides_before_a_vowel():
    assert ds.translate("he sees the bird".split()) == ["il", "voit", "l'", "oiseau"]
    assert ds.translate("they want a bird".split()) == ["ils", "veulent", "un", "oiseau"]
    d = ds.translation_data(300, rng=rng())
    sentences = [ds.decode(d["src"][:, b], d["src_vocab"]) for b in range(300)]
    assert any(s.startswith("he sees") for s in sentences)
    assert not any(s.startswith(("he see ", "he want ")) for s in sentences)
    assert not any(s.startswith(("i sees", "we wants", "they sees")) for s in sentences)


def test_tagging_has_ambiguous_words_with_both_tags():
    d = ds.tagging_data(300, rng=rng())
    assert d["tokens"].shape == d["tags"].shape
    np.testing.assert_array_equal(d["tokens"] == 0, d["tags"] == 0)
    seen = {}
    for w, t in zip(d["tokens"].ravel(), d["tags"].ravel(), strict=True):
        seen.setdefault(d["vocab"][w], set()).add(d["tagset"][t])
    for word in ds.AMBIGUOUS:
        assert seen[word] == {"NOUN", "VERB"}
    assert seen["the"] == {"DET"}


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ds.caption_data(0, rng=rng()), "n must be an int >= 1, got 0"),
        (lambda: ds.sentiment_data(5, rng=5), "rng must be a numpy Generator, got int"),
        (lambda: ds.translation_data(2.5, rng=rng()), "n must be an int >= 1, got 2.5"),
        (lambda: ds.tagging_data(True, rng=rng()), "n must be an int >= 1"),
        (lambda: ds.caption_data(3, rng=rng(), features=0), "features must be an int >= 1"),
        (lambda: ds.decode(np.zeros((2, 2), dtype=int), ds.TAGS), "ids must be one sequence"),
        (lambda: ds.decode(np.array([99]), ds.TAGS), "ids must be in \\[0, 7\\)"),
        (lambda: ds.pad_ids([]), "non-empty"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_swap_clauses():
    assert ds.swap_clauses("not good but bad") == "bad but not good"
    with pytest.raises(ValueError, match="'but' exactly once"):
        ds.swap_clauses("good and bad")
