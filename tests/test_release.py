"""tools/release.py: the checks pass on this repository and catch what a release gets wrong."""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def release():
    spec = importlib.util.spec_from_file_location("release", ROOT / "tools" / "release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_this_repository_is_ready_to_release(release, capsys):
    assert release.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert "[project.urls] Repository" in out and "✗" not in out


def test_a_stale_bootstrap_a_wrong_badge_and_two_versions_are_caught(
    release, tmp_path, monkeypatch
):
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "src" / "rnnlab").mkdir(parents=True)
    (tmp_path / "src" / "rnnlab" / "__init__.py").write_text('__version__ = "9.9.9"\n')
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    path = sorted((tmp_path / "notebooks").glob("0[0-9]_*.ipynb"))[1]
    nb = json.loads(path.read_text())
    nb["cells"][1]["source"] = ["# Bootstrap: an old one\n"]
    nb["cells"][0]["source"] = [
        s.replace(path.name, "elsewhere.ipynb") for s in nb["cells"][0]["source"]
    ]
    path.write_text(json.dumps(nb))
    monkeypatch.setattr(release, "ROOT", tmp_path)
    assert any("9.9.9" in p for p in release.check_version())
    assert any(path.name in p and "update_bootstrap" in p for p in release.check_bootstrap())
    assert any(p.startswith(path.name) for p in release.check_badges())
    assert release.main(["--check"]) == 1
