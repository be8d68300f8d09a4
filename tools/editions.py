"""The instructor and student editions of the notebooks, built from the committed self-study ones.

Usage:
    python tools/editions.py instructor [NOTEBOOK ...] [--out build/instructor]
    python tools/editions.py student [NOTEBOOK ...] [--out build/student]

Without notebooks, every notebooks/*.ipynb is built. The convention (CONTRIBUTING.md, "Exercises
and editions"): a code cell tagged ``exercise`` holds what the student writes; the next markdown
cell tagged ``solution`` holds, in its FIRST ```python block, a drop-in replacement for it; the
code cells between them that call a ``check_*`` helper are its checks. Solution cells after a
questionnaire hold its answers.

- instructor: exercises solved (the solution's lines between nbgrader's ``### BEGIN SOLUTION``
  / ``### END SOLUTION``), checks graded, solutions open; executed, and every check must print
  a correct verdict (exit code 1 and the list of failures otherwise). Usable as nbgrader's source.
- student: tools/grading.py (`make student`), which runs the instructor edition to record the
  worked solutions' outputs; `student()` below is its layout: no solution cells, no outputs,
  nbgrader metadata.
A numeric exercise ``ex.check_x(...)`` becomes an answer cell ``answer_k = ...`` (the value in
the instructor edition) and a graded check ``ex.check_x(answer_k)``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
PYTHON_BLOCK = re.compile(r"```python[^\n]*\n(.*?)```", re.DOTALL)
CORRECT = re.compile(r": correct\.")
NOT_CORRECT = re.compile(r"not answered yet|: not yet\.")


class EditionError(ValueError):
    """A notebook breaks the exercise convention, or its instructor edition is not all correct."""


def tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _calls_check(node: ast.stmt) -> bool:
    """Whether a statement is `check_*(answer)` or `name = check_*(answer)` (also `ex.check_*`).

    A checker is always given the answer; a check_* call without arguments (such as
    rnnlab.env.check_environment()) is not an exercise and is not graded.
    """
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    if not isinstance(value, ast.Call) or not (value.args or value.keywords):
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name.startswith("check_")


def is_check(cell: dict) -> bool:
    """Whether `cell` is a code cell that calls a check_* helper at its top level."""
    if cell["cell_type"] != "code":
        return False
    try:
        body = ast.parse(cell["source"]).body
    except SyntaxError:  # IPython magics: never a check
        return False
    return any(_calls_check(node) for node in body)


def first_python_block(markdown: str) -> str | None:
    """The first ```python block of a markdown text, without its fences, or None."""
    found = PYTHON_BLOCK.search(markdown)
    return found.group(1).rstrip("\n") if found else None


def exercises(nb: dict) -> list[tuple[int, list[int], int]]:
    """(exercise cell, check cells, solution cell) indices for every exercise of `nb`.

    Raises EditionError for an exercise without a following solution cell, or one whose
    solution has no python block.
    """
    cells, found = nb["cells"], []
    for i, cell in enumerate(cells):
        if "exercise" not in tags(cell):
            continue
        if cell["cell_type"] != "code":
            raise EditionError(f"cell {i} is tagged 'exercise' but is not a code cell")
        j = next((k for k in range(i + 1, len(cells)) if "solution" in tags(cells[k])), None)
        later = next((k for k in range(i + 1, len(cells)) if "exercise" in tags(cells[k])), None)
        if j is None or (later is not None and later < j):
            raise EditionError(f"exercise cell {i} has no solution cell before the next exercise")
        if first_python_block(cells[j]["source"]) is None:
            raise EditionError(f"solution cell {j} (of exercise cell {i}) has no ```python block")
        checks = [k for k in range(i + 1, j) if is_check(cells[k])]
        found.append((i, checks, j))
    return found


def _wrap(sol: list[str], start: int, stop: int) -> tuple[str, str]:
    """(solution with sol[start:stop] between the markers, the stub nbgrader would make of it)."""
    middle = sol[start:stop]
    pad = " " * min(len(s) - len(s.lstrip()) for s in middle if s.strip())
    marked = [*sol[:start], pad + BEGIN, *middle, pad + END, *sol[stop:]]
    stub = [
        *sol[:start],
        pad + "# YOUR CODE HERE",
        pad + "raise NotImplementedError()",
        *sol[stop:],
    ]
    return "\n".join(marked), "\n".join(stub)


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def with_markers(exercise: str, solution: str) -> str:
    """`solution` with the lines that differ from `exercise` between nbgrader's markers.

    Lines the two share at the start (a def line, a docstring) and at the end stay outside, so
    that nbgrader's generated stub keeps them; the markers take the indentation of the body. If
    the stub would not be valid python (the difference sits inside a dict, say), the markers
    grow to whole top-level statements, and at last to the whole solution.
    """
    ex, sol = exercise.rstrip("\n").splitlines(), solution.rstrip("\n").splitlines()
    head = 0
    while head < min(len(ex), len(sol)) and ex[head] == sol[head]:
        head += 1
    tail = 0
    while tail < min(len(ex), len(sol)) - head and ex[-1 - tail] == sol[-1 - tail]:
        tail += 1
    start, stop = head, len(sol) - tail
    if not any(line.strip() for line in sol[start:stop]):
        raise EditionError(f"the solution is the exercise itself:\n{solution}")
    marked, stub = _wrap(sol, start, stop)
    if _parses(stub) or not _parses(solution):
        return marked
    spans = [(n.lineno - 1, n.end_lineno) for n in ast.parse(solution).body]
    touched = [(a, b) for a, b in spans if a < stop and b > start]
    if touched:
        marked, stub = _wrap(sol, touched[0][0], touched[-1][1])
        if _parses(stub):
            return marked
    return _wrap(sol, 0, len(sol))[0]


