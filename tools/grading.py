"""The graded student edition and nbgrader's source, built from the worked solutions' outputs.

Usage:
    python tools/grading.py [NOTEBOOK ...] [--out build]

For each notebook (default: every notebooks/*.ipynb), the instructor edition (tools/editions.py)
is executed once with a recording call after every graded check (tools/grading_record.py): the
worked solution's outputs on the checker's cases, drawn twice. It writes

- build/instructor/NN.ipynb: the executed instructor edition (every check must be correct);
- build/grading/source/rnnlab/: nbgrader's source: solutions between markers, the visible
  self-check in each test cell (no assert: it does not count) and the graded part as
  ``### BEGIN HIDDEN TESTS`` holding the second draw's cases and expected outputs as literals;
- build/student/: the student edition: no solutions, no hidden tests, the notebook's
  ``from rnnlab.exercises import X as ex`` replaced by ``import checks_NN as ex``, a generated
  module whose self-checks replay stored outputs (tools/selfcheck.py, copied beside it).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import editions  # noqa: E402
from grading_record import MARK  # noqa: E402
from grading_tests import function_test, value_test  # noqa: E402

ROOT = TOOLS.parent
ASSIGNMENT = "rnnlab"
EX_IMPORT = re.compile(r"^from rnnlab\.exercises import (\w+) as (\w+)$", re.MULTILINE)


def checks_module_name(stem: str) -> str:
    return "checks_" + stem


def _graded_cells(nb) -> list[tuple[int, str, ast.Call]]:
    """(index, grade_id, check call) of every autograder test cell of an edition."""
    found = []
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or cell.cell_type != "code":
            continue
        calls = [
            n.value
            for n in ast.parse(cell.source).body
            if isinstance(n, ast.Assign)
            and isinstance(n.value, ast.Call)
            and getattr(n.targets[0], "id", "").startswith("verdict_")
        ]
        if calls:
            found.append((i, meta["grade_id"], calls[0]))
    return found


def record_source(call: ast.Call) -> str:
    """The kernel code that records one check: the checker, called on a spy of the answer."""
    spied = ast.Call(call.func, [ast.Name("_a"), *call.args[1:]], call.keywords)
    checker, answer = ast.unparse(call.func), ast.unparse(call.args[0])
    return "\n".join(
        [
            "import sys as _sys",
            f"_sys.path.insert(0, {str(TOOLS)!r})",
            "import grading_record as _gr",
            "try:",
            f"    _call = lambda _a: {ast.unparse(spied)}  # noqa: E731",
            f"    print(_gr.record({checker}, _call, {answer}, globals()))",
            "except Exception as _err:  # the build names it",
            "    print('recording failed:', type(_err).__name__, _err)",
        ]
    )


def run_and_record(src, cwd: Path) -> tuple[dict, dict[str, dict], list[str]]:
    """Execute `src` with a recording cell after each graded check: (executed edition without
    the recording cells, grade_id -> record, problems)."""
    from execute import execute_notebook
    from nbconvert.preprocessors import CellExecutionError

    nb = nbformat.from_dict(json.loads(json.dumps(src)))
    marks = {}
    for i, grade_id, call in reversed(_graded_cells(nb)):
        cell = nbformat.v4.new_code_cell(record_source(call))
        cell.metadata["grading_record"] = grade_id
        nb.cells.insert(i + 1, cell)
        marks[grade_id] = cell
    try:
        execute_notebook(nb, cwd)
    except CellExecutionError as err:
        return nb, {}, [str(err).strip().splitlines()[-1]]
    records, problems = {}, editions.check_outputs(nb)
    for grade_id, cell in marks.items():
        text = editions._text(cell)
        if MARK not in text:
            problems.append(f"{grade_id}: nothing recorded ({text.strip()[-300:]})")
            continue
        rec = json.loads(text.split(MARK, 1)[1].strip().splitlines()[0])
        if not rec["ok"]:
            problems.append(f"{grade_id}: the worked solution does not pass its check")
        if rec.get("same_cases"):
            print(f"  note: {grade_id}: fixed cases, the hidden ones are the visible ones")
        for name in rec.get("notebook_solvers", []):
            problems.append(f"{grade_id}: the notebook's own {name} passes as the answer")
        records[grade_id] = rec
    nb.cells = [c for c in nb.cells if "grading_record" not in c.metadata]
    return nb, records, problems


def _hidden(grade_id: str, call: ast.Call, rec: dict) -> str:
    answer = ast.unparse(call.args[0])
    if rec["kind"] == "function":
        return function_test(answer, rec["hidden"], rec["imported_solvers"])
    return value_test(answer, rec["value"], rec.get("number"), choice=rec.get("choice", False))


def _swap_import(nb, stem: str) -> None:
    """The notebook's `from rnnlab.exercises import X as ex` -> `import checks_NN as ex`."""
    for cell in nb.cells:
        if cell.cell_type == "code" and EX_IMPORT.search(cell.source):
            line = f"import {checks_module_name(stem)} as \\2  # self-checks; grades are hidden"
            cell.source = EX_IMPORT.sub(line, cell.source)
            return
    raise editions.EditionError(f"{stem}: no `from rnnlab.exercises import X as ex` line")


