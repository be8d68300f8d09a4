"""Write requirements-colab.lock: requirements.lock with Colab's versions where CI can install them.

Usage: python tools/colab_lock.py            (`make lock-colab`; needs the package index)
       python tools/colab_lock.py --check    (exit 1 if the lock disagrees with the table)

The versions come from the table in docs/colab-versions.md (its "CI pins" column), the one place
that records what Colab ships and when that was read. pip resolves rnnlab's core and test
requirements with those pins and, for every other package, requirements.lock's pin as a
constraint (a package only Colab's pins need gets the newest version they allow); the resolution
is written as the lock, one `name==version` per line. `.ci/run` installs it into a second virtual
environment (the Colab-like job).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "docs" / "colab-versions.md"
MAIN_LOCK = ROOT / "requirements.lock"
COLAB_LOCK = ROOT / "requirements-colab.lock"
HEADER = """\
# The Colab-like environment of CI (.ci/run): requirements.lock with the versions Colab ships
# where this machine can install them (docs/colab-versions.md). Written by `make lock-colab`
# (tools/colab_lock.py); do not edit by hand.
"""
_VERSION = re.compile(r"^\d[\w.+!-]*$")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def colab_pins(table: str) -> dict[str, str]:
    """name -> version of the rows of the table whose "CI pins" cell is a version."""
    pins = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and _VERSION.match(cells[2]) and cells[0] != "python":
            pins[_name(cells[0])] = cells[2]
    return pins


def lock_pins(lock_text: str) -> dict[str, str]:
    """name -> version of the `name==version` lines of a lock."""
    pins = {}
    for line in lock_text.splitlines():
        spec = line.split("#")[0].strip()
        if "==" in spec:
            name, version = spec.split("==", 1)
            pins[_name(name)] = version.strip()
    return pins


def requirements() -> list[str]:
    """rnnlab's core and test requirements (what the Colab-like job runs), from pyproject."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"]) + list(project["optional-dependencies"]["test"])


def resolve(pins: dict[str, str], main: dict[str, str]) -> dict[str, str]:
    """pip's resolution of :func:`requirements` under `pins` and main's other pins."""
    constraints = {**{n: v for n, v in main.items() if n not in pins}, **pins}
    with tempfile.TemporaryDirectory() as tmp:
        c_file, report = Path(tmp) / "constraints.txt", Path(tmp) / "report.json"
        c_file.write_text("".join(f"{n}=={v}\n" for n, v in sorted(constraints.items())))
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q"]
        cmd += ["--report", str(report), "-c", str(c_file), *requirements()]
        subprocess.run(cmd, check=True)
        installs = json.loads(report.read_text())["install"]
    return {_name(i["metadata"]["name"]): i["metadata"]["version"] for i in installs}


def render(resolved: dict[str, str]) -> str:
    return HEADER + "".join(f"{n}=={v}\n" for n, v in sorted(resolved.items()))


def problems(lock_text: str, pins: dict[str, str]) -> list[str]:
    """How the lock disagrees with the table's pins (empty when it agrees)."""
    locked = lock_pins(lock_text)
    return [
        f"{n}: the table pins {v}, the lock has {locked.get(n, 'nothing')}"
        for n, v in sorted(pins.items())
        if locked.get(n) != v
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare lock and table")
    args = parser.parse_args(argv)
    pins = colab_pins(TABLE.read_text(encoding="utf-8"))
    if args.check:
        found = problems(COLAB_LOCK.read_text(encoding="utf-8"), pins)
        print("\n".join(found) or f"{COLAB_LOCK.name} agrees with {TABLE.name}")
        return 1 if found else 0
    resolved = resolve(pins, lock_pins(MAIN_LOCK.read_text(encoding="utf-8")))
    COLAB_LOCK.write_text(render(resolved), encoding="utf-8")
    print(f"{COLAB_LOCK.name}: {len(resolved)} pins, Colab's {', '.join(sorted(pins))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
