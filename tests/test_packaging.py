"""The set-up files agree with each other, and importing rnnlab has no side effects."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_binder_builds_from_the_lock():
    """binder/requirements.txt holds exactly the pins of requirements.lock (`make lock`)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from binder_requirements import pins

    lock = pins((ROOT / "requirements.lock").read_text())
    binder = pins((ROOT / "binder" / "requirements.txt").read_text())
    assert binder == lock and len(lock) > 50
    assert not (ROOT / "binder" / "environment.yml").exists()  # it would win over requirements
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_the_lock_pins_every_requirement_of_the_notebooks():
    """Every dependency and test/lab extra of pyproject.toml has its pin in the lock, inside
    the range pyproject.toml states; torch is the CI machine's CPU build."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import Version

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    locked = {
        canonicalize_name(line.split("==")[0]): Version(line.split("==")[1].split()[0])
        for line in lines
        if "==" in line.split("#")[0]
    }
    extras = project["optional-dependencies"]
    for text in project["dependencies"] + extras["test"] + extras["lab"]:
        req = Requirement(text)
        assert req.specifier.contains(locked[canonicalize_name(req.name)]), text
    assert str(locked["torch"]).startswith("2.13.0")


def test_torch_is_a_range_that_the_ci_pin_satisfies():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "torch>=2.2" in deps
    assert "torch==2.13.0" in (ROOT / ".ci" / "run").read_text()


def test_import_has_no_side_effects():
    code = (
        "import sys, rnnlab, rnnlab.scratch, rnnlab.repro, rnnlab.widgets.start;"
        "import matplotlib.pyplot as plt;"
        "assert plt.get_fignums() == [];"
        "import numpy as np; assert np.get_printoptions()['precision'] == 8"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_corpus_ships_as_package_data():
    """tiny-shakespeare is in the package data, so a wheel or sdist carries it."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "data/tinyshakespeare.txt" in data["package-data"]["rnnlab"]
    assert (ROOT / "src" / "rnnlab" / "data" / "tinyshakespeare.txt").stat().st_size == 1_115_394


def test_the_book_config_orders_the_lecture_and_launches_this_release():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_book

    from rnnlab.notebook_template import RELEASE, REPO

    paths = build_book.notebooks()
    lines = build_book.toc(paths).splitlines()
    assert lines[1] == f"root: {paths[0].stem}" and paths[0].stem == "00_start_here"
    assert lines[3:] == [f"  - file: {p.stem}" for p in paths[1:]]
    assert [p.stem[:2] for p in paths] == [f"{i:02d}" for i in range(len(paths))]
    config = build_book.config(mathjax=True)
    assert f'branch: "{RELEASE}"' in config and f"github.com/{REPO}" in config
    assert 'execute_notebooks: "off"' in config and "_mathjax/es5" in config
    text = (ROOT / "notebooks" / "01_sequences.ipynb").read_text()
    staged = build_book._at_release(text)
    assert "/blob/main/" not in staged and "colab-badge.svg" not in staged
