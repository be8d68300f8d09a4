"""The layer contracts of pyproject.toml hold, and a change that breaks one is caught."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = "src/rnnlab folders are layers"


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the package under `src` with the project's contracts."""
    code = (
        "import sys; from importlinter.cli import lint_imports_command;"
        f" sys.path.insert(0, {str(src)!r}); lint_imports_command()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=src,
        timeout=120,
    )


def test_the_package_keeps_every_contract():
    run = lint_imports(ROOT / "src")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("data/text.py", "from rnnlab.models.char_lm import CharLM", LAYERS),
        ("scratch/rnn.py", "import torch", "the numpy reference and the data import no torch"),
        ("plots/lstm.py", "from rnnlab.models import memory", "plots take data, not models"),
        ("training/lm.py", "from rnnlab.analysis import bptt", LAYERS),
        ("env.py", "from rnnlab.claims import claim", LAYERS),
    ],
)
def test_a_broken_contract_fails(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "src" / "rnnlab", tmp_path / "rnnlab")
    target = tmp_path / "rnnlab" / module
    target.write_text(target.read_text() + f"\n{line}  # breaks a contract on purpose\n")
    run = lint_imports(tmp_path)
    assert run.returncode != 0
    assert f"{contract} BROKEN" in run.stdout


def test_every_module_of_the_package_is_in_a_layer():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["id"] == "layers"]
    named = {name.strip() for layer in layers for name in layer.split("|")}
    package = ROOT / "src" / "rnnlab"
    found = {
        f"rnnlab.{p.stem}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.name != "__init__.py") or (p / "__init__.py").is_file()
    }
    assert found - named == set(), "modules in no layer of pyproject.toml"
    assert named - found == set(), "layers naming no module"