def graded_check(source: str, k: int) -> str:
    """A check cell as an autograder test: it shows the verdict and fails unless it is correct."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise EditionError(f"a check cell is not valid python: {err}\n{source}") from err
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return source  # nothing to assert on: leave it as written
    last = tree.body[-1]
    lines = source.rstrip("\n").splitlines()
    before, expr = lines[: last.lineno - 1], "\n".join(lines[last.lineno - 1 : last.end_lineno])
    name = f"verdict_{k}"
    # printed, not returned: nbgrader reads a test cell's result as a partial grade
    test = f"assert {name}, 'not correct yet'  # graded: fails unless the check passes"
    return "\n".join([*before, f"{name} = {expr}", f"print({name})", test])


def _nbgrader(grade_id: str, *, solution: bool, grade: bool, locked: bool) -> dict:
    meta = dict(grade=grade, grade_id=grade_id, locked=locked, schema_version=3, solution=solution)
    if grade:
        meta["points"] = 1
    return meta


def _single_call(source: str) -> ast.Call | None:
    """The call of a cell that is one expression `f(...)`, else None."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    ok = len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call)
    return body[0].value if ok else None


def split_numeric(exercise: str, solution: str, k: int) -> tuple[str, str, str] | None:
    """A numeric exercise `ex.check_x(...)` solved as `ex.check_x(VALUE)`, split for grading into
    (instructor answer cell, student answer cell, check cell): `answer_k = VALUE` between the
    markers, `answer_k = ...`, and `ex.check_x(answer_k)`. A worked solution that computes
    VALUE first (statements, then `ex.check_x(EXPR)`) keeps them in the answer cell, before
    `answer_k = EXPR`. None for any other exercise."""
    ex_call, sol_call, pre = _single_call(exercise), _last_call(solution), ""
    if sol_call is not None and sol_call.lineno > 1:
        pre = "\n".join(solution.splitlines()[: sol_call.lineno - 1]).rstrip("\n") + "\n"
    if ex_call is None or sol_call is None or len(ex_call.args) != len(sol_call.args):
        return None
    holes = [
        n for n, a in enumerate(ex_call.args) if isinstance(a, ast.Constant) and a.value is Ellipsis
    ]
    if len(holes) != 1 or ast.dump(ex_call.func) != ast.dump(sol_call.func):
        return None
    hole, name = ex_call.args[holes[0]], f"answer_{k}"
    value = ast.get_source_segment(solution, sol_call.args[holes[0]])
    lines = exercise.splitlines()
    row = lines[hole.lineno - 1]
    lines[hole.lineno - 1] = row[: hole.col_offset] + name + row[hole.end_col_offset :]
    check = "\n".join(lines)
    return f"{BEGIN}\n{pre}{name} = {value}\n{END}", f"{name} = ...  # your answer", check


