"""rnnlab's own metadata: its version, its repository and its requirements.

:func:`package_info` is the one place the repository address and the version are read from (the
notebooks' bootstrap cell and badges, the book's launch links, the environment check).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["PackageInfo", "package_info"]

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
