"""Execute notebooks in place and store their outputs (what `make notebooks` runs).

Usage: python tools/execute.py notebooks/*.ipynb
Runs each notebook in a kernel of the current environment, from the notebooks folder, with a
120 s limit per cell. Widget state is dropped, and with it the references to widget models,
so viewers show the static PNG the panels carry instead.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

from rnnlab.widgets.base import drop_dead_widget_views


def execute_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    """Execute `nb` in place, in a kernel started in folder `cwd`; return the seconds it took."""
    ep = ExecutePreprocessor(
        timeout=120, kernel_name="python3", store_widget_state=True, record_timing=False
    )
    start = time.perf_counter()
    ep.preprocess(nb, {"metadata": {"path": str(cwd)}})
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)  # live state is noise in git; panels carry a PNG
    drop_dead_widget_views(nb)  # else a trusted copy shows "model not found", not the PNG
    return seconds


def execute(path: Path) -> float:
    """Execute the notebook at `path` in place; return the seconds it took."""
    nb = nbformat.read(str(path), as_version=4)
    seconds = execute_notebook(nb, path.parent)
    nbformat.write(nb, str(path))
    return seconds


def main(argv: list[str]) -> int:
    for name in argv:
        print(f"{name}: {execute(Path(name)):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
