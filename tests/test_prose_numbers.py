"""Every measured number in a notebook's prose is backed by the notebook itself.

A number in a markdown cell (a decimal such as 0.87, a percentage, a number in scientific form,
a thousands-separated count such as 387,168) must be found in one of:

- an output that nbval compares: a code cell not tagged ``nbval-ignore-output`` (nor skipped),
  its stdout and its text outputs, after the sanitizing of ``tests/nbval_sanitize.cfg``;
- a ``claim(...)`` call of the notebook: the numbers in its condition (a threshold, a
  tolerance) and in the literal text of what it says and its detail;
- ``tests/prose_numbers_allow.toml``: per notebook, numbers that need no run (analytic
  constants, lecture facts, settings the code sets), each with its reason.

Formatting is matched, not the text: 87% backs 0.87 and the reverse, 1e-3 is 10^{-3} and
1.0e-03, 387,168 is 387{,}168 and 387168; a prose number may round a more precise one (the
output's 0.8723 backs the prose's 0.87), never the reverse. Integers without a separator are
not checked (counts, sizes and indices are mostly settings).
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALLOW_FILE = Path(__file__).with_name("prose_numbers_allow.toml")
SANITIZE_FILE = Path(__file__).with_name("nbval_sanitize.cfg")
COMPARED_TYPES = ("text/plain", "text/markdown", "text/latex", "text/html")
NOT_COMPARED_TAGS = {"nbval-ignore-output", "nbval-skip", "skip-execution"}


@dataclass(frozen=True)
class Number:
    """A number as written: its value, the size of its last written place, and its kind.

    kind: 'count' (an integer, with or without thousands separators) or 'real' (a decimal, a
    percentage, a number in scientific form). `place` is 1 for an integer, 0.01 for 0.87, 0.01
    for 87%, 1e-4 for 1.0e-03. `text` is the number as written.
    """

    value: float
    place: float
    kind: str
    text: str


_SEP = r"(?:,|\{,\}|\\,|\u2009|\u202f)"
_NUMBER = re.compile(
    r"(?<![\w.\\])"  # not inside a name, a dotted version or a LaTeX command
    r"(?:"
    r"(?P<mant>\d+(?:\.\d+)?)\s*(?:\\times|\\cdot|×|·)\s*10\s*\^\s*\{?\s*(?P<exp1>[-−]?\d+)\s*\}?"
    r"|(?<![\d])10\s*\^\s*\{\s*(?P<exp2>[-−]?\d+)\s*\}|10\^(?P<exp3>[-−]?\d)"
    r"|(?P<sci>\d+(?:\.\d+)?[eE][-+−]?\d+)"
    r"|(?P<thou>\d{1,3}(?:" + _SEP + r"\d{3})+)(?![\d])"
    r"|(?P<dec>\d+\.\d+)(?!\.?\d)"
    r"|(?P<int>\d+)(?![\d.]\d)"
    r")"
    r"(?P<pct>\s?\\?%)?"
)
_NOT_PROSE = [
    re.compile(r"https?://\S+"),  # links
    re.compile(r"\]\([^)]*\)"),  # markdown link targets
    re.compile(r"arXiv:?\s*\d{4}\.\d{4,5}", re.I),
    re.compile(r"<img[^>]*>"),
    re.compile(r"\bv?\d+\.\d+\.\d+\b"),  # versions
]


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def numbers_in(text: str, *, counts_only_with_separator: bool = True) -> list[Number]:
    """The numbers written in `text`. Plain integers are kept only with a % sign or, unless
    `counts_only_with_separator` is false, always (sources keep them; prose does not)."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        pct = bool(m.group("pct"))
        scale = 0.01 if pct else 1.0
        if m.group("mant") is not None or m.group("exp2") or m.group("exp3"):
            mant = m.group("mant") or "1"
            exp = int((m.group("exp1") or m.group("exp2") or m.group("exp3")).replace("−", "-"))
            value, place, kind = float(mant) * 10.0**exp, 10.0 ** (exp - _decimals(mant)), "real"
        elif m.group("sci"):
            mant, exp = re.split("[eE]", m.group("sci"))
            exp_i = int(exp.replace("−", "-"))
            value, place, kind = (
                float(mant) * 10.0**exp_i,
                10.0 ** (exp_i - _decimals(mant)),
                "real",
            )
        elif m.group("thou"):
            value, place, kind = float(re.sub(r"\D", "", m.group("thou"))), 1.0, "count"
        elif m.group("dec"):
            value, place, kind = float(m.group("dec")), 10.0 ** -_decimals(m.group("dec")), "real"
        else:
            if not pct and counts_only_with_separator:
                continue
            value, place, kind = float(m.group("int")), 1.0, "count"
        if pct:
            value, place, kind = value * scale, place * scale, "real"
        found.append(Number(value, place, kind, m.group().strip()))
    return found


