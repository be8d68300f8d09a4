"""Python source as a corpus, and features of a text read off it exactly (for notebook 10).

The corpus: a standard library's source. The selection is deterministic and documented in
:func:`stdlib_files`: the top-level modules ``<stdlib>/*.py`` (no packages, no tests, no
site-packages), pure ASCII, sorted by name. A file is held out for analysis when the crc32 of its
name is divisible by 10 (about one file in ten). Training uses the other files, concatenated in
name order.

Every Python's standard library differs (3.13 has 15 training files fewer than 3.11), so the
package ships the selection the packaged checkpoints were trained on, Python 3.11.7's, as
``python_stdlib.tar.gz`` (1 MB; :data:`STDLIB_ARCHIVE`), checked against its sha256 when read;
that is the corpus by default, whatever Python runs. ``root=`` reads another folder instead (for
example :func:`stdlib_dir`, the running interpreter's), and :func:`pack_stdlib` writes an archive
from one.

Features are per character, aligned with the text (index t is the character x_t):
Python (from :mod:`tokenize`): inside a string literal, inside a comment, bracket depth, column,
indentation. Shakespeare (tiny-shakespeare's layout): position in the line, inside a speaker's
name, after a newline.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import re
import sysconfig
import tarfile
import tokenize
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "PYTHON_STDLIB",
    "STDLIB_ARCHIVE",
    "StdlibArchive",
    "pack_stdlib",
    "packaged_stdlib",
    "text_sha256",
    "PYTHON_FEATURES",
    "SHAKESPEARE_FEATURES",
    "SourceFile",
    "stdlib_dir",
    "stdlib_files",
    "is_held_out",
    "load_python_stdlib",
    "held_out_text",
    "python_features",
    "shakespeare_features",
]

PYTHON_STDLIB = "python-stdlib"
PYTHON_FEATURES = ("string", "comment", "brackets", "column", "indent")
SHAKESPEARE_FEATURES = ("line_position", "speaker", "after_newline")
_LICENSE = "LICENSE.txt"
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
# 3.12+ splits f-strings into pieces; everything from FSTRING_START to FSTRING_END is a string
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@dataclass(frozen=True)
class SourceFile:
    """One module of the standard library: its file name and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class StdlibArchive:
    """The packaged corpus: its file in ``rnnlab/data``, the archive's sha256, the Python whose
    standard library it holds, and the sha256 of its training text (:func:`text_sha256` of
    :func:`load_python_stdlib`), which the checkpoints trained on it record."""

    filename: str
    sha256: str
    python: str
    n_files: int
    text_sha256: str


STDLIB_ARCHIVE = StdlibArchive(
    filename="python_stdlib.tar.gz",
    sha256="65df714af477221c7ea71c071a079293d64f896da204a0e2dbad707065e59feb",
    python="3.11.7",
    n_files=159,
    text_sha256="af8178dabcc181f1dbf57cce93521832b69568d474c8ddf778daf0b2790eea91",
)


def text_sha256(text: str) -> str:
    """The sha256 of `text` in UTF-8: how a checkpoint names the corpus it was trained on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pack_stdlib(root: str | Path, out: str | Path) -> str:
    """Write the selection of `root` (:func:`stdlib_files`, training and held-out files) and
    Python's licence (``LICENSE.txt``, when `root` has it) to the gzip'd tar `out`, byte for
    byte the same for the same files; return its sha256.

    The packaged archive was made with ``pack_stdlib(stdlib_dir(), ...)`` on Python 3.11.7.
    """
    files = sorted(stdlib_files(root) + stdlib_files(root, held_out=True), key=lambda f: f.name)
    notice = Path(root) / _LICENSE  # the PSF licence asks that copies keep it
    if notice.is_file():
        files.append(SourceFile(_LICENSE, notice.read_text(encoding="ascii")))
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for f in files:
            data = f.text.encode("ascii")
            info = tarfile.TarInfo(f.name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    packed = gzip.compress(raw.getvalue(), compresslevel=9, mtime=0)
    Path(out).write_bytes(packed)
    return hashlib.sha256(packed).hexdigest()


@functools.cache
def packaged_stdlib() -> tuple[SourceFile, ...]:
    """Every file of the packaged archive (training and held-out), sorted by name; raises
    ValueError when the archive is missing or its sha256 differs from :data:`STDLIB_ARCHIVE`'s."""
    path = Path(__file__).resolve().parent / STDLIB_ARCHIVE.filename
    if not path.is_file():
        raise ValueError(f"the packaged corpus {path} is missing: reinstall rnnlab")
    packed = path.read_bytes()
    got = hashlib.sha256(packed).hexdigest()
    if got != STDLIB_ARCHIVE.sha256:
        raise ValueError(
            f"the packaged corpus {path} has sha256 {got}, expected {STDLIB_ARCHIVE.sha256}:"
            " the file was changed or damaged; reinstall rnnlab"
        )
    files = []
    with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.name.endswith(".py"):
                continue  # the licence
            data = tar.extractfile(member).read()
            files.append(SourceFile(member.name, data.decode("ascii")))
    return tuple(sorted(files, key=lambda f: f.name))


def stdlib_dir() -> Path:
    """The running interpreter's standard library folder (``sysconfig``'s 'stdlib' path)."""
    return Path(sysconfig.get_paths()["stdlib"])


def is_held_out(name: str) -> bool:
    """True for the files kept for analysis: crc32 of the file name divisible by 10."""
    return zlib.crc32(name.encode("utf-8")) % 10 == 0


