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

LIMIT_MS = 100.0

# installed once per widget view: stamps key presses and paints, records heights, reads the PNG
WATCH = """(view) => {
  const s = {t0: null, times: [], heights: [], lastSrc: null, ratio: null, meta: {}};
  const img = () => { const all = view.querySelectorAll('img'); return all[all.length - 1]; };
  s.lastSrc = img() ? img().src : null;
  view.addEventListener('keydown', () => { s.t0 = performance.now(); }, true);
  new ResizeObserver(es => es.forEach(e => s.heights.push(e.contentRect.height))).observe(view);
  new MutationObserver(() => {
    const now = img();
    if (s.t0 === null || !now || now.src === s.lastSrc) return;
    s.lastSrc = now.src;
    const t0 = s.t0;
    s.t0 = null;
    now.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
      s.times.push(performance.now() - t0);
      s.ratio = now.naturalWidth / now.getBoundingClientRect().width;
    }));
  }).observe(view, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
  window.__rnnlab_watch = s;
}"""

# the tEXt chunks of the widget's current PNG: {keyword: text}
PNG_TEXT = """async (view) => {
  const all = view.querySelectorAll('img');
  const img = all[all.length - 1];
  if (!img) return {};
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  const out = {};
  let at = 8;
  while (at + 8 <= bytes.length) {
    const len = (bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3]) >>> 0;
    const type = String.fromCharCode(...bytes.slice(at + 4, at + 8));
    if (type === 'tEXt' || type === 'iTXt') {
      const body = bytes.slice(at + 8, at + 8 + len);
      const cut = body.indexOf(0);
      const key = new TextDecoder('latin1').decode(body.slice(0, cut));
      out[key] = new TextDecoder('utf-8').decode(body.slice(type === 'iTXt' ? cut + 5 : cut + 1));
    }
    if (type === 'IEND') break;
    at += 12 + len;
  }
  return out;
}"""

# the smallest computed font size (CSS px) of any visible text of the widget outside its picture
CONTROL_TEXT = """(view) => {
  let least = Infinity;
  const walk = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (!walk.currentNode.textContent.trim() || !el || !el.offsetParent) continue;
    least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
  }
  view.querySelectorAll('input').forEach(el => {
    if (el.offsetParent) least = Math.min(least, parseFloat(getComputedStyle(el).fontSize));
  });
  return least;
}"""


def start_lab(base: Path) -> tuple[subprocess.Popen, str]:
    """A JupyterLab serving a copy of notebooks/ under `base`; (process, url)."""
    import conftest  # tests/browser/conftest.py: the test's settings and helpers

    root = base / "notebooks"
    shutil.copytree(lab.NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, value in conftest.LAB_SETTINGS.items():
        path = base / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "ws"), JUPYTER_RUNTIME_DIR=str(base / "rt"),
               JUPYTER_CONFIG_DIR=str(base / "cfg"), JUPYTER_DATA_DIR=str(base / "data"))  # fmt: skip
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


def _press_keys(page, view, presses: int) -> str:
    """Press keys on the widget's first slider (or edit its text box); return what was pressed."""
    sliders = view.locator(".widget-slider .noUi-handle")
    if sliders.count():
        handle = sliders.first
        handle.focus()
        keys = ["ArrowRight", "ArrowLeft"] * presses
        label = "slider " + view.locator(".widget-slider .widget-label").first.inner_text()
    else:
        box = view.locator(".widget-text input").first
        box.focus()
        box.press("End")
        keys = ["Enter"] * presses
        label = "text + Enter"
    for i, key in enumerate(keys[:presses]):
        if label.startswith("text"):
            box.type("!" if i % 2 == 0 else "?")
        (handle if label.startswith("slider") else box).press(key)
        try:
            page.wait_for_function(f"() => window.__rnnlab_watch.times.length > {i}", timeout=8000)
        except Exception:  # playwright's TimeoutError: this press painted nothing
            pass
        page.wait_for_function(lab.KERNEL_IDLE)
    return label.strip()


def measure_view(page, view, presses: int) -> dict:
    """Latency, sharpness, smallest text and height stability of one widget view."""
    view.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    view.evaluate(WATCH)
    control = _press_keys(page, view, presses)
    page.wait_for_timeout(300)
    state = page.evaluate("() => window.__rnnlab_watch")
    meta = view.evaluate(PNG_TEXT)
    ratio = state["ratio"] or 0.0
    text_px = float(meta["rnnlab:min-text-px"]) / ratio if "rnnlab:min-text-px" in meta else None
    heights = state["heights"]
    return {
        "control": control,
        "times": state["times"],
        "ratio": ratio,
        "picture_text_px": text_px,
        "control_text_px": view.evaluate(CONTROL_TEXT),
        "heights": [min(heights), max(heights)] if heights else [],
        "alt": meta.get("Description", ""),
    }


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
    pic = f"{row['picture_text_px']:.1f}" if row["picture_text_px"] else "?"
    lo, hi = row["heights"] or [0, 0]
    stable = "yes" if hi - lo < 1 else f"no ({lo:.0f}-{hi:.0f} px)"
    return (f"| {row['widget']} | {pic} | {row['control_text_px']:.1f} | {row['ratio']:.2f} "
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
    paths = [p for p in paths if not args.notebooks or any(p.stem.startswith(n) for n in args.notebooks)]  # fmt: skip
    base = Path(tempfile.mkdtemp(prefix="rnnlab-bench-"))
    proc, url = start_lab(base)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=conftest.CHROMIUM,
                                        args=["--no-sandbox", "--disable-gpu",
                                              "--disable-dev-shm-usage"])  # fmt: skip
            page = browser.new_page(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
            page.set_default_timeout(60_000)
            for path in paths:
                rows += measure_notebook(page, url, base / "notebooks" / path.name, args.presses)
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
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