def backs(source: Number, prose: Number) -> bool:
    """True if `source` (an output's or a claim's number) shows the prose's number: the same
    value to the prose's last place, written at least as precisely."""
    if prose.kind == "count":
        return source.value == prose.value and source.place <= 1.0
    if source.place > prose.place * (1 + 1e-9):
        return False
    return abs(abs(source.value) - abs(prose.value)) <= prose.place * (0.5 + 1e-6)


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    pairs, regex = [], None
    for line in SANITIZE_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("regex:"):
            regex = line[len("regex:") :].strip()
        elif line.startswith("replace:") and regex is not None:
            pairs.append((re.compile(regex), line[len("replace:") :].strip()))
            regex = None
    return pairs


SANITIZERS = _sanitizers()


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def compared_output_text(cell: dict) -> str:
    """The text nbval compares for one code cell ('' if its outputs are not compared)."""
    if NOT_COMPARED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
        return ""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            parts.append(_text(out.get("text", "")))
        for kind in COMPARED_TYPES:
            if kind in out.get("data", {}):
                parts.append(_text(out["data"][kind]))
    text = "\n".join(parts)
    for pattern, replacement in SANITIZERS:
        text = pattern.sub(replacement, text)
    return text


def _python_source(source: str) -> str:
    """A code cell's source with IPython magics and shell lines commented out."""
    return "\n".join(
        "# " + line if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


def claim_numbers(source: str) -> list[Number]:
    """The numbers in every claim(...) call of a code cell: numeric constants of the call (its
    condition's thresholds and tolerances) and numbers in its literal strings."""
    try:
        tree = ast.parse(_python_source(source))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name != "claim":
            continue
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Constant) or isinstance(sub.value, bool):
                continue
            if isinstance(sub.value, int | float):  # a literal is exact: 0.9 backs 90%
                kind = "count" if isinstance(sub.value, int) else "real"
                found.append(Number(float(sub.value), 0.0, kind, repr(sub.value)))
            elif isinstance(sub.value, str):
                found += numbers_in(sub.value, counts_only_with_separator=False)
    return found


def sources(nb: dict) -> list[Number]:
    """Every number a notebook backs its prose with: compared outputs and claims."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        if {"nbval-skip", "skip-execution"} & set(cell.get("metadata", {}).get("tags", [])):
            continue
        found += numbers_in(compared_output_text(cell), counts_only_with_separator=False)
        found += claim_numbers(_text(cell["source"]))
    return found


def load_allow(path: Path = ALLOW_FILE) -> dict[str, dict[str, str]]:
    """{notebook stem: {number as written: reason}} from the allow-list."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _allowed(allow: dict[str, str]) -> list[tuple[str, Number]]:
    entries = []
    for key in allow:
        parsed = numbers_in(key)
        if len(parsed) != 1:
            raise ValueError(f"allow-list key {key!r} must be exactly one number")
        entries.append((key, parsed[0]))
    return entries


@dataclass(frozen=True)
class Unbacked:
    cell: int
    number: str

    def __str__(self) -> str:
        return f"cell {self.cell}: {self.number}"


def unbacked_numbers(nb: dict, allow: dict[str, str]) -> tuple[list[Unbacked], list[str]]:
    """(numbers of the prose that nothing backs, allow-list keys that no prose number uses)."""
    backing = sources(nb)
    allowed = _allowed(allow)
    used, missing = set(), []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        for number in numbers_in(_text(cell["source"])):
            if any(backs(s, number) for s in backing):
                continue
            keys = [k for k, a in allowed if backs(a, number) or a.value == number.value]
            if keys:
                used.update(keys)
                continue
            if Unbacked(index, number.text) not in missing:
                missing.append(Unbacked(index, number.text))
    return missing, [k for k, _ in allowed if k not in used]


