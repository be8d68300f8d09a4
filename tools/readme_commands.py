"""Print the commands of one of README.md's "Without make" blocks, one per line.

Usage: python tools/readme_commands.py linux|macos|windows [--all-but-last | --last]

A block is the fenced code between ``<!-- without-make: NAME -->`` and
``<!-- /without-make -->``. `.ci/run` runs the Linux block as it stands (the install commands,
then the last line, which starts JupyterLab, in the background), so the README cannot drift from
what CI has run; tests/test_packaging.py compares the three blocks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks(text: str) -> dict[str, list[str]]:
    """platform -> its commands (the lines of the fenced block between the markers)."""
    found = {}
    pattern = r"<!-- without-make: (\w+) -->\s*```\w*\n(.*?)```\s*<!-- /without-make -->"
    for name, body in re.findall(pattern, text, flags=re.S):
        found[name] = [line for line in body.splitlines() if line.strip()]
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in blocks(README.read_text(encoding="utf-8")):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lines = blocks(README.read_text(encoding="utf-8"))[argv[0]]
    if "--all-but-last" in argv:
        lines = lines[:-1]
    elif "--last" in argv:
        lines = lines[-1:]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
