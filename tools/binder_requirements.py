"""Write Binder's requirements file from the lock: the same pins, plus where the CPU torch lives.

Usage: python tools/binder_requirements.py requirements.lock binder/requirements.txt
(`make lock` runs it). repo2docker installs binder/requirements.txt with pip, then postBuild
installs rnnlab itself; tests/test_packaging.py checks that the two files agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# Binder builds from this file: the pins of requirements.lock (written by `make lock`, do not edit
# by hand). pip's default index serves every pin but torch's: its CPU build (PyPI's Linux torch is
# the large CUDA one) comes from PyTorch's CPU wheel index, the one extra index.
--extra-index-url https://download.pytorch.org/whl/cpu
"""


def pins(lock_text: str) -> list[str]:
    """The `name==version` lines of a pip-compile lock, without its comments."""
    return [line.strip() for line in lock_text.splitlines() if "==" in line.split("#")[0]]


def main(argv: list[str]) -> int:
    lock, out = Path(argv[0]), Path(argv[1])
    out.write_text(HEADER + "\n".join(pins(lock.read_text(encoding="utf-8"))) + "\n")
    print(f"{out}: {len(pins(out.read_text()))} pins from {lock}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
