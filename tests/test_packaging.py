"""The set-up files agree with each other, and importing rnnlab has no side effects."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_binder_environment_is_the_root_one_without_the_package():
    root = (ROOT / "environment.yml").read_text().splitlines()
    binder = (ROOT / "binder" / "environment.yml").read_text().splitlines()
    strip = [line for line in root if not line.startswith("#")]
    assert strip[-2:] == ["  - pip:", "      - -e ."]
    assert [line for line in binder if not line.startswith("#")] == strip[:-2]


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
