"""Corpora: the 'hello' toy, tiny-shakespeare (shipped inside the package), or any text file.

tiny-shakespeare (1.1 MB of public-domain text) lies in this folder of the package, so no notebook
needs the network; it is checked against its sha256 every time it is read. Other named corpora
(an entry in ``CORPORA`` with ``packaged=False``) are downloaded once into the cache directory.
The cache directory is ``$RNNLAB_CACHE_DIR`` if set, else ``~/.cache/rnnlab``. A download is
verified against its sha256 before it is written, and written atomically (a temporary file in the
same directory, then a rename), so an interrupted download never leaves a half file behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CORPORA",
    "HELLO",
    "CorpusSpec",
    "CorpusUnavailableError",
    "cache_dir",
    "corpus_path",
    "load_corpus",
    "packaged_path",
]

HELLO = "hello"


@dataclass(frozen=True)
class CorpusSpec:
    """Where a named corpus comes from: its URL, its sha256, its file name, its length.

    With `packaged` true the file ships inside ``rnnlab/data`` and is read from there; otherwise
    it is downloaded from `url` into the cache directory on first use.
    """

    url: str
    sha256: str
    filename: str
    n_chars: int
    packaged: bool = False


CORPORA = {
    "tinyshakespeare": CorpusSpec(
        url="https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
        sha256="86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        filename="tinyshakespeare.txt",
        n_chars=1_115_394,
        packaged=True,
    ),
}


class CorpusUnavailableError(RuntimeError):
    """A named corpus is neither in the cache nor downloadable (offline, or a bad download)."""


def cache_dir() -> Path:
    """``$RNNLAB_CACHE_DIR`` if set and non-empty, else ``~/.cache/rnnlab`` (not created here)."""
    env = os.environ.get("RNNLAB_CACHE_DIR", "").strip()
    return Path(env).expanduser() if env else Path.home() / ".cache" / "rnnlab"


def corpus_path(name: str) -> Path:
    """Where the named corpus lives (or will live) in the cache directory."""
    if name not in CORPORA:
        raise ValueError(f"name must be one of {sorted(CORPORA)}, got {name!r}")
    return cache_dir() / CORPORA[name].filename


def packaged_path(name: str) -> Path:
    """Where the named corpus lies inside the installed package (it may be missing there)."""
    if name not in CORPORA:
        raise ValueError(f"name must be one of {sorted(CORPORA)}, got {name!r}")
    return Path(__file__).resolve().parent / CORPORA[name].filename


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _download(url: str, timeout: float = 30.0) -> bytes:
    """The bytes at `url` (the one place that touches the network; tests replace it)."""
    from urllib.request import urlopen

    with urlopen(url, timeout=timeout) as response:  # noqa: S310 (a fixed https URL)
        return response.read()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a cache file is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fetch(name: str) -> Path:
    """Download the named corpus, check its sha256 and store it in the cache; return its path."""
    spec, path = CORPORA[name], corpus_path(name)
    try:
        data = _download(spec.url)
    except OSError as exc:  # URLError, timeouts and DNS failures are all OSErrors
        raise CorpusUnavailableError(
            f"could not download the corpus {name!r} from {spec.url} ({exc}).\n"
            f"If you are offline, copy the file there by hand: save it as {path}\n"
            f"(or set RNNLAB_CACHE_DIR to a folder that holds {spec.filename})."
        ) from exc
    got = _sha256(data)
    if got != spec.sha256:
        raise CorpusUnavailableError(
            f"the download of {name!r} from {spec.url} has sha256 {got}, expected {spec.sha256};"
            f" nothing was saved. Try again, or save a good copy as {path}"
        )
    _atomic_write(path, data)
    return path


def load_corpus(
    name_or_path: str | os.PathLike = "tinyshakespeare", *, download: bool = True
) -> str:
    """The text of a corpus: 'hello', a named corpus (see ``CORPORA``) or a local text file.

    A packaged corpus (tiny-shakespeare) is read from the package, checked by its sha256; any
    other named corpus is read from the cache directory (:func:`cache_dir`) and downloaded into it
    on first use, when `download` is true. A cached file whose sha256 doesn't match is refetched.
    Raises ValueError for an unknown name, an empty file or one that is not UTF-8 (naming the
    file and the byte offset), CorpusUnavailableError when a named
    corpus can't be found or downloaded.
    """
    if not isinstance(name_or_path, str | os.PathLike):
        raise ValueError(
            f"name_or_path must be a corpus name or a file path, got {type(name_or_path).__name__}"
        )
    if name_or_path == HELLO:
        return HELLO
    if name_or_path == "python-stdlib":  # notebook 10: the packaged Python 3.11.7 stdlib source
        from rnnlab.data.python_source import load_python_stdlib

        return load_python_stdlib()
    if isinstance(name_or_path, str) and name_or_path in CORPORA:
        return _load_named(name_or_path, download)
    path = Path(name_or_path).expanduser()
    if not path.is_file():
        raise ValueError(
            f"name_or_path must be 'hello', one of {sorted(CORPORA)} or an existing text file,"
            f" got {str(name_or_path)!r}"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"the corpus file {path} is not UTF-8 text: byte {exc.start} is"
            f" {exc.object[exc.start : exc.start + 1]!r} ({exc.reason}); convert it to UTF-8"
        ) from None
    if not text:
        raise ValueError(f"the corpus file {path} is empty")
    return text


def _read_packaged(name: str) -> str | None:
    """The packaged copy's text if it is there and has the right sha256; None if it is missing."""
    spec, path = CORPORA[name], packaged_path(name)
    if not path.is_file():
        return None
    data = path.read_bytes()
    if _sha256(data) != spec.sha256:
        raise CorpusUnavailableError(
            f"the copy of {name!r} inside the package ({path.name}) has sha256 {_sha256(data)},"
            f" expected {spec.sha256}; reinstall rnnlab (pip install --force-reinstall rnnlab)"
        )
    return data.decode("utf-8")


def _load_named(name: str, download: bool) -> str:
    spec, path = CORPORA[name], corpus_path(name)
    if spec.packaged:
        text = _read_packaged(name)
        if text is not None:
            return text
    if path.is_file():
        data = path.read_bytes()
        if _sha256(data) == spec.sha256:
            return data.decode("utf-8")
        if not download:
            raise CorpusUnavailableError(
                f"{path} does not have the sha256 of {name!r} ({spec.sha256}); replace it with a"
                f" good copy from {spec.url}"
            )
    elif not download:
        raise CorpusUnavailableError(
            f"the corpus {name!r} is not in the cache; save {spec.url} as {path}"
        )
    return _fetch(name).read_text(encoding="utf-8")
