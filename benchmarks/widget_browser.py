"""Key press -> painted picture, in a real JupyterLab + Chromium, for every widget of the notebooks.

For each notebook with a widget cell (a glob) the script opens it in JupyterLab, runs the widget
cells and the cells they need (``tests/browser/browser_lab.py``), then for each widget focuses its
first slider handle and presses ArrowRight / ArrowLeft `--presses` times, one press after the
previous picture was painted. Inside the page a capture-phase ``keydown`` listener stamps
``performance.now()``; a MutationObserver sees the new picture (a new ``<img>`` or a new ``src``),
and ``img.decode()`` then ``requestAnimationFrame`` stamps when it is painted. A widget without a
slider (a text box) gets its text edited and Enter pressed instead.

Also per widget: image px per CSS px of the picture (naturalWidth / displayed width, at device
scale 1), the smallest text in CSS px (picture text from the PNG's ``rnnlab:min-text-px`` tEXt
chunk divided by that ratio; control text from the page's computed font sizes) and whether the
widget kept its height during the presses (a ResizeObserver records every height it took).

Usage: python benchmarks/widget_browser.py [--presses N] [--json FILE] [notebook-stem ...]
Prints a markdown table and the machine's load; exits 1 if a median is above 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import browser_lab as lab  # noqa: E402
from browser_measure import measure_view  # noqa: E402

LIMIT_MS = 100.0


def start_lab(base: Path) -> tuple[subprocess.Popen, str]:
    """A JupyterLab serving a copy of notebooks/ under `base`; (process, url)."""
    import conftest  # tests/browser/conftest.py: the test's settings and helpers

    root = base / "notebooks"
    shutil.copytree(lab.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, value in conftest.LAB_SETTINGS.items():
        path = base / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    dirs = {"SETTINGS": "settings", "WORKSPACES": "ws"}
    env = dict(os.environ, **{f"JUPYTERLAB_{k}_DIR": str(base / v) for k, v in dirs.items()})
    for name in ("RUNTIME", "CONFIG", "DATA"):  # ignore the user's own jupyter setup
        env[f"JUPYTER_{name}_DIR"] = str(base / name.lower())
    port = conftest._free_port()
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
           "--IdentityProvider.token=", "--ServerApp.password=", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]  # fmt: skip
    log = (base / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    conftest._wait_for_server(url, proc, base / "server.log")
    return proc, url


def builder_name(path: Path, index: int) -> str:
    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][index]
    found = lab.WIDGET_RE.search("".join(cell["source"]))
    source = "".join(cell["source"])
    start = source.find("make_")
    return source[start : source.find("(", start)] if start >= 0 else found.group(0)


def measure_notebook(page, url: str, path: Path, presses: int) -> list[dict]:
    cells = lab.widget_cells(path)
    lab.open_notebook(page, url, path.name)
    failed = lab.run_cells(page, lab.cells_needed(path, cells), 300_000)
    rows = []
    for index in cells if not failed else []:
        handles = page.evaluate_handle(lab.TOP_WIDGETS, index)
        for k, handle in enumerate(handles.get_properties().values()):
            view = page.locator(f"#{lab._tag(handle.as_element(), index, k)}")
            row = measure_view(page, view, presses)
            row["widget"] = f"{path.stem[:2]} {builder_name(path, index)}"
            rows.append(row)
            print(f"  {row['widget']}: {summary(row)}", file=sys.stderr, flush=True)
    lab.close_notebook(page)
    return rows


def summary(row: dict) -> str:
    t = row["times"]
    med = f"{statistics.median(t):.0f}" if t else "-"
    worst = f"{max(t):.0f}" if t else "-"
    pic = f"{row['picture_text_px']:.1f}" if row["picture_text_px"] else "-"
    ratio = f"{row['ratio']:.2f}" if row.get("picture", True) else "(HTML)"
    lo, hi = row["heights"] or [0, 0]
    stable = "yes" if hi - lo < 1 else f"no ({lo:.0f}-{hi:.0f} px)"
    return (f"| {row['widget']} | {pic} | {row['control_text_px']:.1f} | {ratio} "
            f"| {med} | {worst} | {len(t)} | {stable} |")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("notebooks", nargs="*", help="only these notebook stems (e.g. 00_start)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    import conftest

    paths = [p for p in sorted(lab.NOTEBOOKS.glob("*.ipynb")) if lab.widget_cells(p)]
    if args.notebooks:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in args.notebooks)]
    base = Path(tempfile.mkdtemp(prefix="rnnlab-bench-"))
    proc, url = start_lab(base)
    rows, failed = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=conftest.CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage"])  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.set_default_timeout(60_000)
            for path in paths:
                try:
                    rows += measure_notebook(page, url, base / "notebooks" / path.name,
                                             args.presses)  # fmt: skip
                except Exception as exc:  # report it, measure the other notebooks
                    print(f"  {path.stem}: FAILED {exc!r:.300}", file=sys.stderr, flush=True)
                    failed.append(path.stem)
                    lab.close_notebook(page)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        shutil.rmtree(base, ignore_errors=True)
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print("| widget | picture text px | control text px | image px / CSS px | median ms "
          "| max ms | presses | height stable |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|:-:|")
    for row in rows:
        print(summary(row))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    slow = [r for r in rows if not r["times"] or statistics.median(r["times"]) > LIMIT_MS]
    if failed:
        print(f"not measured (failed): {', '.join(failed)}")
    return 1 if slow or failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
