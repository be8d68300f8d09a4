"""The built graded edition (`make student`, build/): nothing a student reaches shows a reference,
and no function the notebook imports passes a hidden test as the answer.

Skipped while build/ has no graded edition, unless RNNLAB_REQUIRE_GRADING=1 (`make grading`,
CI), where that fails.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import os
import re
import signal
import types
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
STUDENT, SOURCE = BUILD / "student", BUILD / "grading" / "source" / "rnnlab"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def built(stem: str) -> None:
    if not (STUDENT / f"{stem}.ipynb").exists() or not (SOURCE / f"{stem}.ipynb").exists():
        if os.environ.get("RNNLAB_REQUIRE_GRADING") == "1":
            pytest.fail(f"no graded edition of {stem} in build/: `make student` first")
        pytest.skip("no graded edition in build/ (make student)")


def solution_lines(stem: str) -> set[str]:
    """The distinctive lines of every worked solution (between the markers of the source)."""
    lines, inside = set(), False
    for cell in nbformat.read(str(SOURCE / f"{stem}.ipynb"), as_version=4).cells:
        for line in cell.source.splitlines():
            if line.strip() in MARKERS:
                inside = line.strip() == MARKERS[0]
            elif inside and len(line.strip()) >= 12 and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines


def load_checks(stem: str) -> types.ModuleType:
    """The student edition's checks module, imported as the student's kernel would."""
    import sys

    sys.path.insert(0, str(STUDENT))
    try:
        spec = importlib.util.spec_from_file_location(
            f"checks_{stem}", STUDENT / f"checks_{stem}.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(STUDENT))
    return module


def reachable_sources(module: types.ModuleType) -> dict[str, str]:
    """The source `??` shows for the module and for every function reachable from its names
    (through the globals each function uses, transitively), by qualified name."""
    out = {module.__name__: inspect.getsource(module)}
    todo = [getattr(module, a) for a in dir(module) if not a.startswith("__")]
    seen: set[int] = set()
    while todo:
        obj = todo.pop()
        if id(obj) in seen or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        seen.add(id(obj))
        try:
            out[f"{obj.__module__}.{obj.__qualname__}"] = inspect.getsource(obj)
        except (OSError, TypeError):
            continue
        functions = [obj] if inspect.isfunction(obj) else list(vars(obj).values())
        for fn in (f for f in functions if inspect.isfunction(f)):
            names = set(fn.__code__.co_names)
            todo += [fn.__globals__[n] for n in names if n in fn.__globals__]
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nothing_the_student_edition_imports_shows_a_reference(path):
    built(path.stem)
    nb = nbformat.read(str(STUDENT / path.name), as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "rnnlab.exercises" not in code and "BEGIN HIDDEN TESTS" not in code
    assert f"import checks_{path.stem} as ex" in code
    checks = load_checks(path.stem)
    sources = reachable_sources(checks)
    for name, source in sources.items():
        assert not re.search(r"def reference\b", source), f"{name} defines a reference"
        assert not [ln for ln in solution_lines(path.stem) if ln in source], name
    # from the exercise modules, only what the notebook uses besides its checks (06's buggy
    # function, which the student must read): no check function and nothing it calls
    passed_on = {
        f"{obj.__module__}.{obj.__qualname__}"
        for a, obj in vars(checks).items()
        if not a.startswith(("_", "check_")) and inspect.isfunction(obj)
    }
    topics = {n for n in sources if re.match(r"rnnlab\.exercises\.[a-z]", n)}
    assert topics <= passed_on, topics - passed_on


def notebook_callables(nb) -> dict[str, object]:
    """Every rnnlab function the notebook imports, or can reach as a member of a module it
    imports (rnnlab.exercises and its checks module aside)."""
    found = {}
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        try:
            body = ast.parse(cell.source).body
        except SyntaxError:
            continue
        for node in body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rnnlab"):
                module = importlib.import_module(node.module)
                objs = [getattr(module, a.name, None) for a in node.names]
            elif isinstance(node, ast.Import):
                objs = [importlib.import_module(a.name) for a in node.names if "rnnlab" in a.name]
            else:
                continue
            for obj in objs:
                members = vars(obj).values() if inspect.ismodule(obj) else [obj]
                for m in members:
                    owner = getattr(m, "__module__", "") or ""
                    if callable(m) and owner.startswith("rnnlab") and "exercises" not in owner:
                        found[f"{owner}.{getattr(m, '__qualname__', '?')}"] = m
    return found


def hidden_tests(nb) -> list[tuple[str, str]]:
    """(answer name, hidden test source) of every implementation exercise of a source."""
    out = []
    for cell in nb.cells:
        if "### BEGIN HIDDEN TESTS" not in cell.source or "_reaches(" not in cell.source:
            continue
        name = re.search(r"verdict_\d+ = \w+\.check_\w+\((\w+)", cell.source).group(1)
        out.append((name, cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]))
    return out


@contextlib.contextmanager
def time_limit(seconds: int):
    def alarm(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_imported_function_passes_a_hidden_test(path):
    built(path.stem)
    nb = nbformat.read(str(SOURCE / path.name), as_version=4)
    candidates = notebook_callables(nb)
    for answer, source in hidden_tests(nb):
        test = compile(source, f"hidden test of {answer}", "exec")
        for qualname, fn in candidates.items():
            wrapper = eval("lambda *a, **k: f(*a, **k)", {"f": fn})  # a wrapper in the notebook
            for submitted in (fn, wrapper):
                try:
                    with time_limit(5):  # a training loop given a case's arguments: no answer
                        exec(test, {answer: submitted})
                except Exception:  # any failure fails nbgrader's test cell: no marks
                    continue
                pytest.fail(f"{qualname} passes the hidden test of {answer} ({path.stem})")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_self_check_of_a_value_says_correct_or_explains(path):
    """A value's self-check knows no answer: whatever it is given, it never says "correct" (a
    prediction's explanation, quoted in its name, once did)."""
    built(path.stem)
    checks = load_checks(path.stem)
    own = [f for n, f in vars(checks).items() if n.startswith("check_")]
    for check in (f for f in own if f.__module__ == checks.__name__):  # not check_value itself
        for answer in ("a", "b", "c", "d", 1, 0.5):
            text = repr(check(answer))
            assert ": correct" not in text, (check.__name__, answer, text)
