"""check_environment: pass/fail per requirement against the package metadata, with the fix."""

import pytest

from rnnlab import env
from rnnlab.env import check_environment, package_info


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
    assert report.ok, str(report)
    names = [c.name for c in report.checks]
    assert names[0] == "python" and {"numpy", "torch", "ipywidgets", "ipykernel"} <= set(names)
    assert str(report).endswith("all requirements met")


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
    fake_versions(monkeypatch, ipywidgets=ipywidgets, jupyterlab_widgets=frontend)
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
    fake_versions(monkeypatch, numpy="1.21.0", tqdm=None, jupyterlab_widgets=None)
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
