"""What the notebooks run on: versions, device and threads, and a check of the requirements.

:func:`print_environment` prints the versions; :func:`check_environment` (notebook 00) checks them
against the minimum versions that rnnlab's package metadata states, including the JupyterLab
widget front-end that must match the kernel's ipywidgets, and against the versions this kernel
has loaded (a package upgraded under a running kernel needs a restart), and says what to run for
each failure. :func:`bootstrap_source` is the first code cell of every notebook, and
:func:`colab_ready` what it runs on Colab after installing rnnlab; both read the repository and
the version from :func:`rnnlab.package.package_info`.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from rnnlab.package import PackageInfo, package_info

__all__ = [
    "Check",
    "EnvironmentReport",
    "RestartRequiredError",
    "WIDGET_FRONTEND",
    "bootstrap_source",
    "check_environment",
    "colab_ready",
    "environment_report",
    "on_colab",
    "print_environment",
    "stale_modules",
]

# ipywidgets major version -> the jupyterlab_widgets (JupyterLab front-end) range it talks to
WIDGET_FRONTEND = {7: ">=1,<2", 8: ">=3,<4"}
# the extras whose requirements the notebooks need besides the core ones (not on Colab, which
# brings its own front-end: there rnnlab's core requirements are all it needs)
_NOTEBOOK_EXTRAS = ("lab",)
RESTART = "restart the kernel (Colab: Runtime > Restart session), then run the notebook again"


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


def on_colab() -> bool:
    """True in a Google Colab kernel."""
    return "google.colab" in sys.modules


def _requirements(info: PackageInfo, extras: tuple[str, ...]) -> dict[str, SpecifierSet]:
    """name -> the specifiers of the core requirements and of `extras`, joined per package."""
    needed: dict[str, SpecifierSet] = {}
    for text in info.requires:
        req = Requirement(text)
        wanted = [e for e in extras if req.marker and req.marker.evaluate({"extra": e})]
        if req.marker is not None and not wanted:
            continue
        needed[req.name] = _join(needed.get(req.name, SpecifierSet()), req.specifier)
    return needed


def _join(a: SpecifierSet, b: SpecifierSet) -> SpecifierSet:
    """Both sets of specifiers, with only the highest of their lower bounds ('>=7.7' and '>=8'
    give '>=8')."""
    specs = list(a) + list(b)
    floors = [s for s in specs if s.operator == ">="]
    top = max(floors, key=lambda s: Version(s.version), default=None)
    return SpecifierSet(",".join(str(s) for s in specs if s.operator != ">=" or s is top))


def _loaded_version(name: str) -> str | None:
    """The version of the module of distribution `name` this process has imported, if any."""
    module = sys.modules.get(name.replace("-", "_").lower())
    version = getattr(module, "__version__", None)
    return version if isinstance(version, str) else None


def stale_modules(names: tuple[str, ...] | None = None) -> dict[str, tuple[str, str]]:
    """name -> (loaded, installed) for each package this process imported at one version while
    another is now installed (pip changed it under the running kernel): a restart is needed.

    `names` defaults to rnnlab's requirements (core and notebook extras).
    """
    if names is None:
        names = tuple(_requirements(package_info(), _NOTEBOOK_EXTRAS))
    stale = {}
    for name in names:
        loaded, installed = _loaded_version(name), _installed(name)
        if loaded is None or installed is None:
            continue
        try:
            same = Version(loaded) == Version(installed)
        except InvalidVersion:
            same = loaded == installed
        if not same:
            stale[name] = (loaded, installed)
    return stale


def _requirement_checks(info: PackageInfo) -> list[Check]:
    checks = []
    extras = () if on_colab() else _NOTEBOOK_EXTRAS
    for name, spec in _requirements(info, extras).items():
        pin = f"{name}{spec}"
        fix = f'pip install -U "{pin}" (in a notebook: %pip install -U "{pin}"), restart the kernel'
        check = _check_version(name, spec, _installed(name), fix)
        loaded = _loaded_version(name)
        if check.ok and name in stale_modules((name,)):
            found = f"{check.found} (loaded {loaded})"
            check = Check(name, str(spec), found, False, f"{check.found} is installed: {RESTART}")
        checks.append(check)
    return checks


def _frontend_check() -> Check:
    """jupyterlab_widgets (the JupyterLab side of the widgets) against the kernel's ipywidgets."""
    name = "jupyterlab_widgets"
    if on_colab():
        return Check(name, "Colab's widget manager", "Colab", True)
    ipywidgets = _installed("ipywidgets")
    try:
        major = Version(ipywidgets).major if ipywidgets else None
        lab = Version(_installed("jupyterlab") or "0").major
    except InvalidVersion:
        major = lab = None
    if major == 7 and lab is not None and lab >= 4:  # JupyterLab 4 renders ipywidgets 8 only
        return Check(
            name=f"{name} (for ipywidgets 7)",
            required="ipywidgets>=8 in JupyterLab 4",
            found=_installed(name) or "missing",
            ok=False,
            fix=f'pip install -U "ipywidgets>=8", then {RESTART}',
        )
    if major not in WIDGET_FRONTEND:
        fix = 'pip install -U "ipywidgets>=8" "jupyterlab_widgets>=3,<4"'
        return Check(name, "ipywidgets 7 or 8", _installed(name) or "missing", False, fix)
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
    this check never disagrees with what ``pip install`` asks for. A package whose installed
    version differs from the one this kernel loaded (pip upgraded it after the import) fails
    with "restart the kernel". A failed line carries the command to run.
    ``check_environment().ok`` is True when everything passes. On Colab only the core
    requirements count (Colab brings its own front-end).
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


