"""The notebook template every rnnlab notebook follows, as a checker.

``python tools/notebook_template.py notebooks/*.ipynb`` lists what each notebook breaks; the
test suite runs the same checks. The template, in order:

1. a title cell: ``# NN · Title``, the Colab/Binder badges, and **Goals** with 2-4 bullets;
2. the bootstrap cell, identical in every notebook (:data:`BOOTSTRAP_SOURCE`);
3. imports and exactly one ``seed_everything(...)`` call;
4. H2 sections, in this order (extra sections may sit between them): see :data:`SECTIONS`;
   the formula section holds LaTeX, the torch section calls torch, the exercises call a
   ``check_*`` helper, the questionnaire has at least 3 numbered questions;
5. stored outputs: every code cell executed once, top to bottom, no errors, no absolute paths,
   widget cells tagged ``nbval-ignore-output``, the file under 2 MB;
6. a slideshow: every markdown cell that opens with an H1 or H2 heading starts a RISE slide
   (``slideshow.slide_type`` "slide" or "subslide"), so each idea gets its own slide.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rnnlab.package import package_info  # noqa: E402

__all__ = [
    "BOOTSTRAP_SOURCE",
    "SECTIONS",
    "INDEX_SECTIONS",
    "REPO",
    "RELEASE",
    "bootstrap_source",
    "check_notebook",
    "badges",
    "launch_links",
]

# GitHub owner/name and the release tag, both from the package metadata ([project.urls]
# Repository and the version in pyproject.toml): a fork changes the address there, once.
# The address there is a placeholder until the real one is known.
_INFO = package_info()
REPO = _INFO.repository
RELEASE = f"v{_INFO.version}"  # the git tag of this release; the notebooks install exactly this


def bootstrap_source(repo: str = REPO, release: str = RELEASE) -> str:
    """The bootstrap cell every notebook starts with (:func:`rnnlab.env.bootstrap_source`)."""
    from rnnlab.env import bootstrap_source as env_bootstrap

    return env_bootstrap(repo, release)


BOOTSTRAP_SOURCE = bootstrap_source()

SECTIONS = (
    "## The formula",
    "## From scratch",
    "## Check against torch",
    "## Widget",
    "## Experiment",
    "## Exercises",
    "## Questionnaire",
)
INDEX_SECTIONS = (
    "## What this companion is",
    "## Lecture map",
    "## Widget",
    "## Environment check",
    "## Exercises",
    "## Questionnaire",
)
INDEX_NOTEBOOK = "00_start_here.ipynb"
MAX_BYTES = 2_000_000
NAME_RE = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
WIDGET_RE = re.compile(r"make_\w+_widget\(|\binteract(ive|ive_output)?\(|widgets\.Output\(")
PATH_RE = re.compile(r"(/home/|/root\b|/Users/|/tmp/|/work/|[A-Za-z]:\\\\Users)")
IGNORE_TAG = "nbval-ignore-output"
SLIDE_TYPES = ("slide", "subslide")


def launch_links(filename: str, repo: str = REPO, ref: str = RELEASE) -> dict[str, str]:
    """The Colab and Binder addresses that open notebook `filename` of release `ref`."""
    return {
        "colab": f"https://colab.research.google.com/github/{repo}/blob/{ref}/notebooks/{filename}",
        "binder": f"https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/notebooks/{filename}",
    }


def badges(filename: str) -> str:
    """The Markdown line of Colab and Binder badges for notebook `filename` (this release)."""
    links = launch_links(filename)
    return (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({links['colab']}) [![Binder](https://mybinder.org/badge_logo.svg)]({links['binder']})"
    )


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _check_title(cells: list[dict], filename: str) -> list[str]:
    if not cells or cells[0].get("cell_type") != "markdown":
        return ["cell 0 must be a markdown title cell"]
    text = _source(cells[0])
    problems = []
    number = filename[:2]
    if not re.match(rf"^# {number} · \S", text):
        problems.append(f"cell 0 must start with '# {number} · <title>'")
    if "colab-badge.svg" not in text or "mybinder.org" not in text:
        problems.append("cell 0 must carry the Colab and Binder badges (notebook_template.badges)")
    goals = re.search(r"\*\*Goals\*\*\s*\n((?:\s*(?:[-*]|\d+\.) .*\n?)+)", text)
    n_goals = len(goals.group(1).strip().splitlines()) if goals else 0
    if not 2 <= n_goals <= 4:
        problems.append(f"cell 0 must list 2-4 goals under **Goals**, found {n_goals}")
    return problems


def _check_setup(cells: list[dict]) -> list[str]:
    problems = []
    if len(cells) < 3 or _source(cells[1]).strip() != BOOTSTRAP_SOURCE.strip():
        problems.append("cell 1 must be the bootstrap cell, identical to BOOTSTRAP_SOURCE")
    seeding = [
        i
        for i, c in enumerate(cells)
        if c.get("cell_type") == "code" and "seed_everything(" in _source(c)
    ]
    if seeding != [2]:
        problems.append(
            f"exactly one seed_everything(...) call, in cell 2 (the imports); "
            f"found it in cells {seeding}"
        )
    return problems


def _sections(cells: list[dict]) -> list[tuple[str, int]]:
    """(heading line, cell index) of every H2 heading in markdown cells."""
    found = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") == "markdown":
            found += [
                (line.strip(), i) for line in _source(cell).splitlines() if line.startswith("## ")
            ]
    return found


def _section_cells(cells: list[dict], heads: list[tuple[str, int]], prefix: str) -> list[dict]:
    """The cells from the first heading starting with `prefix` to the next H2 heading."""
    for k, (line, start) in enumerate(heads):
        if line.startswith(prefix):
            end = heads[k + 1][1] if k + 1 < len(heads) else len(cells)
            return cells[start : max(end, start + 1)]
    return []


def _check_sections(cells: list[dict], required: tuple[str, ...]) -> list[str]:
    heads = _sections(cells)
    positions = []
    problems = []
    for prefix in required:
        idx = next((k for k, (line, _) in enumerate(heads) if line.startswith(prefix)), None)
        if idx is None:
            problems.append(f"missing section '{prefix} ...'")
        else:
            positions.append((idx, prefix))
    if [p for _, p in sorted(positions)] != [p for _, p in positions]:
        problems.append(f"sections out of order; expected {list(required)}")
    return problems + _check_section_content(cells, heads, required)


def _check_section_content(cells: list[dict], heads, required) -> list[str]:
    problems = []

    def text_of(prefix: str, kind: str) -> str:
        return "\n".join(
            _source(c) for c in _section_cells(cells, heads, prefix) if c.get("cell_type") == kind
        )

    if "## The formula" in required and "$$" not in text_of("## The formula", "markdown"):
        problems.append("the formula section must show the lecture's formula in $$ LaTeX $$")
    if "## Check against torch" in required and "torch" not in text_of(
        "## Check against torch", "code"
    ):
        problems.append("the torch section must have code that compares against torch")
    if "check_" not in text_of("## Exercises", "code"):
        problems.append("the exercises must call a check_* helper from rnnlab.exercises")
    questions = re.findall(r"^\s*\d+\.\s+\S", text_of("## Questionnaire", "markdown"), re.M)
    if len(questions) < 3:
        problems.append(
            f"the questionnaire needs at least 3 numbered questions, found {len(questions)}"
        )
    return problems


def _check_outputs(cells: list[dict]) -> list[str]:
    problems = []
    code = [
        (i, c) for i, c in enumerate(cells) if c.get("cell_type") == "code" and _source(c).strip()
    ]
    counts = [c.get("execution_count") for _, c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(
            f"code cells must be executed once, top to bottom (counts 1..{len(code)}),"
            f" found {counts[:10]}{'...' if len(counts) > 10 else ''}"
        )
    for i, cell in code:
        tags = cell.get("metadata", {}).get("tags", [])
        outputs = cell.get("outputs", [])
        if any(o.get("output_type") == "error" for o in outputs) and "raises-exception" not in tags:
            problems.append(f"cell {i} stores an error output")
        if WIDGET_RE.search(_source(cell)) and IGNORE_TAG not in tags:
            problems.append(f"cell {i} builds a widget and must carry the '{IGNORE_TAG}' tag")
        text = json.dumps(
            [{k: v for k, v in o.items() if k != "data"} for o in outputs]
            + [o.get("data", {}).get("text/plain", "") for o in outputs]
        )
        if PATH_RE.search(text):
            problems.append(f"cell {i} output shows an absolute path: {PATH_RE.search(text)[0]}")
    return problems


def _check_slides(cells: list[dict]) -> list[str]:
    problems = []
    for i, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown" or not _source(cell).startswith(("# ", "## ")):
            continue
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if kind not in SLIDE_TYPES:
            problems.append(
                f"cell {i} opens a section and must start a slide: metadata slideshow.slide_type "
                f"'slide' or 'subslide' (nbbuild.md(..., slide='slide')), found {kind!r}"
            )
    return problems


def check_notebook(nb: dict, filename: str, size_bytes: int | None = None) -> list[str]:
    """Return the list of ways notebook `nb` (parsed JSON) breaks the template; [] if none."""
    problems = []
    if not NAME_RE.match(filename):
        problems.append(f"file name must look like NN_topic.ipynb, got {filename}")
    cells = nb.get("cells", [])
    required = INDEX_SECTIONS if filename == INDEX_NOTEBOOK else SECTIONS
    problems += _check_title(cells, filename)
    problems += _check_setup(cells)
    problems += _check_sections(cells, required)
    problems += _check_outputs(cells)
    problems += _check_slides(cells)
    if size_bytes is not None and size_bytes > MAX_BYTES:
        problems.append(f"notebook is {size_bytes / 1e6:.2f} MB, the limit is 2 MB")
    return problems


def check_file(path: str | Path) -> list[str]:
    """:func:`check_notebook` on a file."""
    path = Path(path)
    return check_notebook(
        json.loads(path.read_text(encoding="utf-8")), path.name, path.stat().st_size
    )


def main(argv: list[str] | None = None) -> int:
    paths = argv if argv is not None else sys.argv[1:]
    failed = 0
    for path in paths:
        problems = check_file(path)
        failed += bool(problems)
        print(f"{path}: {'ok' if not problems else ''}")
        for p in problems:
            print(f"  - {p}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
