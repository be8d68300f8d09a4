"""Build the companion as a static HTML book (what `make book` runs).

Usage: python tools/build_book.py [--out build/book] [--mathjax DIR]

Jupyter Book 1 (Sphinx, MyST-NB, the book theme; all from PyPI) renders every notebook with its
stored outputs, never executing one: the widgets show the pictures they store. The table of
contents is the notebooks in lecture order (their numbers), notebook 00, with its lecture map, is
the front page, and every page has Colab and Binder launch links for this release (the address and
the version come from rnnlab.package.package_info). The build needs no network: with --mathjax (a
folder holding MathJax 3's es5/tex-mml-chtml.js, e.g. from `npm install mathjax@3`) the formulas
are typeset by a local copy, else the page asks MathJax's CDN. The site is OUT/_build/html.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from notebook_template import RELEASE, REPO  # noqa: E402

TITLE = "rnnlab · Lecture 4: Recurrent Neural Networks"
MATHJAX_FILE = "es5/tex-mml-chtml.js"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"


def notebooks() -> list[Path]:
    """The lecture's notebooks in order: NN_topic.ipynb sorted by their number."""
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def toc(paths: list[Path]) -> str:
    """_toc.yml: notebook 00 as the root (the front page), the others as chapters in order."""
    root, *rest = (p.stem for p in paths)
    chapters = "".join(f"  - file: {stem}\n" for stem in rest)
    return f"format: jb-book\nroot: {root}\nchapters:\n{chapters}"


def config(mathjax: bool) -> str:
    """_config.yml: no execution, launch buttons for this release, offline-friendly Sphinx."""
    sphinx = {
        "html_show_copyright": False,
        "html_last_updated_fmt": None,
        "nb_merge_streams": True,
        "suppress_warnings": [
            "myst.header",
            "mystnb.unknown_mime_type",
            "misc.highlighting_failure",
        ],
    }
    if mathjax:
        # copied beside the pages as they are (html_extra_path): a path relative to _static/
        sphinx["mathjax_path"] = f"../_mathjax/{MATHJAX_FILE}"
        sphinx["html_extra_path"] = ["_extra"]
    # YAML is a superset of JSON: json.dumps writes values that YAML reads back unchanged
    return "\n".join(
        [
            f"title: {json.dumps(TITLE)}",
            'author: "rnnlab contributors"',
            "only_build_toc_files: true",
            "execute:",
            '  execute_notebooks: "off"',
            "repository:",
            f'  url: "https://github.com/{REPO}"',
            '  path_to_book: "notebooks"',
            f'  branch: "{RELEASE}"',
            "launch_buttons:",
            '  notebook_interface: "jupyterlab"',
            '  binderhub_url: "https://mybinder.org"',
            '  colab_url: "https://colab.research.google.com"',
            "html:",
            "  use_repository_button: false",
            "  use_issues_button: false",
            "  use_edit_page_button: false",
            "sphinx:",
            f"  local_extensions: {json.dumps({'book_ext': str(ROOT / 'tools')})}",
            f"  config: {json.dumps(sphinx)}",
            "",
        ]
    )


def _at_release(text: str) -> str:
    """Notebook JSON whose Colab and Binder badges open this release, not the main branch, and
    are text links: the badge pictures live on other sites, and the book must read offline."""
    text = text.replace(f"{REPO}/blob/main/", f"{REPO}/blob/{RELEASE}/")
    text = text.replace(f"/gh/{REPO}/main?", f"/gh/{REPO}/{RELEASE}?")
    return text.replace(f"[![Open In Colab]({COLAB_BADGE})]", "[Open in Colab]").replace(
        f"[![Binder]({BINDER_BADGE})]", "[Open in Binder]"
    )


def stage(src: Path, mathjax_dir: Path | None) -> int:
    """Lay out the book's sources in `src` (a fresh folder); return the number of pages."""
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    paths = notebooks()
    for path in paths:
        nb = json.loads(_at_release(path.read_text(encoding="utf-8")))
        for cell in nb["cells"][:3]:  # a reader of the book runs nothing: hide the bootstrap
            if cell["cell_type"] == "code" and "".join(cell["source"]).startswith("# Bootstrap"):
                cell["metadata"].setdefault("tags", []).append("remove-cell")
        (src / path.name).write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    (src / "_toc.yml").write_text(toc(paths), encoding="utf-8")
    (src / "_config.yml").write_text(config(mathjax_dir is not None), encoding="utf-8")
    if mathjax_dir is not None:
        shutil.copytree(mathjax_dir / "es5", src / "_extra" / "_mathjax" / "es5")
    return len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book")
    parser.add_argument("--mathjax", type=Path, default=None, help="MathJax 3 package folder")
    args = parser.parse_args(argv)
    if args.mathjax is not None and not (args.mathjax / MATHJAX_FILE).is_file():
        parser.error(f"--mathjax {args.mathjax} holds no {MATHJAX_FILE}")
    start = time.perf_counter()
    src = args.out / "src"
    pages = stage(src, args.mathjax)
    jb = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]
    cmd = [*jb, "build", "--all", "--path-output", str(args.out)]
    subprocess.run([*cmd, "--warningiserror", "--keep-going", str(src)], check=True)
    html = args.out / "_build" / "html"
    print(f"book: {pages} pages in {time.perf_counter() - start:.1f} s -> {html}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
