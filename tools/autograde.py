"""nbgrader on the graded edition: generate_assignment, then autograde two submissions.

Usage:
    python tools/autograde.py [STEM ...] [--build build] [--all]

From build/grading/source/rnnlab (`python tools/grading.py`, `make student`), a course folder
under build/grading/course holding the chosen notebooks: nbgrader generate_assignment makes the
release (the student edition), then autograde grades two submissions, 'solved' (the worked
solutions: the source notebooks) and 'stub' (the release as handed out, unanswered). Exit code
0 only if every notebook of 'solved' has full marks and every notebook of 'stub' has zero.

The default notebooks are the quick ones with implementation exercises (autograde executes a
whole notebook, training cells included): 00, 02, 04 and 06. --all grades every notebook.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "rnnlab"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
QUICK = ["00_start_here", "02_rnn_formula", "04_hello", "06_bptt"]
CONFIG = """c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "rnnlab"
c.CourseDirectory.root = {root!r}
c.Execute.timeout = 300
"""


def _files(folder: Path, stems: list[str]) -> list[Path]:
    """The notebooks `stems` of `folder`, with their checks module and the self-check runtime."""
    names = [f"{s}.ipynb" for s in stems] + [f"checks_{s}.py" for s in stems] + ["selfcheck.py"]
    return [folder / n for n in names]


def _copy(files: list[Path], to: Path) -> None:
    to.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, to / f.name)


def answered(path: Path, source: Path) -> None:
    """The released notebook at `path` with every answer cell as the worked solution writes it
    (the source's cell without nbgrader's markers): what a student who solved it hands in."""
    import nbformat

    nb, src = nbformat.read(str(path), as_version=4), nbformat.read(str(source), as_version=4)
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in src.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = solutions[meta["grade_id"]].splitlines()
            cell.source = "\n".join(ln for ln in lines if ln.strip() not in MARKERS)
    nbformat.write(nb, str(path))


def nbgrader(course: Path, *args: str) -> None:
    cmd = [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"]
    quiet = dict(os.environ, PYTHONWARNINGS="ignore")  # SQLAlchemy's warnings inside nbgrader
    subprocess.run(cmd, cwd=course, check=True, env=quiet)


def scores(course: Path, stems: list[str]) -> dict[str, dict[str, tuple[float, float]]]:
    """student -> notebook -> (score, max score), read from the gradebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in ("solved", "stub"):
            out[student] = {
                s: (nb.score, nb.max_score)
                for s in stems
                for nb in [gb.find_submission_notebook(s, ASSIGNMENT, student)]
            }
    return out


def grade(stems: list[str], build: Path) -> list[str]:
    """Generate, submit twice, autograde; the problems (empty when solved is full, stub zero)."""
    build = build.resolve()  # nbgrader's course root must be absolute
    source = build / "grading" / "source" / ASSIGNMENT
    course = build / "grading" / "course"
    shutil.rmtree(course, ignore_errors=True)
    _copy(_files(source, stems), course / "source" / ASSIGNMENT)
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course)))
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    release = course / "release" / ASSIGNMENT
    solved = course / "submitted" / "solved" / ASSIGNMENT
    _copy(_files(release, stems), solved)
    for stem in stems:
        answered(solved / f"{stem}.ipynb", source / f"{stem}.ipynb")
    _copy(_files(release, stems), course / "submitted" / "stub" / ASSIGNMENT)
    nbgrader(course, "autograde", ASSIGNMENT, "--create", "--force")
    problems = []
    for student, table in scores(course, stems).items():
        for stem, (score, top) in table.items():
            print(f"{student:6s} {stem}: {score:g} / {top:g}", flush=True)
            if top == 0 or score != (top if student == "solved" else 0):
                problems.append(f"{student} {stem}: {score:g} / {top:g}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stems", nargs="*")
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--all", action="store_true", help="every notebook built")
    args = parser.parse_args(argv)
    source = args.build / "grading" / "source" / ASSIGNMENT
    stems = args.stems or (sorted(p.stem for p in source.glob("*.ipynb")) if args.all else QUICK)
    problems = grade(stems, args.build)
    for problem in problems:
        print("  not as expected: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
