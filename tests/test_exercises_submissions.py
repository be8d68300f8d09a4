"""Every implementation exercise's checker against every class of submission a student makes.

The correct function is the notebook's own worked solution (the first python block of the
solution cell); each class of submission is derived from it (float32, a list, a torch tensor
that requires grad, None, NaN, a tuple of the wrong length, an exception, SystemExit, ...). The
checker must give one verdict for each, never raise, and name container and dtype problems
before any formula hint.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
_DEF = re.compile(r"^def (\w+)\(", re.M)
_MODULE = re.compile(r"from rnnlab\.exercises import (\w+) as ex")
_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _imports(sources: list[str]) -> str:
    """The notebook's imports cell: the names a worked solution may use."""
    return next(s for s in sources if _MODULE.search(s))


def _exercises() -> list[tuple[str, str, str, str, str]]:
    """(notebook stem, exercises module, checker, function name, solution source) per code
    exercise."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        module = next((m.group(1) for s in sources if (m := _MODULE.search(s))), None)
        for i, cell in enumerate(cells):
            name = _DEF.search(sources[i])
            if "exercise" not in cell["metadata"].get("tags", []) or not name:
                continue
            later = range(i + 1, len(cells))
            tags = [cells[j]["metadata"].get("tags", []) for j in later]
            solution = next(sources[j] for j, t in zip(later, tags, strict=True) if "solution" in t)
            call = re.compile(rf"ex\.(check_\w+)\(\s*{name.group(1)}\b")
            checker = next(m.group(1) for j in later if (m := call.search(sources[j])))
            code = _imports(sources) + "\n" + _BLOCK.search(solution).group(1)
            found.append((path.stem, module, checker, name.group(1), code))
    return found


EXERCISES = _exercises()


def _solution(source: str, name: str):
    scope = {"np": np, "torch": torch, "math": __import__("math")}
    exec(source, scope)  # the notebook's worked solution
    return scope[name]


def _map(value, fn):
    """`value` with `fn` applied to every float array or float inside tuples, lists, dicts."""
    if isinstance(value, dict):
        return {k: _map(v, fn) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return type(value)(_map(v, fn) for v in value)
    if isinstance(value, np.ndarray | float | np.floating) and np.issubdtype(
        np.asarray(value).dtype, np.floating
    ):
        return fn(np.asarray(value))
    return value


def _has_array(value) -> bool:
    if isinstance(value, dict):
        return any(_has_array(v) for v in value.values())
    if isinstance(value, tuple | list):
        return any(_has_array(v) for v in value)
    return isinstance(value, np.ndarray) and value.ndim > 0


def _raise(exc):
    def fn(*args):
        raise exc

    return fn


def _submissions(good):
    """name -> (function, what the verdict must mention or None)."""
    return {
        "float32": (lambda *a: _map(good(*a), lambda x: x.astype(np.float32)), "float32"),
        "float16": (lambda *a: _map(good(*a), lambda x: x.astype(np.float16)), "float16"),
        "list": (lambda *a: _map(good(*a), lambda x: x.tolist()), "list"),
        "torch with grad": (
            lambda *a: _map(good(*a), lambda x: torch.tensor(x, requires_grad=True)),
            "torch",
        ),
        "torch": (lambda *a: _map(good(*a), torch.from_numpy), "torch"),
        "None": (lambda *a: None, None),
        "NaN": (lambda *a: _map(good(*a), lambda x: np.full_like(x, np.nan)), None),
        "int": (lambda *a: 3, None),
        "tuple too long": (
            lambda *a: (*r, r[-1]) if isinstance(r := good(*a), tuple) else (r, r),
            None,
        ),
        "ValueError": (_raise(ValueError("bad input")), "ValueError"),
        "SystemExit": (_raise(SystemExit(1)), "SystemExit"),
        "NotImplementedError for an edge case": (
            _raise(NotImplementedError("batches above 1")),
            "NotImplementedError",
        ),
        "a string": (lambda *a: "h_t", None),
    }


CLASSES = list(_submissions(lambda *a: None))
# classes that only change an answer holding float arrays (a scalar's tolist() is a float)
ARRAY_ONLY = ("float32", "float16", "torch", "torch with grad", "list")


def test_every_code_exercise_is_found():
    assert len(EXERCISES) >= 10, EXERCISES
    assert all(module for _, module, *_ in EXERCISES)


ARGS = ("stem", "module", "checker", "name", "source")


def _ids(value) -> str:
    return str(value)[:24]


@pytest.mark.parametrize(ARGS, EXERCISES, ids=_ids)
def test_the_worked_solution_passes(stem, module, checker, name, source):
    check = getattr(importlib.import_module(f"rnnlab.exercises.{module}"), checker)
    assert check(_solution(source, name)), f"{stem}: the solution of {name} fails its check"


@pytest.mark.parametrize("kind", CLASSES)
@pytest.mark.parametrize(ARGS, EXERCISES, ids=_ids)
def test_any_submission_gets_one_verdict(stem, module, checker, name, source, kind, capsys):
    check = getattr(importlib.import_module(f"rnnlab.exercises.{module}"), checker)
    good = _solution(source, name)
    wrong, mentions = _submissions(good)[kind]
    out = check(wrong)  # must not raise, whatever `wrong` does
    message = repr(out)
    assert not out or (kind in ARRAY_ONLY and not _returns_array(good, check)), (
        f"{stem} {name}: a {kind} submission passed"
    )
    assert "Traceback" not in message + capsys.readouterr().out
    if kind == "NotImplementedError for an edge case":
        assert "not answered" not in message
    if mentions is not None and (kind not in ARRAY_ONLY or _returns_array(good, check)):
        assert mentions in message, f"{stem} {name}, {kind}: {message}"


def _returns_array(good, check) -> bool:
    """Whether the exercise's answer holds a float array (a probe through the checker's cases)."""
    seen = []

    def spy(*args):
        result = good(*args)
        seen.append(result)
        return result

    check(spy)
    return bool(seen) and _has_array(seen[0])