def _last_call(source: str) -> ast.Call | None:
    """The call of a source whose last statement is one expression `f(...)`, else None."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    ok = body and isinstance(body[-1], ast.Expr) and isinstance(body[-1].value, ast.Call)
    return body[-1].value if ok else None


def split_trailing_check(exercise: str, solution: str) -> tuple[str, str, str] | None:
    """An exercise whose last statement is the same check_* call as its solution's, split into
    (instructor answer with markers, student answer, check cell). None otherwise."""
    try:
        ex_body, sol_body = ast.parse(exercise).body, ast.parse(solution).body
    except SyntaxError:
        return None
    if len(ex_body) < 2 or len(sol_body) < 2 or not _calls_check(ex_body[-1]):
        return None
    ex_lines, sol_lines = exercise.rstrip("\n").splitlines(), solution.rstrip("\n").splitlines()
    ex_check = "\n".join(ex_lines[ex_body[-1].lineno - 1 :])
    if ex_check != "\n".join(sol_lines[sol_body[-1].lineno - 1 :]):
        return None
    ex_head = "\n".join(ex_lines[: ex_body[-1].lineno - 1]).rstrip("\n")
    sol_head = "\n".join(sol_lines[: sol_body[-1].lineno - 1]).rstrip("\n")
    return with_markers(ex_head, sol_head), ex_head, ex_check


def _edition(nb: dict, stem: str, *, solved: bool) -> dict:
    """The instructor (`solved`) or student edition of `nb`, with nbgrader metadata."""
    nb = copy.deepcopy(nb)
    found = {i: (k, j) for k, (i, _, j) in enumerate(exercises(nb), start=1)}
    check_of = {
        c: (k, n)
        for k, (_, checks, _) in enumerate(exercises(nb), start=1)
        for n, c in enumerate(checks, start=1)
    }
    cells = []
    for i, cell in enumerate(nb["cells"]):
        if i in found:
            k, j = found[i]
            solution = first_python_block(nb["cells"][j]["source"])
            split = split_numeric(cell["source"], solution, k) or split_trailing_check(
                cell["source"], solution
            )
            if split is not None:  # the answer in its own cell, the check graded after it
                cell["source"] = split[0] if solved else split[1]
            elif solved:
                cell["source"] = with_markers(cell["source"], solution)
            cell["metadata"]["nbgrader"] = _nbgrader(
                f"{stem}-ex{k}", solution=True, grade=False, locked=False
            )
            cell["outputs"] = []
            cells.append(cell)
            if split is not None:
                cells.append(_graded(nbformat.v4.new_code_cell(split[2]), k, 1, stem))
        elif i in check_of:
            cells.append(_graded(cell, *check_of[i], stem))
        elif "solution" in tags(cell):
            if solved:
                cell["source"] = cell["source"].replace("<details>", "<details open>")
                cells.append(cell)
        else:
            cells.append(cell)
    nb["cells"] = cells
    return nb


def _graded(cell: dict, k: int, n: int, stem: str) -> dict:
    """A check cell as an autograder test cell (check number `n` of exercise `k`)."""
    cell["source"] = graded_check(cell["source"], k)
    cell["metadata"]["nbgrader"] = _nbgrader(
        f"{stem}-ex{k}-check{n}", solution=False, grade=True, locked=True
    )
    return cell


def student(nb: dict, stem: str) -> dict:
    """The graded student edition of `nb`: no solution cells, no outputs, nbgrader metadata."""
    nb = _edition(nb, stem, solved=False)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def instructor_source(nb: dict, stem: str) -> dict:
    """The instructor edition of `nb` before execution: exercises solved between markers."""
    return _edition(nb, stem, solved=True)


def _text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


def check_outputs(nb: dict) -> list[str]:
    """Every check_* call in an executed notebook printed a correct verdict: the failures."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if not is_check(cell):
            continue
        text = _text(cell)
        if not CORRECT.search(text) or NOT_CORRECT.search(text):
            problems.append(f"cell {i}: {text.strip() or 'no output'}")
    return problems


def build_instructor(path: Path, out_dir: Path) -> tuple[float, list[str]]:
    """Write and execute the instructor edition of `path`; return (seconds, check failures)."""
    from nbconvert.preprocessors import CellExecutionError

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from execute import execute_notebook  # tools/execute.py: the one way notebooks are run

    nb = instructor_source(nbformat.read(str(path), as_version=4), path.stem)
    try:
        seconds = execute_notebook(nb, path.resolve().parent)
        problems = check_outputs(nb)
    except CellExecutionError as err:
        seconds, problems = float("nan"), [str(err).strip().splitlines()[-1]]
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(out_dir / path.name))
    return seconds, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=["instructor", "student"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="default: build/<edition>")
    args = parser.parse_args(argv)
    if args.edition == "student":  # the graded edition needs the recorded values: grading.py
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from grading import main as grading_main

        out = ["--out", str(args.out.parent)] if args.out else []
        return grading_main([*map(str, args.notebooks), *out])
    out_dir = args.out or ROOT / "build" / args.edition
    return build_each(args.notebooks, lambda path: build_instructor(path, out_dir)[1])


def build_each(notebooks: list[Path], build, jobs: int | None = None) -> int:
    """`build(path)` -> problems for every notebook (all of notebooks/ when none are given),
    one line each with its time as it finishes; the problems at the end; the exit status (1 if
    any). `jobs` notebooks build at once (default: one per CPU, at most 2): each runs in a kernel
    process of its own, so a thread here only waits for it."""
    paths = notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    jobs = jobs or min(2, os.cpu_count() or 1)

    def one(path: Path) -> list[str]:
        start = time.perf_counter()
        try:
            problems = build(path)
        except EditionError as err:
            problems = [str(err)]
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path.name}: {status} ({time.perf_counter() - start:.1f} s)", flush=True)
        return [f"{path.name} {p}" for p in problems]

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        failed = [p for problems in pool.map(one, paths) for p in problems]
    for problem in failed:
        print("  " + problem, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
