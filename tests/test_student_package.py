"""tools/student_package.py: rnnlab without its checkers, for a graded course's students."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from student_package import EXERCISES, build, strip_checkers  # noqa: E402

SAMPLE = '''
"""A module."""
import numpy as np

__all__ = ["check_a", "helper"]

_LIMIT = 5
_ONLY_FOR_CHECK = 3


def _reference(x):
    return x * _ONLY_FOR_CHECK


def _shared(x):
    return x + _LIMIT


def helper(x):
    """Kept: the student edition may use it."""
    return _shared(x)


def check_a(fn):
    return fn(2) == _reference(2)
'''
EX_NAME = re.compile(r"\bex\.(\w+)")
BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def test_strip_checkers_drops_checks_and_what_only_they_used():
    out = strip_checkers(SAMPLE)
    tree = ast.parse(out)
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert names == {"_shared", "helper"}
    assert "_ONLY_FOR_CHECK" not in out and "_LIMIT = 5" in out
    assert "__all__ = ['helper']" in out
    assert '"""Kept: the student edition may use it."""' in out


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("student") / "student-package")


def _modules(package: Path) -> list[Path]:
    return [p for p in sorted((package / EXERCISES).glob("*.py")) if not p.name.startswith("_")]


def test_no_checker_is_left(package):
    for path in _modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defs = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        assert not [d for d in defs if d.startswith("check_")], path.name


def test_what_the_notebooks_use_besides_checks_is_still_there_and_imports(package):
    wanted: dict[str, set[str]] = {}
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        sources = ["".join(c["source"]) for c in json.loads(nb_path.read_text("utf-8"))["cells"]]
        found = next(
            (m for s in sources if (m := re.search(r"exercises import (\w+) as ex", s))), None
        )
        if found:
            used = {n for s in sources for n in EX_NAME.findall(s) if not n.startswith("check_")}
            wanted.setdefault(found.group(1), set()).update(used)
    script = "; ".join(
        f"import rnnlab.exercises.{m} as m_{m}; missing += [n for n in {sorted(ns)} "
        f"if not hasattr(m_{m}, n)]"
        for m, ns in wanted.items()
    )
    code = f"missing = []; {script}; import rnnlab; print(rnnlab.__file__); print(missing)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(package / "src"), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out[0].startswith(str(package)), out[0]  # the stripped copy, not the installed one
    assert out[1] == "[]"


def test_no_worked_solution_line_is_in_the_stripped_modules(package):
    text = "\n".join(p.read_text(encoding="utf-8") for p in _modules(package))
    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb_path.read_text("utf-8"))["cells"]:
            if "solution" not in cell["metadata"].get("tags", []):
                continue
            for block in BLOCK.findall("".join(cell["source"])):
                for line in block.splitlines():
                    line = line.split("#")[0].strip()
                    if len(line) > 24 and not line.startswith(("def ", "return ", "import ")):
                        assert line not in text, (nb_path.name, line)