def graded_edition(nb, stem: str, records: dict[str, dict], *, solved: bool):
    """The grading source (`solved`) or the student edition (hidden tests left out)."""
    out = editions.instructor_source(nb, stem) if solved else editions.student(nb, stem)
    _swap_import(out, stem)
    for i, grade_id, call in _graded_cells(out):
        cell = out.cells[i]
        visible = [ln for ln in cell.source.splitlines() if not ln.startswith("assert verdict_")]
        rec = records.get(grade_id)
        if rec is None:
            raise editions.EditionError(f"{grade_id}: no record to build its hidden test from")
        hidden = [_hidden(grade_id, call, rec)] if solved else []
        cell.source = "\n".join([*visible, *hidden])
    return out


def checks_module(nb, stem: str, records: dict[str, dict]) -> str:
    """The student edition's `checks_NN.py`: one self-check per checker, replaying stored data."""
    topic = EX_IMPORT.search("\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    used = sorted(set(re.findall(rf"\b{topic.group(2)}\.(\w+)", json.dumps(nb.cells))))
    lines = [
        f'"""Self-checks of {stem} (graded student edition), generated by `make student`: the',
        "worked solution's outputs on fixed cases, replayed; no reference solution. Your grade",
        'comes from hidden tests on other cases."""',
        "",
        "import numpy as np  # noqa: F401  (the stored arrays)",
        "",
        "from selfcheck import check_recorded, check_value",
    ]
    module = importlib.import_module(f"rnnlab.exercises.{topic.group(1)}")
    used = [n for n in used if hasattr(module, n)]
    missing = {n for n in used if n.startswith("check_")} - {r["check"] for r in records.values()}
    if missing:
        raise editions.EditionError(f"{stem}: no record for {sorted(missing)} (not graded?)")
    others = [n for n in used if not n.startswith("check_")]
    if others:
        lines.append(f"from rnnlab.exercises.{topic.group(1)} import {', '.join(others)}")
    seen = set()
    for rec in records.values():
        if rec["check"] in seen:
            continue
        seen.add(rec["check"])
        doc = rec["doc"].replace('"""', "'''").replace("\\", "\\\\")
        lines += ["", "", f"def {rec['check']}(answer, *args, **kwargs):", f'    """{doc}"""']
        if rec["kind"] == "function":
            lines.append(f"    return check_recorded(answer, {rec['visible']})")
        else:
            lines.append(f"    return check_value(answer, {rec['name']!r}, {rec.get('number')})")
    return "\n".join(lines) + "\n"


def build(path: Path, out: Path) -> list[str]:
    """Build every edition of one notebook under `out`; return its problems."""
    stem = path.stem
    nb = nbformat.read(str(path), as_version=4)
    executed, records, problems = run_and_record(
        editions.instructor_source(nb, stem), path.resolve().parent
    )
    if problems:
        return problems
    source_dir, student_dir = out / "grading" / "source" / ASSIGNMENT, out / "student"
    for folder in (out / "instructor", source_dir, student_dir):
        folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(executed, str(out / "instructor" / path.name))
    module = checks_module(nb, stem, records)
    for folder, solved in ((source_dir, True), (student_dir, False)):
        nbformat.write(graded_edition(nb, stem, records, solved=solved), str(folder / path.name))
        (folder / f"{checks_module_name(stem)}.py").write_text(module)
        shutil.copy(TOOLS / "selfcheck.py", folder / "selfcheck.py")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    return editions.build_each(args.notebooks, lambda path: build(path, args.out))


if __name__ == "__main__":
    raise SystemExit(main())
