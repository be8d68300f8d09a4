"""Tiny authoring helpers for notebook builder scripts (not part of the package).

A builder script lists cells with md(...) / code(...) and calls write(path, cells); then
`make notebooks` (or `python tools/execute.py notebooks/NN_x.ipynb`) executes and stores outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from notebook_template import BOOTSTRAP_SOURCE, badges  # noqa: E402

IGNORE = "nbval-ignore-output"


def md(text: str, slide: str | None = None):
    """A markdown cell; `slide` is the RISE slide type ('slide', 'subslide', 'fragment', ...)."""
    cell = new_markdown_cell(text.strip("\n"))
    if slide:
        cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def code(source: str, *tags: str, slide: str | None = None):
    """A code cell with optional tags (e.g. IGNORE for outputs that can't be deterministic)."""
    cell = new_code_cell(source.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if slide:
        cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def title(filename: str, heading: str, intro: str, goals: list[str]):
    """The template's title cell: '# NN · heading', badges, an intro and 2-4 goals."""
    number = filename[:2]
    bullets = "\n".join(f"- {g}" for g in goals)
    return md(
        f"# {number} · {heading}\n\n{badges(filename)}\n\n{intro.strip()}\n\n"
        f"**Goals**\n{bullets}\n",
        slide="slide",
    )


def bootstrap():
    """The template's bootstrap cell, identical in every notebook."""
    return code(BOOTSTRAP_SOURCE, slide="skip")


def write(path: str | Path, cells: list) -> None:
    """Write a notebook with the python3 kernel spec."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, str(path))