class RestartRequiredError(RuntimeError):
    """The kernel runs a package that pip has since replaced: shown as one line in IPython."""

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {self}"]


def colab_ready() -> None:
    """After the bootstrap's install on Colab: stop if pip upgraded a package the kernel had
    loaded (one line: restart and run again), and turn on Colab's custom widget manager where
    ipywidgets 8 runs (Colab renders its own ipywidgets 7 without it)."""
    stale = stale_modules()
    if stale:
        changed = ", ".join(f"{n} {a} -> {b}" for n, (a, b) in sorted(stale.items()))
        raise RestartRequiredError(
            f"installing rnnlab upgraded {changed} under this kernel: {RESTART}"
        )
    import ipywidgets

    if Version(ipywidgets.__version__).major >= 8:
        from google.colab import output

        output.enable_custom_widget_manager()


_BOOTSTRAP = """\
# Bootstrap. On Colab: install the rnnlab release these notebooks belong to (RELEASE) and keep
# the packages Colab has loaded; a failed install stops here. Elsewhere: check rnnlab is there.
import sys

if "google.colab" in sys.modules:
    import subprocess

    spec = "rnnlab @ git+https://github.com/REPO@RELEASE"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", spec], capture_output=True, text=True
    )
    if pip.returncode != 0:
        raise RuntimeError(f"pip could not install {spec}:\\n{pip.stderr[-2000:]}")
    from rnnlab.env import colab_ready

    colab_ready()  # stops with one line if the install changed a package Colab had loaded
else:
    try:
        import rnnlab
    except ModuleNotFoundError:
        print(
            "rnnlab is not installed for this kernel. In a terminal, in the rnnlab folder, run\\n"
            "    make lab\\n"
            "or, without make, the commands of README.md's 'Without make' section (they end in\\n"
            '    python -m pip install -e ".[lab]"\\n'
            "in this kernel's environment); then restart the kernel."
        )
"""


def bootstrap_source(repo: str | None = None, release: str | None = None) -> str:
    """The bootstrap cell, the same in every notebook (``tools/update_bootstrap.py`` writes it).

    On Colab it installs release `release` of rnnlab from GitHub `repo` (default: this
    package's Repository and ``v<version>``) with pip, which keeps the packages Colab ships
    since rnnlab's ranges admit them; a failed install raises with pip's message, and
    :func:`colab_ready` stops with one line if a loaded package was replaced. Elsewhere it
    prints nothing when rnnlab imports, and how to install it when it does not.
    """
    info = package_info()
    repo = info.repository if repo is None else repo
    release = f"v{info.version}" if release is None else release
    return _BOOTSTRAP.replace("REPO", repo).replace("RELEASE", release)
