"""The house rules of issue 22 over src/rnnlab (and, for private imports, the tests): no format
escapes, ruff-formatted, short functions and files, no private name imported across modules, and
no private matplotlib, torch or argparse name. Each failure lists every offender as file:line."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "rnnlab"
MAX_FUNCTION_LINES = 60
MAX_FILE_LINES = 350
# the libraries whose private names may change in any release (matplotlib is unpinned above)
LIBRARIES = ("matplotlib", "torch", "argparse")
# attributes that hold those libraries' objects in this code base: `fig.canvas._x`, `parser._x`
LIBRARY_OBJECTS = {"canvas", "parser", "renderer", "fig", "figure", "ax", "axes", "legend"}


def python_files(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py"))


def where(path: Path, line: int) -> str:
    name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    return f"{name}:{line}"


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def offenders_message(what: str, found: list[str]) -> str:
    return f"{len(found)} {what}:\n" + "\n".join(found)


def test_no_format_escapes():
    found = [
        f"{where(p, i)}: {line.strip()}"
        for p in python_files(SRC)
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if "fmt: skip" in line or "fmt: off" in line
    ]
    assert not found, offenders_message("format escapes", found)


def ruff_command() -> list[str] | None:
    if shutil.which("ruff"):
        return ["ruff"]
    probe = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True)
    return [sys.executable, "-m", "ruff"] if probe.returncode == 0 else None


def test_the_package_is_ruff_formatted():
    ruff = ruff_command()
    if ruff is None:
        pytest.skip("ruff is not installed")
    run = subprocess.run(
        [*ruff, "format", "--check", str(SRC)], capture_output=True, text=True, cwd=ROOT
    )
    found = [line for line in run.stdout.splitlines() if line.startswith("Would reformat")]
    assert run.returncode == 0, offenders_message(
        "files ruff would reformat", found or [run.stderr]
    )


def test_no_long_function_and_no_long_file():
    found = []
    for p in python_files(SRC):
        lines = p.read_text(encoding="utf-8").count("\n")
        if lines > MAX_FILE_LINES:
            found.append(f"{where(p, 1)}: the file has {lines} lines (> {MAX_FILE_LINES})")
        for node in ast.walk(parse(p)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append(f"{where(p, node.lineno)}: {node.name} has {length} lines")
    assert not found, offenders_message(f"over {MAX_FUNCTION_LINES}/{MAX_FILE_LINES} lines", found)


def test_no_private_name_imported_from_another_module():
    found = [
        f"{where(p, node.lineno)}: from {node.module} import {alias.name}"
        for p in python_files(SRC, ROOT / "tests")
        for node in ast.walk(parse(p))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if is_private(alias.name)
    ]
    assert not found, offenders_message("private names imported across modules", found)


def library_names(tree: ast.Module) -> set[str]:
    """The names a module binds to the libraries or to things imported from them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def chain(node: ast.expr) -> tuple[str | None, list[str]]:
    """`a.b._c` -> ('a', ['b', '_c']): the root name and the attributes after it."""
    attrs = []
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call):  # `plt.gcf()._x`: follow the callee
        root, rest = chain(node.func)
        return root, rest + attrs[::-1]
    return (node.id if isinstance(node, ast.Name) else None), attrs[::-1]


def private_library_uses(path: Path) -> list[str]:
    tree = parse(path)
    bound = library_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] in LIBRARIES and any(is_private(part) for part in parts):
                    found.append(f"{where(path, node.lineno)}: imports {module}")
        elif isinstance(node, ast.Attribute) and is_private(node.attr):
            root, attrs = chain(node)
            holder = attrs[-2] if len(attrs) > 1 else root
            if root in bound or holder in LIBRARY_OBJECTS:
                text = ".".join(filter(None, [root, *attrs]))
                found.append(f"{where(path, node.lineno)}: {text}")
    return found


def test_no_private_library_name():
    found = [hit for p in python_files(SRC) for hit in private_library_uses(p)]
    assert not found, offenders_message("private matplotlib/torch/argparse names", found)


def test_the_private_name_check_sees_the_usual_forms(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import torch\nimport matplotlib.pyplot as plt\nfrom matplotlib import _api\n"
        "x = torch.nn._reduction\ny = plt.gcf().canvas._renderer\n"
        "def f(parser, fig):\n    return parser._actions, fig.canvas._x, self._own\n"
    )
    hits = private_library_uses(sample)
    lines = sorted(int(h.split(":")[1]) for h in hits)
    assert lines == [3, 4, 5, 7, 7], hits
