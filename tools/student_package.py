"""rnnlab without its checkers: the package a graded course installs for its students.

The self-study checkers (``rnnlab.exercises.*.check_*``) hold the reference solutions and the
typical mistakes inside them, so a student who can import them can read them. The graded student
edition (``make student``) does not call them: its self-checks replay stored outputs. This tool
writes ``build/student-package/``, an installable copy of the project whose exercise modules keep
only what the student edition still imports (helpers such as ``buggy_loss_and_grads``): every
``check_*`` function is removed, then every private name that nothing left refers to.

Usage:
    python tools/student_package.py [--out build/student-package]

A course installs it in the students' environment (``pip install ./build/student-package``)
instead of rnnlab from the package index.
"""

from __future__ import annotations

import argparse
import ast
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = Path("src") / "rnnlab" / "exercises"
KEEP_WHOLE = {"__init__.py", "_harness.py", "_verdict.py"}  # generic: no reference inside
PROJECT_FILES = ("pyproject.toml", "README.md")


def _defined(node: ast.stmt) -> list[str]:
    """The top-level names a statement defines (def, class, plain assignment)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else []
    if isinstance(node, ast.AnnAssign):
        targets = [node.target]
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _used(nodes: list[ast.stmt]) -> set[str]:
    """Every name the statements read."""
    used = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                used.add(sub.id)
    return used


def strip_checkers(source: str) -> str:
    """`source` without its ``check_*`` functions and the private names only they used."""
    tree = ast.parse(source)
    body = [n for n in tree.body if not any(d.startswith("check_") for d in _defined(n))]
    while True:  # drop private definitions that nothing left reads, until none is left to drop
        kept = []
        for i, node in enumerate(body):
            names = _defined(node)
            others = body[:i] + body[i + 1 :]
            if names and all(d.startswith("_") and d != "__all__" for d in names):
                if not set(names) & _used(others):
                    continue
            kept.append(node)
        if len(kept) == len(body):
            break
        body = kept
    public = {d for n in body for d in _defined(n)}
    for node in body:
        if "__all__" in _defined(node) and isinstance(node.value, ast.List | ast.Tuple):
            node.value.elts = [
                e for e in node.value.elts if isinstance(e, ast.Constant) and e.value in public
            ]
    tree.body = body
    return ast.unparse(tree) + "\n"


def build(out: Path) -> Path:
    """Write the project with stripped exercise modules to `out` (replaced if it exists)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(
        ROOT / "src", out / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, out / name)
    for path in sorted((out / EXERCISES).glob("*.py")):
        if path.name not in KEEP_WHOLE:
            path.write_text(strip_checkers(path.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student-package")
    args = parser.parse_args(argv)
    print(f"the student package: {build(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
