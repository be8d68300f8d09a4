"""The instructor and student editions (tools/editions.py), and no solution in rnnlab.exercises."""

import importlib
import importlib.util
import inspect
import json
import pkgutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import rnnlab.exercises

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_spec = importlib.util.spec_from_file_location("editions", ROOT / "tools" / "editions.py")
editions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(editions)

EXERCISE = '''def double(x):
    """Twice x: (T,) -> (T,)."""
    # YOUR CODE HERE
    raise NotImplementedError'''
SOLUTION = '''<details><summary>Show solution</summary>

```python
def double(x):
    """Twice x: (T,) -> (T,)."""
    return x + x  # SECRET-CODE
```

Adding x to itself is SECRET-EXPLANATION.
</details>'''


def tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def fixture_notebook():
    """A small notebook that follows the convention: a code and a numeric exercise, answers."""
    checker = """import numpy as np

from rnnlab.exercises._harness import check_function
from rnnlab.exercises.start import check_half_life


def check_double(fn):
    return check_function("Exercise 1 (double)", fn, reference=lambda x: 2 * x,
                          cases=[(np.arange(3.0),), (np.ones(2),)], hint="twice")"""
    return new_notebook(
        cells=[
            new_markdown_cell("# 99 · Fixture"),
            new_code_cell(checker),
            new_markdown_cell("**Exercise 1.** Write `double`."),
            tagged(new_code_cell(EXERCISE), "exercise"),
            new_code_cell("check_double(double)"),
            tagged(new_markdown_cell(SOLUTION), "solution"),
            new_markdown_cell("**Exercise 2.** The half-life of 0.9^t."),
            tagged(new_code_cell("check_half_life(...)"), "exercise"),
            tagged(
                new_markdown_cell(
                    "<details><summary>Show solution</summary>\n\n```python\n"
                    "check_half_life(7)  # SECRET-NUMBER\n```\n</details>"
                ),
                "solution",
            ),  # fmt: skip
            new_markdown_cell("## Questionnaire\n\n1. Why?"),
            tagged(
                new_markdown_cell(
                    "<details><summary>Answers</summary>\n\n1. SECRET-ANSWER\n</details>"
                ),
                "solution",
            ),  # fmt: skip
        ],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },  # fmt: skip
    )


