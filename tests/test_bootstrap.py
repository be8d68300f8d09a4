"""The bootstrap cell (rnnlab.env.bootstrap_source), run as IPython would run it, with a fake
Colab: it installs this release with pip and keeps Colab's packages, stops with pip's message
when the install fails, prints nothing where rnnlab imports and says how to install it where not.
"""

import builtins
import subprocess
import sys
import types

import pytest

from rnnlab import env
from rnnlab.env import bootstrap_source
from rnnlab.package import package_info


def run_cell(monkeypatch, *, colab: bool, pip_returncode: int = 0, rnnlab_missing: bool = False):
    """Run the bootstrap with subprocess.run faked; return the commands it ran and the calls
    that rnnlab.env.colab_ready would make."""
    from IPython.core.inputtransformer2 import TransformerManager

    commands, ready = [], []

    def fake_run(args, **kwargs):
        commands.append(args)
        return subprocess.CompletedProcess(args, pip_returncode, "", "ERROR: no such tag v0.1.0\n")

    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setattr(env, "colab_ready", lambda: ready.append("ready"))
    if colab:
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    if rnnlab_missing:
        real_import = builtins.__import__

        def no_rnnlab(name, *args, **kwargs):
            if name == "rnnlab":
                raise ModuleNotFoundError("No module named 'rnnlab'")
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_rnnlab)
    code = TransformerManager().transform_cell(bootstrap_source())
    exec(compile(code, "bootstrap", "exec"), {})
    return commands, ready


def test_on_colab_pip_installs_this_release_without_upgrading_and_then_checks(monkeypatch):
    info = package_info()
    commands, ready = run_cell(monkeypatch, colab=True)
    spec = f"rnnlab @ git+https://github.com/{info.repository}@v{info.version}"
    assert commands == [[sys.executable, "-m", "pip", "install", "-q", spec]]  # no -U: keeps
    assert ready == ["ready"]
    assert "@main" not in bootstrap_source() and "/main" not in bootstrap_source()


def test_on_colab_a_failed_install_stops_the_cell_with_pips_message(monkeypatch):
    with pytest.raises(RuntimeError, match="(?s)pip could not install rnnlab @ .*no such tag"):
        run_cell(monkeypatch, colab=True, pip_returncode=1)


def test_elsewhere_it_prints_nothing_or_says_how_to_install(monkeypatch, capsys):
    assert run_cell(monkeypatch, colab=False) == ([], [])
    assert capsys.readouterr().out == ""  # the stored output of every notebook stays empty
    run_cell(monkeypatch, colab=False, rnnlab_missing=True)
    out = capsys.readouterr().out
    assert "not installed" in out and "make lab" in out
    assert "Without make" in out and 'python -m pip install -e ".[lab]"' in out


def test_the_address_and_release_are_parameters():
    text = bootstrap_source("someone/fork", "v9.9.9")
    assert "git+https://github.com/someone/fork@v9.9.9" in text and "(v9.9.9)" in text
    assert text.startswith("# Bootstrap")


def _update_tool():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("ub", root / "tools" / "update_bootstrap.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool, sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_update_bootstrap_writes_this_cell_and_no_output_changes(monkeypatch):
    """The rewrite changes the bootstrap's source only; every notebook stores no output for it,
    and outside Colab the cell prints nothing, so no notebook needs executing again."""
    import json

    tool, notebooks = _update_tool()
    monkeypatch.setattr(tool, "BOOTSTRAP_SOURCE", bootstrap_source())
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        old, new = json.loads(text), json.loads(tool.updated(text))
        assert "".join(new["cells"][1]["source"]) == bootstrap_source().strip("\n")
        assert old["cells"][1]["outputs"] == [] == new["cells"][1]["outputs"], path.name
        new["cells"][1]["source"] = old["cells"][1]["source"]
        assert new == old


def test_update_bootstrap_refuses_while_the_template_has_another_cell(monkeypatch, capsys):
    tool, _ = _update_tool()
    monkeypatch.setattr(tool, "BOOTSTRAP_SOURCE", "# Bootstrap: another one\n")
    assert tool.main(["--check"]) == 2
    assert "env.bootstrap_source" in capsys.readouterr().err
