"""Rewrite the bootstrap cell of every notebook to the template's BOOTSTRAP_SOURCE.

Usage: python tools/update_bootstrap.py [notebooks/*.ipynb]   (default: every notebook)
       python tools/update_bootstrap.py --check                (exit 1 if one is out of date)

Run it after the version or the repository address in pyproject.toml changed, or the cell's text
(rnnlab.env.bootstrap_source, which the template's BOOTSTRAP_SOURCE must be). Only the source of
the bootstrap cell (cell 1, which starts with "# Bootstrap") changes; the notebook is not
re-executed and every other byte of the file stays as it was (the script checks that). Outside
Colab the cell prints nothing where rnnlab imports, so the stored outputs stay valid.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))  # when loaded from elsewhere than tools/
from notebook_template import BOOTSTRAP_SOURCE  # noqa: E402

from rnnlab.env import bootstrap_source  # noqa: E402

MARKER = "# Bootstrap"


def _bootstrap_index(nb) -> int:
    for i, cell in enumerate(nb.cells[:3]):
        if cell.cell_type == "code" and cell.source.lstrip().startswith(MARKER):
            return i
    raise ValueError("no bootstrap cell (a code cell starting with '# Bootstrap') in cells 0-2")


def updated(text: str) -> str:
    """The notebook JSON `text` with its bootstrap cell's source set to BOOTSTRAP_SOURCE."""
    nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    if nbformat.writes(nb).rstrip("\n") != text.rstrip("\n"):
        raise ValueError("the file is not in nbformat's layout; rewriting would change more")
    new = copy.deepcopy(nb)
    new.cells[_bootstrap_index(nb)].source = BOOTSTRAP_SOURCE.strip("\n")
    return nbformat.writes(new).rstrip("\n") + text[len(text.rstrip("\n")) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args(argv)
    if BOOTSTRAP_SOURCE.strip() != bootstrap_source().strip():
        print(
            "tools/notebook_template.py BOOTSTRAP_SOURCE is not rnnlab.env.bootstrap_source(): make"
            " the template use env.bootstrap_source first (the notebooks' check follows the"
            " template), then run this again",
            file=sys.stderr,
        )
        return 2
    paths = args.paths or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    stale = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = updated(text)
        if new == text:
            continue
        stale += 1
        print(f"{path.name}: {'out of date' if args.check else 'bootstrap cell rewritten'}")
        if not args.check:
            path.write_text(new, encoding="utf-8")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
