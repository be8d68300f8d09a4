"""Every notebook follows the template; a notebook that breaks it is caught."""

import copy
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from notebook_template import BOOTSTRAP_SOURCE, check_file, check_notebook  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_template(path):
    assert check_file(path) == []


@pytest.fixture
def good():
    path = NOTEBOOKS[0]
    return json.loads(path.read_text(encoding="utf-8")), path.name


def breaks(nb, name, needle):
    problems = check_notebook(nb, name)
    assert any(needle in p for p in problems), problems


def test_the_reference_notebook_is_clean(good):
    assert check_notebook(*good) == []


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_catches_a_changed_bootstrap(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    nb["cells"][1]["source"] = BOOTSTRAP_SOURCE.replace("rnnlab", "other")
    breaks(nb, name, "bootstrap")


def test_catches_missing_goals_and_title(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    nb["cells"][0]["source"] = "# A notebook without goals\n"
    breaks(nb, name, "2-4 goals")
    breaks(nb, name, "must start with '# 00 · <title>'")


def test_catches_an_error_output(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    code_cells(nb)[-1]["outputs"].append(
        {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []}
    )
    breaks(nb, name, "stores an error output")


def test_catches_unexecuted_and_out_of_order_cells(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    cells = code_cells(nb)
    cells[0]["execution_count"], cells[1]["execution_count"] = 2, 1
    breaks(nb, name, "executed once, top to bottom")
    cells[0]["execution_count"] = None
    breaks(nb, name, "executed once, top to bottom")


def test_catches_an_absolute_path_in_outputs(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    code_cells(nb)[-1]["outputs"].append(
        {"output_type": "stream", "name": "stdout", "text": "saved to /home/alice/x.pt\n"}
    )
    breaks(nb, name, "absolute path")


def test_catches_a_widget_cell_without_ignore_tag(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    for cell in code_cells(nb):
        cell["metadata"].pop("tags", None)
    breaks(nb, name, "nbval-ignore-output")


def test_catches_missing_and_misordered_sections(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    nb["cells"] = [c for c in nb["cells"] if "## Questionnaire" not in "".join(c["source"])]
    breaks(nb, name, "missing section '## Questionnaire")
    lesson = copy.deepcopy(good[0])
    breaks(lesson, "05_lesson.ipynb", "missing section '## The formula")


def test_catches_a_second_seeding_call_and_a_bad_name(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    code_cells(nb)[-1]["source"] += "\nseed_everything(1)"
    breaks(nb, name, "exactly one seed_everything")
    breaks(good[0], "Lesson 1.ipynb", "file name must look like NN_topic.ipynb")


def test_catches_a_large_notebook(good):
    assert any("2 MB" in p for p in check_notebook(good[0], good[1], size_bytes=3_000_000))


def test_catches_a_section_that_does_not_start_a_slide(good):
    nb, name = copy.deepcopy(good[0]), good[1]
    section = next(c for c in nb["cells"] if "".join(c["source"]).startswith("## "))
    section["metadata"].pop("slideshow", None)
    breaks(nb, name, "must start a slide")
    section["metadata"]["slideshow"] = {"slide_type": "fragment"}
    breaks(nb, name, "found 'fragment'")


def test_the_repository_address_has_one_home():
    """REPO comes from pyproject's [project.urls]; no other file in src/ or tools/ spells it."""
    import tomllib

    from notebook_template import REPO

    root = Path(__file__).resolve().parents[1]
    urls = tomllib.loads((root / "pyproject.toml").read_text())["project"]["urls"]
    assert urls["Repository"] == f"https://github.com/{REPO}"
    spelled = [
        p
        for p in [*(root / "src").rglob("*.py"), *(root / "tools").rglob("*.py")]
        if REPO in p.read_text(encoding="utf-8")
    ]
    assert spelled == []


def test_update_bootstrap_changes_only_the_bootstrap_cell():
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("ub", root / "tools" / "update_bootstrap.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    text = NOTEBOOKS[0].read_text(encoding="utf-8")
    assert tool.updated(text) == text  # every notebook is up to date
    nb = json.loads(text)
    nb["cells"][1]["source"] = ["# Bootstrap: an old one\n", "import sys"]
    old = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    new = json.loads(tool.updated(old))
    assert "".join(new["cells"][1]["source"]) == BOOTSTRAP_SOURCE.strip("\n")
    new["cells"][1]["source"], nb["cells"][1]["source"] = [], []
    assert new == nb
