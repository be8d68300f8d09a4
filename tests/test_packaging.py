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
    from notebook_template import RELEASE, REPO

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


def _tracked_text_files():
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in listed:
        path = ROOT / name
        if path.suffix in {".pt", ".gz", ".png", ".whl"} or not path.is_file():
            continue
        try:
            yield name, path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue


def test_no_package_index_host_but_the_cpu_wheel_index():
    """pip's default index needs no naming; the one extra is PyTorch's CPU wheel index."""
    import re

    cpu = "https://download.pytorch.org/whl/cpu"
    for name, text in _tracked_text_files():
        if name == "tests/test_packaging.py":
            continue
        for m in re.finditer(r"(?<![\w-])(?:--)?(?:extra-)?index-url[ =]+(\S+)", text):
            assert m.group(1) == cpu, f"{name}: {m.group(0)}"
        for host in ("pypi.org/simple", "pythonhosted.org", "test.pypi.org"):
            assert host not in text, f"{name} names {host}"


def test_the_torch_free_tests_import_without_torch():
    """tests/torch_free.txt (what CI runs on Python 3.12 and 3.13) lists files that need no
    torch to import, and the data and plots tests are among them."""
    listed = [
        line.strip()
        for line in (ROOT / "tests" / "torch_free.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert listed == sorted(set(listed)) and all((ROOT / n).is_file() for n in listed)
    assert {"tests/test_data_python_source.py", "tests/test_plots_style.py"} <= set(listed)
    code = (
        "import importlib.util, sys\n"
        "sys.modules['torch'] = None  # any import of torch now raises\n"
        f"sys.path.insert(0, {str(ROOT / 'tests')!r})\n"
        "for name in sys.argv[1:]:\n"
        "    spec = importlib.util.spec_from_file_location(name.replace('/', '_'), name)\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
    )
    subprocess.run([sys.executable, "-c", code, *listed], cwd=ROOT, check=True)


def test_the_declared_pythons_are_the_tested_ones():
    from packaging.specifiers import SpecifierSet

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [
        c.rsplit(" ", 1)[1]
        for c in project["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    ]
    assert declared == ["3.11", "3.12", "3.13"]
    spec = SpecifierSet(project["requires-python"])
    assert [v for v in ("3.10", "3.11.0", "3.12.0", "3.13.0", "3.14.0") if v in spec] == [
        "3.11.0",
        "3.12.0",
        "3.13.0",
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "3.12 3.13" in ci and "tests/torch_free.txt" in ci


def test_rnnlab_installs_on_colab_without_upgrading_what_colab_ships():
    """Every version in docs/colab-versions.md's "Colab ships" column is inside rnnlab's core
    ranges (what the bootstrap installs), and the Colab lock holds the table's CI pins."""
    from packaging.requirements import Requirement
    from packaging.specifiers import SpecifierSet

    sys.path.insert(0, str(ROOT / "tools"))
    import colab_lock

    table = (ROOT / "docs" / "colab-versions.md").read_text()
    shipped = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and colab_lock._VERSION.match(cells[1]):
            shipped[colab_lock._name(cells[0])] = cells[1]
    assert shipped["ipywidgets"] == "7.7.1" and "python" in shipped and "torch" in shipped
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert shipped["python"] in SpecifierSet(project["requires-python"])
    for text in project["dependencies"]:
        req = Requirement(text)
        if colab_lock._name(req.name) in shipped:
            version = shipped[colab_lock._name(req.name)]
            assert req.specifier.contains(version, prereleases=True), (text, version)
    pins = colab_lock.colab_pins(table)
    assert pins["ipywidgets"] == "7.7.1" and pins["numpy"].startswith("2.1")
    assert colab_lock.problems((ROOT / "requirements-colab.lock").read_text(), pins) == []


def test_the_readme_routes_without_make_differ_only_where_the_platforms_do():
    sys.path.insert(0, str(ROOT / "tools"))
    from readme_commands import blocks

    found = blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert set(found) == {"linux", "macos", "windows"}
    linux = found["linux"]
    windows = [
        line.replace(".venv\\Scripts\\python", ".venv/bin/python") for line in found["windows"]
    ]
    torch_line = (
        ".venv/bin/python -m pip install torch --index-url https://download.pytorch.org/whl/cpu"
    )
    assert torch_line in linux and windows[1:] == linux[1:]
    assert found["macos"][1:] == [line for line in linux[1:] if line != torch_line]
    assert linux[0] == "python3 -m venv .venv" and windows[0].startswith("py -3.1")
    assert linux[-1] == ".venv/bin/python -m jupyter lab notebooks/00_start_here.ipynb"
    assert '.venv/bin/python -m pip install -e ".[lab]"' in linux


def test_the_stdlib_corpus_ships_as_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "data/python_stdlib.tar.gz" in data["package-data"]["rnnlab"]