def _allow_for(path: Path) -> dict[str, str]:
    return load_allow().get(path.stem, {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_numbers_are_backed(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    missing, _ = unbacked_numbers(nb, _allow_for(path))
    assert not missing, (
        f"{path.name}: numbers in markdown that no compared output, no claim and no entry of "
        f"{ALLOW_FILE.name} backs:\n  " + "\n  ".join(map(str, missing))
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_allow_list_has_no_stale_entries(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    _, stale = unbacked_numbers(nb, _allow_for(path))
    assert not stale, f"{path.name}: allow-list entries no prose number uses: {stale}"


def test_allow_list_names_real_notebooks_and_gives_reasons():
    stems = {p.stem for p in NOTEBOOKS}
    for stem, entries in load_allow().items():
        assert stem in stems, f"{ALLOW_FILE.name}: no notebook {stem}"
        for key, reason in entries.items():
            assert isinstance(reason, str) and len(reason.split()) >= 3, (
                f"{ALLOW_FILE.name} [{stem}] {key!r}: give a reason"
            )
        _allowed(entries)


# The checker itself, on small fake notebooks.


def _nb(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(source: str, stdout: str = "", tags: tuple[str, ...] = ()) -> dict:
    outputs = [{"output_type": "stream", "name": "stdout", "text": stdout}] if stdout else []
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source,
            "outputs": outputs, "execution_count": 1}  # fmt: skip


def _missing(nb: dict, allow: dict | None = None) -> list[str]:
    return [u.number for u in unbacked_numbers(nb, allow or {})[0]]


@pytest.mark.parametrize(
    ("prose", "printed"),
    [
        ("0.87", "accuracy 0.8723"),
        ("87%", "accuracy 0.872"),
        ("0.87", "accuracy 87%"),
        ("$10^{-3}$", "lr 1.0e-03"),
        ("1e-3", "lr 0.001"),
        ("$2 \\times 10^{-4}$", "2e-04"),
        ("387,168", "387168 parameters"),
        ("$387{,}168$", "387,168 parameters"),
        ("99.5%", "0.995"),
        ("$50\\%$", "50%"),
        ("a loss of −1.45", "-1.4500"),
    ],
)
def test_a_number_is_backed_by_the_same_value_in_another_format(prose, printed):
    nb = _nb(_md(f"We measured {prose}."), _code("print(x)", printed + "\n"))
    assert _missing(nb) == []


@pytest.mark.parametrize(
    ("prose", "printed"),
    [
        ("0.87", "accuracy 0.86"),  # another number
        ("0.872", "accuracy 0.87"),  # prose more precise than the run
        ("87%", "accuracy 0.9"),
        ("387,168", "387169"),
        ("1e-3", "1e-4"),
    ],
)
def test_a_different_or_less_precise_number_does_not_back_it(prose, printed):
    nb = _nb(_md(f"We measured {prose}."), _code("print(x)", printed + "\n"))
    assert _missing(nb) == [numbers_in(prose)[0].text]


def test_a_wrong_number_in_markdown_fails_and_is_named():
    nb = _nb(_md("Intro, T = 20 steps."), _code("print(acc)", "accuracy 0.91\n"),
             _md("The model reaches 0.93 of the positions."))  # fmt: skip
    assert [str(u) for u in unbacked_numbers(nb, {})[0]] == ["cell 2: 0.93"]


def test_an_ignored_output_does_not_back_a_number():
    nb = _nb(_code("print(acc)", "accuracy 0.91\n", tags=("nbval-ignore-output",)),
             _md("It reaches 0.91."))  # fmt: skip
    assert _missing(nb) == ["0.91"]


def test_a_claim_backs_its_threshold_and_its_literal_text():
    source = 'claim(abs(loss - 1.386) < 0.01, "the loss starts at ln 4 = 1.386", f"{x:.2f}")'
    nb = _nb(_code(source, tags=("nbval-ignore-output",)),
             _md("It starts at 1.386 (within 0.01), not at 1.5."))  # fmt: skip
    assert _missing(nb) == ["1.5"]


def test_a_claim_s_threshold_is_exact():
    nb = _nb(_code('claim(acc > 0.9, "it learns")'), _md("It scores above 90%, not 0.93."))
    assert _missing(nb) == ["0.93"]


def test_the_allow_list_backs_a_number_and_reports_stale_entries():
    nb = _nb(_md("Uniform guessing costs $\\ln 4 \\approx 1.386$."))
    missing, stale = unbacked_numbers(nb, {"1.386": "ln 4", "0.347": "no longer in prose"})
    assert (missing, stale) == ([], ["0.347"])


def test_sanitized_numbers_do_not_count():
    nb = _nb(_code("print(err)", "max difference 3.1e-16\n"), _md("They agree to 3.1e-16."))
    assert _missing(nb) == ["3.1e-16"]


def test_links_versions_and_plain_integers_are_not_checked():
    text = ("Run 20 steps with torch 2.13.0 (see <https://x.org/1.5> and [a](p/0.7.html), "
            "arXiv:1211.5063) in 3 seconds.")  # fmt: skip
    assert numbers_in(text) == []


def test_an_edited_copy_of_a_real_notebook_fails():
    """A real notebook with one more markdown number fails on exactly that cell and number."""
    path = ROOT / "notebooks" / "04_hello.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    before = [str(u) for u in unbacked_numbers(nb, _allow_for(path))[0]]
    nb["cells"].append(_md("After training, $J$ falls to 0.4321."))
    after = [str(u) for u in unbacked_numbers(nb, _allow_for(path))[0]]
    assert after == [*before, f"cell {len(nb['cells']) - 1}: 0.4321"]
