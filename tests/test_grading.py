"""The graded edition (tools/grading.py) on a small notebook: values recorded from the worked
solution, hidden tests that need no reference, self-checks that replay, imports that do not pass.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import grading  # noqa: E402
from grading_record import literal  # noqa: E402
from test_grading_build import reachable_sources  # noqa: E402

from rnnlab.scratch.rnn import rnn_step  # noqa: E402  (the fixture's import that would pass)

EXERCISE = '''def my_rnn_step(params, x_t, h_prev):
    """h_t for a batch: (B, D), (B, H) -> (B, H)."""
    # YOUR CODE HERE
    raise NotImplementedError'''
BODY = 'return np.tanh(h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T + params["b_h"])'
SOLVED = EXERCISE.replace("# YOUR CODE HERE\n    raise NotImplementedError", BODY)


def tagged(cell, tag):
    cell.metadata["tags"] = [tag]
    return cell


def fixture_notebook():
    def solution(code):
        return tagged(
            new_markdown_cell(f"<details>\n\n```python\n{code}\n```\n</details>"), "solution"
        )

    setup = (
        "import numpy as np\n\nfrom rnnlab.exercises import rnn_formula as ex\n"
        "from rnnlab.scratch.rnn import rnn_step"
    )
    return new_notebook(
        cells=[
            new_markdown_cell("# 98 · Fixture"),
            new_code_cell(setup),
            tagged(new_code_cell(EXERCISE), "exercise"),
            new_code_cell("ex.check_rnn_step(my_rnn_step)"),
            solution(SOLVED),
            tagged(new_code_cell("ex.check_whh_uses(...)"), "exercise"),
            solution("ex.check_whh_uses(6)"),
            tagged(new_code_cell("prediction = ..."), "exercise"),
            new_code_cell("ex.check_saturation_prediction(prediction)"),
            solution('prediction = "b"'),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    path = out / "98_fixture.ipynb"
    nbformat.write(fixture_notebook(), str(path))
    assert grading.build(path, out) == []
    return out


def cells(build, edition):
    folder = {"student": build / "student", "source": build / "grading" / "source" / "rnnlab"}
    return nbformat.read(str(folder[edition] / "98_fixture.ipynb"), as_version=4).cells


def hidden(build, k):
    source = next(c.source for c in cells(build, "source") if c.source.startswith(f"verdict_{k}"))
    return source.split("### BEGIN HIDDEN TESTS", 1)[1]


def passes(test, **names):
    try:
        exec(test, dict(names))
    except Exception:
        return False
    return True


def test_literals_rebuild_values_exactly():
    value = {"a": np.arange(6.0).reshape(2, 3) / 7, "b": (1, 2.5, None), "c": [np.int64(3), "x"]}
    back = eval(literal(value), {"np": np})
    assert np.array_equal(back["a"], value["a"]) and back["a"].dtype == np.float64
    assert back["b"] == value["b"] and back["c"] == [3, "x"] and isinstance(back["c"][0], np.int64)
    assert eval(literal((0.1,)), {"np": np}) == (0.1,)


def test_the_student_edition_has_no_solution_and_no_hidden_test(build):
    text = "\n".join(c.source for c in cells(build, "student"))
    assert "np.tanh" not in text and "HIDDEN" not in text and "answer_2 = ..." in text
    assert "import checks_98_fixture as ex" in text and "rnnlab.exercises" not in text
    source = "\n".join(c.source for c in cells(build, "source"))
    assert source.count("### BEGIN HIDDEN TESTS") == 3 and "assert verdict_" not in source
    executed = nbformat.read(str(build / "instructor" / "98_fixture.ipynb"), as_version=4)
    assert "grading_record" not in str(executed)


def my_rnn_step(params, x_t, h_prev):  # a correct answer written differently
    pre = np.einsum("hd,bd->bh", params["W_xh"], x_t) + np.einsum(
        "hk,bk->bh", params["W_hh"], h_prev
    )
    return np.tanh(pre + params["b_h"][None, :])


def test_the_hidden_test_grades_values_not_code(build):
    test = hidden(build, 1)
    assert "def reference" not in test and "np.tanh" not in test
    assert passes(test, my_rnn_step=my_rnn_step)

    def no_bias(params, x_t, h_prev):
        return np.tanh(h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T)

    def float32(params, x_t, h_prev):
        return my_rnn_step(params, x_t, h_prev).astype(np.float32)

    def stub(params, x_t, h_prev):
        raise NotImplementedError

    assert not any(passes(test, my_rnn_step=f) for f in (no_bias, float32, stub, None))


def test_the_notebooks_import_cannot_be_handed_in(build):
    test = hidden(build, 1)
    alias = rnn_step

    def wrapped(params, x_t, h_prev):
        return alias(params, x_t, h_prev)

    assert not passes(test, my_rnn_step=rnn_step)
    assert not passes(test, my_rnn_step=wrapped)
    assert not passes(test, my_rnn_step=lambda *a: rnn_step(*a), rnn_step=rnn_step)


def test_a_value_is_graded_by_its_recorded_value(build):
    test = hidden(build, 2)
    assert passes(test, answer_2=6) and passes(test, answer_2=np.int64(6))
    assert not any(passes(test, answer_2=v) for v in (5, 6.5, "6", True, ..., None))


def test_a_prediction_is_graded_as_check_choice_reads_it(build):
    test = hidden(build, 3)
    for letter in ("b", "B", "(b)", " b "):
        assert passes(test, prediction=letter), letter
    assert not any(passes(test, prediction=v) for v in ("a", "c", "bb", 2, None, ...))


def load_checks(build):
    sys.path.insert(0, str(build / "student"))
    try:
        path = build / "student" / "checks_98_fixture.py"
        spec = importlib.util.spec_from_file_location("checks_98_fixture", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(build / "student"))
    return module


def test_self_checks_replay_verdicts_and_hints_without_a_reference(build):
    ex = load_checks(build)
    assert repr(ex.check_rnn_step(my_rnn_step)).endswith(": correct.")

    def no_bias(params, x_t, h_prev):
        return np.tanh(h_prev @ params["W_hh"].T + x_t @ params["W_xh"].T)

    assert "add the bias b_h" in repr(ex.check_rnn_step(no_bias))
    assert "not answered yet" in repr(ex.check_rnn_step(None))
    assert "step 1 multiplies W_hh" in repr(ex.check_whh_uses(5))
    assert "answered" in repr(ex.check_whh_uses(6)) and "correct" not in repr(ex.check_whh_uses(6))
    # a prediction's self-check neither says "correct" nor quotes the explanation
    for letter in "abc":
        text = repr(ex.check_saturation_prediction(letter))
        assert text.startswith("Prediction (the step |h_t - h_t-1| at W_hh × 4): answered;"), text
        assert "correct" not in text and "%" not in text
    for name, source in reachable_sources(ex).items():
        assert not re.search(r"def reference\b", source), name
        assert BODY not in source and "np.tanh" not in source, name
