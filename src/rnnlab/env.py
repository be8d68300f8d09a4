"""What the notebooks run on: versions, device and threads, and a check of the requirements.

:func:`print_environment` prints the versions; :func:`check_environment` (notebook 00) checks them
against the minimum versions that rnnlab's package metadata states, including the JupyterLab
widget front-end that must match the kernel's ipywidgets, and says what to run for each failure.
:func:`package_info` is the one place the repository address and the version are read from.
"""

from __future__ import annotations

import os
import platform
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

__all__ = [
    "Check",
    "EnvironmentReport",
    "PackageInfo",
    "WIDGET_FRONTEND",
    "check_environment",
    "environment_report",
    "package_info",
    "print_environment",
]

# ipywidgets major version -> the jupyterlab_widgets (JupyterLab front-end) range it talks to
WIDGET_FRONTEND = {7: ">=1,<2", 8: ">=3,<4"}
# the extras whose requirements the notebooks need besides the core ones
_NOTEBOOK_EXTRAS = ("lab",)
_REPO_PREFIX = "https://github.com/"


@dataclass(frozen=True)
class PackageInfo:
    """rnnlab's version, its repository ('owner/name' on GitHub) and its requirement strings."""

    version: str
    repository: str
    requires_python: str
    requires: tuple[str, ...]


def _from_pyproject(path: Path) -> PackageInfo:
    project = tomllib.loads(path.read_text(encoding="utf-8"))["project"]
    requires = list(project["dependencies"])
    for extra, reqs in project.get("optional-dependencies", {}).items():
        requires += [f'{r}; extra == "{extra}"' for r in reqs]
    url = project.get("urls", {}).get("Repository", "")
    return PackageInfo(project["version"], url, project["requires-python"], tuple(requires))


def _from_metadata() -> PackageInfo:
    meta = metadata.metadata("rnnlab")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    return PackageInfo(
        meta["Version"],
        urls.get("Repository", ""),
        meta.get("Requires-Python", ""),
        tuple(meta.get_all("Requires-Dist") or []),
    )


def package_info() -> PackageInfo:
    """rnnlab's metadata: from pyproject.toml in a checkout, else from the installed package.

    In a checkout (``src/rnnlab`` beside ``pyproject.toml``) the file is read directly, so that a
    changed address or version counts before the package is reinstalled.
    """
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if pyproject.is_file() and 'name = "rnnlab"' in pyproject.read_text(encoding="utf-8"):
        info = _from_pyproject(pyproject)
    else:
        info = _from_metadata()
    repo = info.repository.removeprefix(_REPO_PREFIX).strip("/")
    return PackageInfo(info.version, repo, info.requires_python, info.requires)


@dataclass(frozen=True)
class Check:
    """One requirement: what is needed, what was found, whether it passes, and the fix."""

    name: str
    required: str
    found: str
    ok: bool
    fix: str = ""


@dataclass(frozen=True)
class EnvironmentReport:
    """The checks of :func:`check_environment`; printing it (or showing it in a notebook) gives
    one ✓/✗ line per requirement and, under each failure, the command that fixes it."""

    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when every requirement passes."""
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """The checks that fail."""
        return tuple(c for c in self.checks if not c.ok)

    def __str__(self) -> str:
        width = max(len(c.name) for c in self.checks)
        lines = []
        for c in self.checks:
            mark = "✓" if c.ok else "✗"
            lines.append(f"{mark} {c.name:<{width}}  {c.found:<12} (needs {c.required})")
            if not c.ok:
                lines.append(f"    fix: {c.fix}")
        verdict = "all requirements met" if self.ok else f"{len(self.failures)} to fix"
        return "\n".join([*lines, verdict])

    def __repr__(self) -> str:
        return str(self)


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _check_version(name: str, spec: SpecifierSet, found: str | None, fix: str) -> Check:
    try:
        ok = found is not None and spec.contains(Version(found), prereleases=True)
    except InvalidVersion:
        ok = False
    return Check(name, str(spec), found or "missing", ok, "" if ok else fix)


def _requirement_checks(info: PackageInfo) -> list[Check]:
    checks = []
    for text in info.requires:
        req = Requirement(text)
        extras = [e for e in _NOTEBOOK_EXTRAS if req.marker and req.marker.evaluate({"extra": e})]
        if req.marker is not None and not extras:
            continue
        pin = f"{req.name}{req.specifier}"
        fix = f'pip install -U "{pin}" (in a notebook: %pip install -U "{pin}"), restart the kernel'
        checks.append(_check_version(req.name, req.specifier, _installed(req.name), fix))
    return checks


def _frontend_check() -> Check:
    """jupyterlab_widgets (the JupyterLab side of the widgets) against the kernel's ipywidgets."""
    name = "jupyterlab_widgets"
    if "google.colab" in sys.modules:
        return Check(name, "Colab's widget manager", "Colab", True)
    ipywidgets = _installed("ipywidgets")
    try:
        major = Version(ipywidgets).major if ipywidgets else None
    except InvalidVersion:
        major = None
    if major not in WIDGET_FRONTEND:
        return Check(name, "ipywidgets 7 or 8", _installed(name) or "missing", False,
                     'pip install -U "ipywidgets>=8" "jupyterlab_widgets>=3,<4"')  # fmt: skip
    spec = SpecifierSet(WIDGET_FRONTEND[major])
    fix = (
        f'pip install "jupyterlab_widgets{spec}" in the environment that runs JupyterLab, '
        f"then restart JupyterLab and reload the page (ipywidgets here is {ipywidgets})"
    )
    check = _check_version(name, spec, _installed(name), fix)
    label = f"{name} (for ipywidgets {major})"
    return Check(label, WIDGET_FRONTEND[major], check.found, check.ok, check.fix)


def check_environment() -> EnvironmentReport:
    """Check Python, the packages rnnlab needs and the widget front-end; shows ✓/✗ per line.

    The minimum versions come from rnnlab's own metadata (the ranges in pyproject.toml), so
    this check never disagrees with what ``pip install`` asks for. A failed line carries the
    command to run. ``check_environment().ok`` is True when everything passes.
    """
    info = package_info()
    python = platform.python_version()
    py_spec = SpecifierSet(info.requires_python)
    checks = [
        _check_version(
            "python", py_spec, python, f"install Python {py_spec} and create the environment anew"
        )
    ]
    checks += _requirement_checks(info)
    checks.append(_frontend_check())
    return EnvironmentReport(tuple(checks))


def environment_report() -> dict[str, str]:
    """Versions of Python and the stack, the compute device, and the thread counts."""
    import ipywidgets
    import matplotlib
    import numpy
    import torch

    import rnnlab

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none (CPU only)"
    return {
        "python": sys.version.split()[0],
        "platform": f"{platform.system()} {platform.machine()}",
        "rnnlab": rnnlab.__version__,
        "numpy": numpy.__version__,
        "torch": torch.__version__,
        "matplotlib": matplotlib.__version__,
        "ipywidgets": ipywidgets.__version__,
        "cpu cores": str(os.cpu_count()),
        "torch threads": str(torch.get_num_threads()),
        "gpu": gpu,
    }


def print_environment() -> None:
    """Print :func:`environment_report` as aligned lines."""
    report = environment_report()
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
