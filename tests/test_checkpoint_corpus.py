"""Each packaged checkpoint records the sha256 of the corpus it was trained on, and that corpus
ships with the package: a changed corpus is refused, another text gets a warning."""

import warnings

import pytest

from rnnlab.data.corpora import load_corpus
from rnnlab.data.python_source import STDLIB_ARCHIVE, text_sha256
from rnnlab.training import checkpoints
from rnnlab.training.checkpoints import (
    PRETRAINED,
    CorpusMismatchWarning,
    check_corpus,
    load_checkpoint,
    load_pretrained,
    pretrained_corpus,
    pretrained_path,
    save_checkpoint,
)


@pytest.mark.parametrize("name", sorted(PRETRAINED))
def test_every_packaged_checkpoint_records_the_corpus_the_package_ships(name):
    checkpoint = load_pretrained(name)
    corpus = pretrained_corpus(name)
    assert corpus in ("tinyshakespeare", "python-stdlib")
    assert checkpoint.corpus_sha256 == text_sha256(load_corpus(corpus))
    if corpus == "python-stdlib":
        assert checkpoint.corpus_sha256 == STDLIB_ARCHIVE.text_sha256
        assert set(checkpoint.vocab.symbols) == set(load_corpus(corpus))
    assert check_corpus(checkpoint, load_corpus(corpus), strict=True)


def test_a_changed_packaged_corpus_is_refused(monkeypatch):
    monkeypatch.setattr(checkpoints, "_packaged_corpus_sha256", lambda corpus: "0" * 64)
    with pytest.raises(ValueError, match="was trained on a text with sha256 .* retrain it"):
        load_pretrained("rnn_python")


def test_another_text_warns_or_with_strict_raises():
    checkpoint = load_pretrained("rnn_shakespeare")
    with pytest.warns(CorpusMismatchWarning, match="not on this one"):
        assert not check_corpus(checkpoint, "print('hello')\n")
    with pytest.raises(ValueError, match="not on this one"):
        check_corpus(checkpoint, "print('hello')\n", strict=True)


def test_save_records_the_corpus_and_an_old_checkpoint_has_none(tmp_path):
    from rnnlab.training.config import TrainResult

    old = load_checkpoint(pretrained_path("rnn_shakespeare"))
    result = TrainResult(old.model, old.vocab, [], float("nan"), old.config)
    bare = load_checkpoint(save_checkpoint(tmp_path / "bare.pt", result))
    assert bare.corpus_sha256 is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert check_corpus(bare, "any text")  # nothing recorded: nothing to compare
    text = load_corpus("tinyshakespeare")
    kept = load_checkpoint(save_checkpoint(tmp_path / "kept.pt", result, corpus=text))
    assert kept.corpus_sha256 == text_sha256(text) == old.corpus_sha256
