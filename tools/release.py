"""Check that a release agrees with itself, then build its wheel and sdist.

Usage: python tools/release.py [--check] [--dist DIR]     (`make release`)

Checks, each with the command that fixes it:
- the version: pyproject.toml's and ``rnnlab.__version__`` are the same;
- the tag: ``v<version>`` does not already name another commit;
- the bootstrap: every notebook's bootstrap cell is the template's (it installs v<version>);
- the badges: every notebook's Colab and Binder badges open that notebook in the repository, on
  the main branch or this release, and the book turns them into this release's;
- the book: its launch buttons open this release of the repository.
Then builds the wheel and the sdist into DIR (default dist/; needs the ``release`` extra's
``build``) and prints the one place to set the repository address and the commands that tag and
push the release. ``--check`` stops after the checks.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from notebook_template import (  # noqa: E402
    BOOTSTRAP_SOURCE,
    RELEASE,
    REPO,
    launch_links,
)


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def check_version() -> list[str]:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    init = (ROOT / "src" / "rnnlab" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', init, flags=re.M)
    problems = []
    if found is None or found.group(1) != version:
        problems.append(
            f"src/rnnlab/__init__.py says __version__ = {found and found.group(1)!r}, "
            f"pyproject.toml says {version!r}: make them the same"
        )
    if RELEASE != f"v{version}":
        problems.append(f"the release tag is {RELEASE!r}, not 'v{version}'")
    return problems


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def check_tag() -> list[str]:
    tagged, head = (
        _git("rev-parse", "-q", "--verify", f"{RELEASE}^{{commit}}"),
        _git("rev-parse", "HEAD"),
    )
    if tagged and tagged != head:
        return [
            f"the tag {RELEASE} already names commit {tagged[:12]}, not HEAD {head[:12]}: "
            "raise the version in pyproject.toml and src/rnnlab/__init__.py"
        ]
    return []


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def check_bootstrap() -> list[str]:
    problems = []
    if f"github.com/{REPO}@{RELEASE}" not in BOOTSTRAP_SOURCE:
        problems.append(f"the template's bootstrap does not install {REPO}@{RELEASE}")
    stale = [
        p.name
        for p in notebooks()
        if not any(_source(c).strip() == BOOTSTRAP_SOURCE.strip() for c in _cells(p)[:3])
    ]
    if stale:
        problems.append(
            f"bootstrap cell out of date in {', '.join(stale)}: python tools/update_bootstrap.py"
        )
    return problems


def check_badges() -> list[str]:
    import build_book

    problems = []
    for path in notebooks():
        title = _source(_cells(path)[0])
        refs = [
            ref
            for ref in ("main", RELEASE)
            if all(link in title for link in launch_links(path.name, REPO, ref).values())
        ]
        if not refs:
            problems.append(
                f"{path.name}: its badges do not open notebooks/{path.name} of {REPO} "
                f"(main or {RELEASE}): notebook_template.badges({path.name!r})"
            )
            continue
        staged = build_book._at_release(path.read_text(encoding="utf-8"))
        if not all(link in staged for link in launch_links(path.name).values()):
            problems.append(f"{path.name}: the book's links would not open {RELEASE}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if f"colab.research.google.com/github/{REPO}/" not in readme:
        problems.append(f"README.md's Colab badge does not open {REPO}")
    return problems


def check_book() -> list[str]:
    import build_book

    config = build_book.config(mathjax=False)
    if f'url: "https://github.com/{REPO}"' in config and f'branch: "{RELEASE}"' in config:
        return []
    return [f"tools/build_book.py's launch buttons do not open {REPO} at {RELEASE}"]


CHECKS = {
    "version": check_version,
    "tag": check_tag,
    "bootstrap": check_bootstrap,
    "badges": check_badges,
    "book": check_book,
}


def build(dist: Path) -> list[Path]:
    """The wheel and the sdist, built into `dist` by `python -m build`."""
    try:
        import build  # noqa: F401
    except ImportError:
        raise SystemExit('building needs `build`: python -m pip install -e ".[release]"') from None
    dist.mkdir(parents=True, exist_ok=True)
    before = set(dist.iterdir())
    cmd = [sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        raise SystemExit(f"the build failed: {' '.join(cmd)}")
    made = sorted(set(dist.iterdir()) - before)
    if not any(p.suffix == ".whl" for p in made) or not any(
        p.name.endswith(".tar.gz") for p in made
    ):
        raise SystemExit(f"build made {[p.name for p in made]}, not a wheel and an sdist")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; build nothing")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where to build")
    args = parser.parse_args(argv)
    failed = 0
    for name, check in CHECKS.items():
        problems = check()
        failed += bool(problems)
        print(f"{'✓' if not problems else '✗'} {name}")
        for problem in problems:
            print(f"    {problem}")
    print(
        f"\nThe repository address is {REPO!r}; it is set in one place: pyproject.toml,"
        " [project.urls] Repository (then: python tools/update_bootstrap.py, and commit)."
    )
    if failed:
        print(f"{failed} check(s) failed: nothing built")
        return 1
    if args.check:
        return 0
    made = build(args.dist)
    print("built:", *(str(p) for p in made), sep="\n    ")
    print(f"\nTo publish: git tag {RELEASE} && git push origin {RELEASE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
