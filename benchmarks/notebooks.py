"""Seconds per notebook, executed as nbval runs them (one fresh kernel each), and the total.

Budget: every notebook under 60 s; the whole `make test` under 5 minutes on a 2-core CPU.
Usage: python benchmarks/notebooks.py [notebooks/NN_x.ipynb ...]
Executes copies in a temporary folder, so the repository's notebooks are left untouched.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 60.0


def run(path: Path, workdir: Path) -> float:
    """Execute a copy of the notebook at `path` in `workdir`; return wall-clock seconds."""
    copy = workdir / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(str(copy), as_version=4)
    ep = ExecutePreprocessor(timeout=600, kernel_name="python3")
    start = time.perf_counter()
    ep.preprocess(nb, {"metadata": {"path": str(workdir)}})
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            rows.append((path.name, run(path, Path(tmp))))
            print(f"  ran {path.name}", file=sys.stderr, flush=True)
    width = max(len(name) for name, _ in rows)
    print(f"| {'notebook':<{width}} | seconds | within {BUDGET_S:.0f} s |")
    print(f"|{'-' * (width + 2)}|--------:|:---:|")
    for name, seconds in rows:
        print(f"| {name:<{width}} | {seconds:7.1f} | {'yes' if seconds < BUDGET_S else 'NO'} |")
    print(f"| {'total':<{width}} | {sum(s for _, s in rows):7.1f} | |")
    return 0 if all(s < BUDGET_S for _, s in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