def test_the_student_edition_holds_no_solution_text():
    nb = editions.student(fixture_notebook(), "99_fixture")
    text = json.dumps(nb)
    assert "SECRET" not in text and "BEGIN SOLUTION" not in text
    assert not [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    exercise, number = (c for c in nb.cells if "exercise" in c.metadata.get("tags", []))
    assert exercise.source == EXERCISE  # the student still gets the stub
    assert number.source == "answer_2 = ...  # your answer"
    assert exercise.metadata["nbgrader"] == {"grade": False, "grade_id": "99_fixture-ex1",
                                             "locked": False, "schema_version": 3,
                                             "solution": True}  # fmt: skip
    check = next(c for c in nb.cells if c.source.startswith("verdict_1 = check_double"))
    assert check.metadata["nbgrader"]["grade"] and check.metadata["nbgrader"]["points"] == 1
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_solutions_sit_between_nbgrader_markers_and_the_stub_survives():
    nb = editions.instructor_source(fixture_notebook(), "99_fixture")
    solved = nb.cells[3].source
    assert solved.splitlines() == [
        "def double(x):", '    """Twice x: (T,) -> (T,)."""', "    ### BEGIN SOLUTION",
        "    return x + x  # SECRET-CODE", "    ### END SOLUTION",
    ]  # fmt: skip
    assert nb.cells[7].source == "### BEGIN SOLUTION\nanswer_2 = 7\n### END SOLUTION"
    assert nb.cells[8].source.startswith("verdict_2 = check_half_life(answer_2)\nprint(verdict_2)")
    assert nb.cells[8].metadata["nbgrader"]["grade_id"] == "99_fixture-ex2-check1"
    assert "<details open>" in nb.cells[11].source


def test_markers_never_leave_a_stub_that_is_not_python():
    exercise = "answer = {\n    'a': ...,\n}\ncheck(answer)"
    solution = "answer = {\n    'a': 1,\n}\ncheck(answer)"
    assert editions.with_markers(exercise, solution).splitlines() == [
        "### BEGIN SOLUTION", "answer = {", "    'a': 1,", "}", "### END SOLUTION", "check(answer)",
    ]  # fmt: skip


def test_an_answer_cell_that_ends_in_its_check_is_split_in_two():
    exercise = "answer = {\n    'a': ...,\n}\nex.check_map(answer)"
    solution = "answer = {\n    'a': 1,\n}\nex.check_map(answer)"
    solved, blank, check = editions.split_trailing_check(exercise, solution)
    assert solved == "### BEGIN SOLUTION\nanswer = {\n    'a': 1,\n}\n### END SOLUTION"
    assert blank == "answer = {\n    'a': ...,\n}" and check == "ex.check_map(answer)"


def test_the_instructor_edition_executes_with_every_check_correct(tmp_path):
    path = tmp_path / "99_fixture.ipynb"
    nbformat.write(fixture_notebook(), str(path))
    seconds, problems = editions.build_instructor(path, tmp_path / "instructor")
    assert problems == []
    built = nbformat.read(str(tmp_path / "instructor" / path.name), as_version=4)
    verdicts = [editions._text(c).strip() for c in built.cells if editions.is_check(c)]
    assert verdicts == [
        "Exercise 1 (double): correct.",
        "Exercise 2 (half-life of 0.9^t): correct.",
    ]


def test_a_wrong_or_missing_answer_is_reported():
    nb = fixture_notebook()
    text = "Exercise 1 (double): not yet. Hint: twice"
    nb.cells[4].outputs = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": text}}]  # fmt: skip
    problems = editions.check_outputs(nb)
    assert len(problems) == 2 and "not yet" in problems[0] and "no output" in problems[1]


def test_a_broken_convention_is_named():
    nb = fixture_notebook()
    nb.cells[5].metadata["tags"] = []  # the solution of exercise 1 is no longer tagged
    with pytest.raises(editions.EditionError, match="exercise cell 3 has no solution cell"):
        editions.exercises(nb)
    nb = fixture_notebook()
    nb.cells[5].source = "<details>only words</details>"
    with pytest.raises(editions.EditionError, match="has no ```python block"):
        editions.exercises(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_a_student_edition_without_its_solutions(path):
    nb = nbformat.read(str(path), as_version=4)
    secrets = [c.source for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    text = json.dumps(editions.student(nb, path.stem))
    assert "BEGIN SOLUTION" not in text
    assert not any(json.dumps(s)[1:-1] in text for s in secrets)


def exercise_modules():
    prefix = rnnlab.exercises.__name__ + "."
    return [m.name for m in pkgutil.iter_modules(rnnlab.exercises.__path__, prefix)
            if not m.name.rsplit(".", 1)[1].startswith("_")]  # fmt: skip


ALLOWED_FOREIGN = ("typing", "collections.abc", "__future__", "numbers")


@pytest.mark.parametrize("name", exercise_modules())
def test_tab_completion_offers_no_solution(name):
    module = importlib.import_module(name)
    for attr in (a for a in dir(module) if not a.startswith("_")):
        value = getattr(module, attr)
        assert not attr.lower().startswith("solution"), f"{name}.{attr}"
        if callable(value) and not inspect.ismodule(value):
            owner = getattr(value, "__module__", "") or ""
            assert owner.startswith("rnnlab.exercises") or owner in ALLOWED_FOREIGN, (
                f"{name}.{attr} comes from {owner}: import references inside the check function"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_instructor_solution_leaves_an_nbgrader_stub_that_is_python(path):
    nb = editions.instructor_source(nbformat.read(str(path), as_version=4), path.stem)
    for cell in nb.cells:
        if "exercise" in cell.metadata.get("tags", []):
            lines, out, inside = cell.source.splitlines(), [], False
            for line in lines:  # what nbgrader generate_assignment does to a solution region
                if line.strip() == editions.BEGIN:
                    pad = line[: len(line) - len(line.lstrip())]
                    out += [pad + "# YOUR CODE HERE", pad + "raise NotImplementedError()"]
                    inside = True
                elif line.strip() == editions.END:
                    inside = False
                elif not inside:
                    out.append(line)
            compile("\n".join(out), path.name, "exec")
