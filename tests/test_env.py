"""check_environment: pass/fail per requirement against the package metadata, with the fix;
a package replaced under the running kernel asks for a restart; Colab needs no restart."""

import sys
import types

import pytest

from rnnlab import env
from rnnlab.env import check_environment
from rnnlab.package import package_info


def fake_versions(monkeypatch, **versions):
    """Pretend that the named distributions have these versions (None: not installed)."""
    real = env._installed

    def installed(name):
        key = name.replace("-", "_").lower()
        return versions[key] if key in versions else real(name)

    monkeypatch.setattr(env, "_installed", installed)


def by_name(report, prefix):
    return next(c for c in report.checks if c.name.startswith(prefix))


def test_this_environment_passes():
    report = check_environment()
    names = [c.name for c in report.checks]
    assert names[0] == "python" and {"numpy", "torch", "ipywidgets", "ipykernel"} <= set(names)
    if env._installed("ipywidgets").startswith("7."):
        # the Colab-like CI environment: right for Colab, not for a JupyterLab 4 front-end
        assert {c.name for c in report.failures} == {
            "ipywidgets",
            "jupyterlab_widgets (for ipywidgets 7)",
        }, str(report)
        return
    assert report.ok, str(report)
    assert str(report).endswith("all requirements met")


def test_on_colab_the_core_requirements_are_all_that_count(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    report = check_environment()
    assert report.ok, str(report)
    names = {c.name for c in report.checks}
    assert "jupyterlab" not in names and "ipykernel" not in names
    assert by_name(report, "ipywidgets").required == ">=7.7"  # Colab's 7.7.1 is enough


def test_minimum_versions_come_from_the_metadata():
    info = package_info()
    assert info.repository == "rnnlab/rnnlab" and info.version
    report = check_environment()
    assert by_name(report, "numpy").required == next(
        r.removeprefix("numpy") for r in info.requires if r.startswith("numpy")
    )


@pytest.mark.parametrize(
    ("ipywidgets", "frontend", "needed"),
    [("8.1.5", "1.1.7", ">=3,<4"), ("7.7.1", "3.0.13", ">=1,<2")],
)
def test_a_mismatched_widget_frontend_fails_with_the_fix(monkeypatch, ipywidgets, frontend, needed):
    fake_versions(
        monkeypatch, ipywidgets=ipywidgets, jupyterlab_widgets=frontend, jupyterlab="3.6.8"
    )
    report = check_environment()
    check = by_name(report, "jupyterlab_widgets")
    assert not check.ok and not report.ok
    assert check.found == frontend and check.required == needed
    assert 'pip install "jupyterlab_widgets' in check.fix and "restart JupyterLab" in check.fix
    text = str(report)
    assert f"✗ jupyterlab_widgets (for ipywidgets {ipywidgets[0]})" in text
    assert "fix: pip install" in text and text.endswith("to fix")


def test_a_matching_frontend_passes(monkeypatch):
    fake_versions(monkeypatch, ipywidgets="8.1.9", jupyterlab_widgets="3.0.17")
    assert by_name(check_environment(), "jupyterlab_widgets").ok


def test_old_and_missing_packages_fail_with_a_pip_command(monkeypatch):
    fake_versions(
        monkeypatch, numpy="1.21.0", tqdm=None, jupyterlab_widgets=None, ipywidgets="8.1.9"
    )
    fake_loaded(monkeypatch, "ipywidgets", "8.1.9")  # as installed: no restart asked for
    report = check_environment()
    numpy, tqdm = by_name(report, "numpy"), by_name(report, "tqdm")
    assert not numpy.ok and numpy.found == "1.21.0" and 'pip install -U "numpy>=1.24"' in numpy.fix
    assert not tqdm.ok and tqdm.found == "missing"
    assert by_name(report, "jupyterlab_widgets").found == "missing"
    assert len(report.failures) == 3


def test_on_colab_the_frontend_is_colabs(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "google.colab", object())
    fake_versions(monkeypatch, jupyterlab_widgets=None)
    assert by_name(check_environment(), "jupyterlab_widgets").ok


def test_ipywidgets_7_under_jupyterlab_4_asks_for_ipywidgets_8(monkeypatch):
    fake_versions(monkeypatch, ipywidgets="7.7.1", jupyterlab_widgets="3.0.17", jupyterlab="4.6.6")
    report = check_environment()
    check = by_name(report, "jupyterlab_widgets")
    assert check.name == "jupyterlab_widgets (for ipywidgets 7)" and not check.ok
    assert 'pip install -U "ipywidgets>=8"' in check.fix and "restart the kernel" in check.fix
    assert not by_name(report, "ipywidgets").ok  # the lab extra asks for 8


def fake_loaded(monkeypatch, name, version):
    """Pretend this process imported module `name` at `version`."""
    module = types.ModuleType(name)
    module.__version__ = version
    monkeypatch.setitem(sys.modules, name, module)


def test_a_package_upgraded_under_the_kernel_says_restart(monkeypatch):
    fake_versions(monkeypatch, ipywidgets="8.1.9", jupyterlab_widgets="3.0.17")  # either stack
    fake_loaded(monkeypatch, "ipywidgets", "8.1.9")
    installed = env._installed("tqdm")
    fake_loaded(monkeypatch, "tqdm", "4.60.0")  # the kernel imported 4.60, pip has since put 4.7x
    assert env.stale_modules() == {"tqdm": ("4.60.0", installed)}
    report = check_environment()
    tqdm = by_name(report, "tqdm")
    assert not tqdm.ok and tqdm.found == f"{installed} (loaded 4.60.0)"
    assert "restart the kernel" in tqdm.fix
    assert report.failures == (tqdm,)
    assert "restart the kernel" in str(report)


def test_loaded_and_installed_alike_is_not_stale(monkeypatch):
    fake_loaded(monkeypatch, "tqdm", env._installed("tqdm"))
    assert env.stale_modules() == {}
    assert env.stale_modules(("not-a-package",)) == {}


def fake_colab(monkeypatch):
    calls = []
    fake = types.ModuleType("google.colab")
    fake.output = types.SimpleNamespace(enable_custom_widget_manager=lambda: calls.append("wm"))
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", fake)
    return calls


def test_colab_ready_stops_in_one_line_when_a_loaded_package_was_upgraded(monkeypatch):
    fake_colab(monkeypatch)
    fake_loaded(monkeypatch, "numpy", "1.26.4")  # Colab's kernel had loaded another numpy
    with pytest.raises(env.RestartRequiredError) as info:
        env.colab_ready()
    lines = info.value._render_traceback_()
    assert len(lines) == 1 and "\n" not in lines[0]
    assert f"numpy 1.26.4 -> {env._installed('numpy')}" in lines[0]
    assert "Restart session" in lines[0]


@pytest.mark.parametrize(("version", "enabled"), [("7.7.1", []), ("8.1.9", ["wm"])])
def test_colab_ready_enables_the_custom_widget_manager_for_ipywidgets_8_only(
    monkeypatch, version, enabled
):
    calls = fake_colab(monkeypatch)
    monkeypatch.setattr(env, "stale_modules", lambda names=None: {})
    fake_loaded(monkeypatch, "ipywidgets", version)
    env.colab_ready()
    assert calls == enabled
