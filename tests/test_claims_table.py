"""The claims table covers the notebooks: every claim that rests on training or sampling has a
spec in benchmarks/claim_specs/, and every spec names a claim its notebook makes."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# Package functions that train a model, sample from one or draw random data for a measurement:
# a cell that calls one, or reads a name such a cell assigned, makes measured claims.
MEASURING = {
    "mlp_vs_rnn",
    "variable_length",
    "run_all_schemes",
    "swap_test",
    "train_numpy_rnn",
    "train_lm",
    "train_rnn_lm",
    "generate",
    "track_gradients",
    "train_flow_models",
    "gradient_flow_experiment",
    "train_adding",
    "train_copy",
    "find_cells",
    "gate_saturation",
    "context_curve",
    "samples_as_training_goes",
    "load_pretrained",
    "train_loop",
    "ngram_ladder",
    "explosion_runs",
    "ablate_cell",
    "train_forecaster",
    "train_row_reader",
    "horizon_errors",
}


TRAINING_PACKAGES = ("rnnlab.experiments", "rnnlab.training")


def _code(source: str) -> ast.Module | None:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:  # an exercise stub or a cell meant to fail: no claims to read
        return None


def _says(call: ast.Call) -> str | None:
    """The static text of a claim's `says`: a str, or an f-string's part before its first {}."""
    arg = call.args[1] if len(call.args) > 1 else None
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr):
        head = []
        for part in arg.values:
            if not isinstance(part, ast.Constant):
                break
            head.append(part.value)
        return "".join(head) + "{"
    return None


def _matches(spec_says: str, says: str) -> bool:
    return spec_says.startswith(says[:-1]) if says.endswith("{") else spec_says == says


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        f = call.func
        names.add(f.id if isinstance(f, ast.Name) else getattr(f, "attr", ""))
    return names


def _trainers(tree: ast.Module) -> set[str]:
    """Names a cell imports from rnnlab.experiments or rnnlab.training: they train or sample."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(TRAINING_PACKAGES):
            found |= {alias.asname or alias.name for alias in node.names}
    return found


def notebook_claims(path: Path) -> list[tuple[int, str, bool]]:
    """(cell index, says, measured) for every claim(...) in the notebook's code cells; `says` of
    an f-string ends in "{" after its static head."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    tainted: set[str] = set()
    found = []
    for i, cell in enumerate(nb["cells"]):
        tree = _code("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if tree is None:
            continue
        tainted |= _trainers(tree)
        names = [n for n in ast.walk(tree) if isinstance(n, ast.Name)]
        stored = {n.id for n in names if isinstance(n.ctx, ast.Store)}
        read = {n.id for n in names if isinstance(n.ctx, ast.Load)} - stored
        measured = bool(_called(tree) & MEASURING or read & tainted)
        tainted = tainted | stored if measured else tainted - stored
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if getattr(call.func, "id", None) == "claim" and _says(call) is not None:
                found.append((i, _says(call), measured))
    return found


@pytest.fixture(scope="module")
def specs():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from claim_specs import all_specs

        return all_specs()
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_measured_claim_has_a_spec(path, specs):
    covered = [s.says for s in specs if s.notebook == path.stem]
    missing = [
        f"cell {i}: {says!r}"
        for i, says, measured in notebook_claims(path)
        if measured and not any(_matches(c, says) for c in covered)
    ]
    assert not missing, (
        f"{path.name}: claims that rest on training or sampling, not in the "
        f"claims table (benchmarks/claim_specs/): {missing}"
    )


def test_every_spec_is_a_claim_of_its_notebook(specs):
    claims = {p.stem: [says for _, says, _ in notebook_claims(p)] for p in NOTEBOOKS}
    stale = [
        f"{s.notebook}: {s.says!r}"
        for s in specs
        if not any(_matches(s.says, says) for says in claims.get(s.notebook, []))
    ]
    assert not stale, f"specs whose claim no notebook makes: {stale}"


def test_the_reader_finds_f_string_claims_and_taint(tmp_path):
    src = 'r = train_adding("rnn")\nx = r.metric\n'
    cells = [
        {"cell_type": "code", "source": src},
        {"cell_type": "code", "source": 'claim(x < 1, f"it learns {x}")'},
        {"cell_type": "code", "source": 'claim(1 + 1 == 2, "arithmetic")'},
    ]
    path = tmp_path / "claims.ipynb"
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert notebook_claims(path) == [(1, "it learns {", True), (2, "arithmetic", False)]