def stdlib_files(root: str | Path | None = None, *, held_out: bool = False) -> list[SourceFile]:
    """The selected modules of `root` (default: the packaged corpus, :func:`packaged_stdlib`),
    sorted by file name.

    Top-level ``*.py`` files only, pure ASCII (so the vocabulary is small and every machine has
    the same characters); `held_out` picks the analysis files instead of the training ones.
    """
    if root is None:
        return [f for f in packaged_stdlib() if is_held_out(f.name) == held_out]
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"root must be an existing folder, got {str(root)!r}")
    chosen = []
    for path in sorted(root.glob("*.py")):
        data = path.read_bytes()
        if is_held_out(path.name) != held_out or not data.isascii() or not data.strip():
            continue
        chosen.append(SourceFile(path.name, data.decode("ascii")))
    return chosen


def load_python_stdlib(root: str | Path | None = None) -> str:
    """The training text: the non-held-out modules of :func:`stdlib_files` (by default the
    packaged corpus, the same on every Python), concatenated."""
    text = "".join(f.text for f in stdlib_files(root))
    if not text:
        raise ValueError(f"no ASCII *.py training files in {root}")
    return text


def held_out_text(
    n_chars: int, root: str | Path | None = None, symbols: str | None = None
) -> tuple[str, list[str]]:
    """About `n_chars` characters of whole held-out modules (in name order), and their names.

    With `symbols` (a model's vocabulary), files holding a character outside it are skipped.
    The last file is cut at `n_chars`; features are still exact, since they come from the
    whole file (:func:`python_features` of each file, then cut).
    """
    if not isinstance(n_chars, int) or n_chars < 1:
        raise ValueError(f"n_chars must be a positive int, got {n_chars!r}")
    allowed = None if symbols is None else set(symbols)
    parts, names, total = [], [], 0
    for f in stdlib_files(root, held_out=True):
        if allowed is not None and not set(f.text) <= allowed:
            continue
        parts.append(f.text)
        names.append(f.name)
        total += len(f.text)
        if total >= n_chars:
            break
    return "".join(parts)[:n_chars], names


def _line_starts(text: str) -> np.ndarray:
    """The offset of the first character of each line (lines as tokenize counts them)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return np.asarray(starts, dtype=np.int64)


def _spans(text: str):
    """(token type, start offset, end offset, token string) for each token of `text`."""
    starts = _line_starts(text)
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.ENDMARKER:
            break
        (r0, c0), (r1, c1) = tok.start, tok.end
        yield tok.type, int(starts[r0 - 1] + c0), int(starts[r1 - 1] + c1), tok.string


def _token_features(text: str) -> dict[str, np.ndarray]:
    """string, comment and bracket depth of each character, from the tokens of `text`."""
    n = len(text)
    string, comment = np.zeros(n), np.zeros(n)
    change = np.zeros(n + 1)  # +1 after an opening bracket, -1 at a closing one
    fstring_from = None
    for kind, a, b, s in _spans(text):
        if kind == tokenize.STRING:
            string[a:b] = 1.0
        elif kind == _FSTRING_START:
            fstring_from = a if fstring_from is None else fstring_from
        elif kind == _FSTRING_END and fstring_from is not None:
            string[fstring_from:b] = 1.0
            fstring_from = None
        elif kind == tokenize.COMMENT:
            comment[a:b] = 1.0
        elif kind == tokenize.OP and s in _BRACKETS and fstring_from is None:
            change[a + 1 if _BRACKETS[s] > 0 else a] += _BRACKETS[s]
    return {"string": string, "comment": comment, "brackets": np.cumsum(change)[:n]}


def _column_and_indent(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The column of each character (0 at a line's start) and its line's leading spaces."""
    column, indent = np.zeros(len(text)), np.zeros(len(text))
    pos = 0
    for line in text.splitlines(keepends=True):
        k = len(line)
        column[pos : pos + k] = np.arange(k)
        indent[pos : pos + k] = len(line) - len(line.lstrip(" \t"))
        pos += k
    return column, indent


def python_features(text: str) -> dict[str, np.ndarray]:
    """Per-character features of Python source `text` (valid for this interpreter's tokenize).

    Returns name -> float array (T,) with T = len(text), names :data:`PYTHON_FEATURES`:
    'string' 1 inside a string literal (prefix and quotes included), 'comment' 1 inside a
    comment, 'brackets' the number of brackets open at the character (an opening bracket is
    outside, its closing bracket too), 'column' the position in the line, 'indent' the line's
    leading whitespace. Raises ValueError when `text` does not tokenize.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty str, got {text!r:.40}")
    try:
        feats = _token_features(text)
    except (tokenize.TokenError, SyntaxError) as exc:
        raise ValueError(f"text must be Python source that tokenizes ({exc})") from exc
    feats["column"], feats["indent"] = _column_and_indent(text)
    return {name: feats[name] for name in PYTHON_FEATURES}


def shakespeare_features(text: str) -> dict[str, np.ndarray]:
    """Per-character features of a play in tiny-shakespeare's layout ("NAME:" lines).

    Returns name -> float array (T,), names :data:`SHAKESPEARE_FEATURES`: 'line_position' the
    column, 'speaker' 1 on the characters of a speaker's name and its colon (a line that starts
    the text or follows a blank line and is a name ending in ':'), 'after_newline' 1 on the first
    character of each line.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty str, got {text!r:.40}")
    column, _ = _column_and_indent(text)
    speaker = np.zeros(len(text))
    for m in re.finditer(r"(?:\A|(?<=\n\n))([A-Za-z][A-Za-z .']*:)(?=\n)", text):
        speaker[m.start(1) : m.end(1)] = 1.0
    after = np.zeros(len(text))
    after[0] = 1.0
    after[1:] = np.frombuffer(text[:-1].encode("utf-32-le"), dtype=np.uint32) == ord("\n")
    return {"line_position": column, "speaker": speaker, "after_newline": after}
