"""The stdlib corpus is a fixed, documented selection that ships with the package (the same on
every Python); features are read off the text exactly, the same on every Python too."""

import hashlib
import sys

import numpy as np
import pytest

from rnnlab.data import python_source
from rnnlab.data.corpora import load_corpus
from rnnlab.data.python_source import (
    PYTHON_FEATURES,
    STDLIB_ARCHIVE,
    held_out_text,
    is_held_out,
    load_python_stdlib,
    pack_stdlib,
    packaged_stdlib,
    python_features,
    shakespeare_features,
    stdlib_dir,
    stdlib_files,
    text_sha256,
)

SOURCE = 'x = "a(b"  # c(\nif (y[0]):\n    z = {1: f(2)}\n'


def _at(text, feature, chars):
    return [feature[text.index(c)] for c in chars]


def test_strings_comments_and_brackets_come_from_the_tokens():
    f = python_features(SOURCE)
    assert set(f) == set(PYTHON_FEATURES) and all(len(v) == len(SOURCE) for v in f.values())
    q0 = SOURCE.index('"')
    q1 = SOURCE.index('"', q0 + 1)
    assert f["string"][q0 : q1 + 1].tolist() == [1.0] * 5 and f["string"].sum() == 5
    hash_ = SOURCE.index("#")
    assert f["comment"][hash_ : hash_ + 4].tolist() == [1.0] * 4 and f["comment"].sum() == 4
    # the "(" inside the string and the comment opens nothing
    line2 = SOURCE.index("if")
    depth = f["brackets"][line2 : line2 + 10].tolist()
    assert depth == [0, 0, 0, 0, 1, 1, 2, 1, 0, 0]  # i f _ ( y [ 0 ] ) :
    assert f["brackets"][SOURCE.index("2")] == 2 and f["brackets"][-1] == 0


def test_column_and_indentation():
    f = python_features(SOURCE)
    z = SOURCE.index("z")
    assert f["column"][z] == 4 and f["indent"][z] == 4 and f["indent"][SOURCE.index("if")] == 0
    assert f["column"][SOURCE.index("\n")] == len(SOURCE.split("\n")[0])


def test_text_that_does_not_tokenize_is_refused():
    with pytest.raises(ValueError, match="tokenizes"):
        python_features('x = (1,\n"""never closed')
    with pytest.raises(ValueError, match="non-empty str"):
        python_features("")


def test_shakespeare_features():
    text = "First Citizen:\nBefore we proceed.\n\nALL:\nSpeak: speak.\n"
    f = shakespeare_features(text)
    speaker = "".join(c for c, s in zip(text, f["speaker"], strict=True) if s)
    assert speaker == "First Citizen:ALL:"
    starts = [i for i, a in enumerate(f["after_newline"]) if a]
    assert [text[i] for i in starts] == ["F", "B", "\n", "A", "S"]
    assert f["line_position"][text.index("we")] == 7


def test_selection_is_deterministic_ascii_and_held_out_by_name(tmp_path):
    (tmp_path / "b.py").write_text("b = 1\n")
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "u.py").write_text("u = 'é'\n", encoding="utf-8")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "c.py").write_text("c = 1\n")
    names = [f.name for f in stdlib_files(tmp_path)] + [
        f.name for f in stdlib_files(tmp_path, held_out=True)
    ]
    assert sorted(names) == ["a.py", "b.py"]
    train = [f.name for f in stdlib_files(tmp_path)]
    assert train == sorted(train) and all(not is_held_out(n) for n in train)
    assert is_held_out("copy.py") and not is_held_out("os.py")  # crc32 % 10 == 0 or not


def test_the_real_stdlib_corpus_is_the_cli_corpus_and_held_out_files_are_separate():
    text = load_corpus("python-stdlib")
    assert text == load_python_stdlib() and len(text) > 1_000_000 and text.isascii()
    held, names = held_out_text(5000)
    assert len(held) == 5000 and names and all(is_held_out(n) for n in names)
    assert all(n not in {f.name for f in stdlib_files()} for n in names)
    for f in stdlib_files(held_out=True)[:3]:
        feats = python_features(f.text)
        assert np.isin(feats["string"], [0, 1]).all() and feats["brackets"].min() >= 0


def test_the_corpus_is_the_packaged_one_whatever_python_runs():
    text = load_python_stdlib()
    assert text_sha256(text) == STDLIB_ARCHIVE.text_sha256 and len(text) == 3_886_509
    train, held = stdlib_files(), stdlib_files(held_out=True)
    assert len(train) == 143 and len(held) == 16
    assert len(packaged_stdlib()) == STDLIB_ARCHIVE.n_files == 159
    # notebook 10's analysis text opens with calendar.py (3.13's own stdlib would add
    # _android_support.py before it)
    assert [f.name for f in held[:2]] == ["calendar.py", "copy.py"]
    if sys.version_info[:3] == (3, 11, 7):  # the Python that made it: its own stdlib agrees
        assert stdlib_files(stdlib_dir()) == train
        assert stdlib_files(stdlib_dir(), held_out=True) == held


# sha256 of python_features of every held-out file of the packaged corpus, measured on Python
# 3.11.7; 3.13.0 gives the same (tokenize splits f-strings there, the features join them again)
FEATURES_SHA256 = "d4d588f32301c54835263e8fbb969a4c0ef2f69c044a93b875ed1e053a48cdf7"


def test_the_features_of_the_held_out_files_do_not_depend_on_the_python():
    digest = hashlib.sha256()
    for f in stdlib_files(held_out=True):
        for name, values in python_features(f.text).items():
            digest.update(name.encode())
            digest.update(np.asarray(values, dtype=np.float64).tobytes())
    assert digest.hexdigest() == FEATURES_SHA256


def test_a_damaged_archive_is_refused_and_packing_is_reproducible(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("a = 1\n")
    (tmp_path / "LICENSE.txt").write_text("the licence\n")
    sha = pack_stdlib(tmp_path, tmp_path / "one.tar.gz")
    assert pack_stdlib(tmp_path, tmp_path / "two.tar.gz") == sha
    assert (tmp_path / "one.tar.gz").read_bytes() == (tmp_path / "two.tar.gz").read_bytes()
    monkeypatch.setattr(
        python_source, "STDLIB_ARCHIVE", python_source.StdlibArchive("x", "0" * 64, "3", 1, "")
    )
    packaged_stdlib.cache_clear()
    try:
        with pytest.raises(ValueError, match="reinstall rnnlab"):
            packaged_stdlib()
    finally:
        packaged_stdlib.cache_clear()
