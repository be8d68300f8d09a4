"""Where a checkpoint may be written: checked before training starts, without importing torch."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["check_writable"]


def check_writable(path: str | os.PathLike) -> Path:
    """`path` as a Path if a checkpoint can be written there (its folder is created if needed);
    otherwise a ValueError saying why: it is a directory, its folder cannot be made, or the
    folder is not writable. Cheap: run it before training, not after."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ValueError(f"--out {str(path)!r} is a directory; name a file, e.g. {path / 'lm.pt'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(
            f"--out {str(path)!r}: cannot create its folder {str(path.parent)!r} ({exc.strerror})"
        ) from None
    try:  # the same kind of temporary file that save_checkpoint writes, beside the target
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise ValueError(
            f"--out {str(path)!r}: cannot write into {str(path.parent)!r} ({exc.strerror})"
        ) from None
    os.close(fd)
    os.unlink(tmp)
    return path
