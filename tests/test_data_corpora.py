"""load_corpus offline: the cache, the checksum, the atomic write, the offline message."""

import hashlib
from pathlib import Path

import pytest

from rnnlab.data import corpora
from rnnlab.data.corpora import CorpusSpec, CorpusUnavailableError, cache_dir, load_corpus

REAL = corpora.packaged_path("tinyshakespeare")
FAKE_TEXT = "First Citizen:\nBefore we proceed any further, hear me speak.\n"


@pytest.fixture
def fake_corpus(tmp_path, monkeypatch):
    """A registry with one small fake corpus, a tmp cache, and a downloader that never connects."""
    data = FAKE_TEXT.encode()
    spec = CorpusSpec(
        "https://example.invalid/fake.txt",
        hashlib.sha256(data).hexdigest(),
        "fake.txt",
        len(FAKE_TEXT),
    )
    monkeypatch.setitem(corpora.CORPORA, "fake", spec)
    monkeypatch.setenv("RNNLAB_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def download(url, timeout=30.0):
        calls.append(url)
        return data

    monkeypatch.setattr(corpora, "_download", download)
    return calls


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("RNNLAB_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv("RNNLAB_CACHE_DIR")
    assert cache_dir() == Path.home() / ".cache" / "rnnlab"


def test_hello_and_local_files(tmp_path):
    assert load_corpus("hello") == "hello"
    path = tmp_path / "poem.txt"
    path.write_text("roses are red\n", encoding="utf-8")
    assert load_corpus(path) == "roses are red\n"
    assert load_corpus(str(path)) == "roses are red\n"
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(ValueError, match="is empty"):
        load_corpus(tmp_path / "empty.txt")
    with pytest.raises(ValueError, match="name_or_path must be 'hello'.*'nope'"):
        load_corpus("nope")
    with pytest.raises(ValueError, match="name_or_path"):
        load_corpus(3)


def test_download_once_then_read_from_cache(fake_corpus, tmp_path):
    assert load_corpus("fake") == FAKE_TEXT
    assert load_corpus("fake") == FAKE_TEXT
    assert len(fake_corpus) == 1  # the second call read the cache
    assert (tmp_path / "cache" / "fake.txt").read_text() == FAKE_TEXT
    assert not list((tmp_path / "cache").glob("*.part"))


def test_checksum_failure_saves_nothing(fake_corpus, monkeypatch, tmp_path):
    monkeypatch.setattr(corpora, "_download", lambda url, timeout=30.0: b"tampered")
    with pytest.raises(CorpusUnavailableError, match="sha256 .* expected"):
        load_corpus("fake")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_corrupt_cached_file_is_refetched(fake_corpus, tmp_path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "fake.txt").write_text("half a fi")
    assert load_corpus("fake") == FAKE_TEXT
    assert len(fake_corpus) == 1
    with pytest.raises(CorpusUnavailableError, match="not in the cache"):
        (tmp_path / "cache" / "fake.txt").unlink()
        load_corpus("fake", download=False)


def test_interrupted_write_leaves_no_partial_file(fake_corpus, monkeypatch, tmp_path):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(corpora.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        load_corpus("fake")
    assert list((tmp_path / "cache").iterdir()) == []


def test_offline_message_says_where_to_put_the_file(fake_corpus, monkeypatch, tmp_path):
    def offline(url, timeout=30.0):
        raise OSError("Name or service not known")

    monkeypatch.setattr(corpora, "_download", offline)
    with pytest.raises(CorpusUnavailableError) as info:
        load_corpus("fake")
    message = str(info.value)
    assert "offline" in message and str(tmp_path / "cache" / "fake.txt") in message
    assert "RNNLAB_CACHE_DIR" in message


def test_tinyshakespeare_ships_with_the_package(monkeypatch, tmp_path):
    """The real corpus comes from the package: an empty cache and no network are enough."""
    monkeypatch.setenv("RNNLAB_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(corpora, "_download", pytest.fail)
    text = load_corpus("tinyshakespeare", download=False)
    assert len(text) == 1_115_394 and len(set(text)) == 65
    assert text.startswith("First Citizen:")
    assert not (tmp_path / "empty").exists()  # nothing was written to the cache


def test_a_tampered_packaged_copy_is_refused(monkeypatch, tmp_path):
    bad = tmp_path / "tinyshakespeare.txt"
    bad.write_text("First Citizen:\nnot the real text\n")
    monkeypatch.setattr(corpora, "packaged_path", lambda name: bad)
    monkeypatch.setattr(corpora, "_download", pytest.fail)
    with pytest.raises(CorpusUnavailableError, match="inside the package.*reinstall"):
        load_corpus("tinyshakespeare")


def test_a_missing_packaged_copy_falls_back_to_the_cache(monkeypatch, tmp_path):
    """A build without the data file still works from a cached (or downloaded) copy."""
    monkeypatch.setattr(corpora, "packaged_path", lambda name: tmp_path / "missing.txt")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "tinyshakespeare.txt").write_bytes(REAL.read_bytes())
    monkeypatch.setenv("RNNLAB_CACHE_DIR", str(cache))
    monkeypatch.setattr(corpora, "_download", pytest.fail)
    assert len(load_corpus("tinyshakespeare")) == 1_115_394
    (cache / "tinyshakespeare.txt").unlink()
    with pytest.raises(CorpusUnavailableError, match="not in the cache"):
        load_corpus("tinyshakespeare", download=False)
