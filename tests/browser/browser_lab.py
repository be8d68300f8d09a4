"""Driving one notebook in JupyterLab with Playwright, and what the tests check there.

:func:`check_notebook` opens a notebook, checks the stored view (static pictures, no widget
error), runs it, checks every widget cell, moves one control of each widget and checks that the
widget's output changed without an error, then checks the style of each working widget (a sharp
picture, no text below 12 CSS px, the same height across 10 moves). It returns a
:class:`Report` listing the problems instead of stopping at the first, so one page load shows
everything that is broken.
"""

from __future__ import annotations

import ast
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from browser_measure import KERNEL_IDLE, STYLE_MOVES, measure_view, style_problems
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from notebook_template import WIDGET_RE  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

# run the given cells (selected together) and park the outcome on window.__rnnlab_run
RUN_CELLS = """(indices) => {
  const app = window.jupyterapp;
  const nb = app.shell.currentWidget.content;
  window.__rnnlab_run = null;
  app.commands.execute('notebook:clear-all-cell-outputs');
  nb.activeCellIndex = indices[0];
  nb.deselectAll();
  indices.forEach(i => nb.select(nb.widgets[i]));
  app.commands.execute('notebook:run-cell').then(
    ok => { window.__rnnlab_run = {ok: ok}; },
    err => { window.__rnnlab_run = {error: String(err)}; });
}"""

CELL_ERRORS = """(indices) => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  const found = [];
  indices.map(i => [cells[i], i]).forEach(([cell, i]) => {
    if (cell.model.type !== 'code') return;
    if (cell.model.executionCount === null && cell.model.sharedModel.getSource().trim()) {
      found.push(`cell ${i} did not run`);
    }
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error') found.push(`cell ${i} raised ${out.ename}: ${out.evalue}`);
    }
  });
  return found;
}"""

# the widget views at the top of a cell's output area (not those nested in another widget)
TOP_WIDGETS = """(index) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
  const outs = cell.outputArea.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets');
  return Array.from(outs).filter(w => !w.parentElement.closest('.jupyter-widgets'));
}"""

# what a widget shows, outside its controls: its text, a digest of each picture's bytes (not its
# src: a new blob URL may hold the same picture, e.g. the sharp frame after a draft) and its SVGs
# (without their icon ids, which change on a redraw even when the picture does not)
SNAPSHOT = """async (widget) => {
  const copy = widget.cloneNode(true);
  copy.querySelectorAll('.widget-slider, .widget-readout, .widget-dropdown, .widget-checkbox,'
    + ' .widget-text, .widget-toggle-button, .widget-toggle-buttons, .widget-label')
    .forEach(n => n.remove());
  const parts = [copy.textContent];
  for (const img of copy.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    try {
      const bytes = await (await fetch(src)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
      parts.push(Array.from(digest, b => b.toString(16).padStart(2, '0')).join(''));
    } catch (e) { parts.push(src); }
  }
  copy.querySelectorAll('svg').forEach(svg => parts.push(
    svg.outerHTML.replace(/ data-icon-id="[^"]*"/g, '')));
  return parts.join('\\n');
}"""

# count the kernel's busy spells, to know when the messages a slider move caused are all in
COUNT_BUSY = """() => {
  const context = window.jupyterapp.shell.currentWidget.sessionContext;
  if (window.__rnnlab_busy === undefined) window.__rnnlab_busy = 0;
  if (window.__rnnlab_counted !== context) {  // one listener per notebook opened
    window.__rnnlab_counted = context;
    context.statusChanged.connect((_, status) => {
      if (status === 'busy') window.__rnnlab_busy += 1;
    });
  }
  return window.__rnnlab_busy;
}"""

ERROR_TEXT = "Error displaying widget"
# what ipywidgets shows instead of a widget: no model, a view that fails to load (a front-end
# that does not match the kernel's ipywidgets), or a view that never arrives
WIDGET_ERRORS = (ERROR_TEXT, "Click to show javascript error", "Loading widget...")


@dataclass
class Report:
    notebook: str
    widgets: int = 0
    moved: list[str] = field(default_factory=list)
    screenshots: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    ran: str = ""
    style: list[dict] = field(default_factory=list)

    def save(self, folder: Path) -> None:
        row = {k: v for k, v in self.__dict__.items()}
        (folder / f"{Path(self.notebook).stem}.json").write_text(json.dumps(row, indent=1))

    def line(self) -> str:
        return (
            f"{self.notebook}: ran {self.ran}, {self.widgets} widget(s), moved {self.moved}, "
            f"{self.seconds:.1f} s, screenshots {self.screenshots}"
        )


def widget_cells(path: Path) -> list[int]:
    """Indices of the code cells of notebook `path` that build a widget (the template's rule)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and WIDGET_RE.search("".join(c["source"]))
    ]


def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell binds or changes in place, names it reads), from its Python syntax."""
    code = "\n".join(
        "pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()
    )
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set(), set()
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(
            node.ctx, ast.Load
        ):
            base = node.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                bound.add(base.id)  # d[k] = v or obj.x = v changes d / obj
    return bound, read


def cells_needed(path: Path, widget_indices: list[int]) -> list[int]:
    """The code cells the widget cells depend on, by name, with them and the imports cell.

    For each name a needed cell reads, the last earlier cell that binds or changes it is needed
    too, and so on. Cells nothing needed reads from (most experiments, the exercises) are left
    out: nbval runs them. A change made only through a call (``model.fit()``) is not seen; that
    can change what a widget shows, not whether it is built and redraws.
    """
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = {
        i: _names("".join(c["source"]))
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and "".join(c["source"]).strip()
    }
    todo = [i for i in code if i <= 2] + list(widget_indices)  # bootstrap and imports always
    needed = set()
    while todo:
        j = todo.pop()
        if j in needed:
            continue
        needed.add(j)
        for name in code[j][1]:
            earlier = [k for k in code if k < j and name in code[k][0]]
            if earlier:
                todo.append(earlier[-1])
    return sorted(needed)


def _count_code_cells(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(c["cell_type"] == "code" and bool("".join(c["source"]).strip()) for c in cells)


def open_notebook(page, url: str, name: str, timeout_ms: int = 90_000) -> None:
    """Open notebook `name` and wait until its kernel is idle.

    The first call loads JupyterLab (a clean workspace); later calls open the notebook in the
    same page, which saves reloading the whole application for every notebook.
    """
    if page.url.startswith(f"{url}/lab"):
        page.evaluate(
            "(path) => { window.jupyterapp.commands.execute('docmanager:open', "
            "{path: path, factory: 'Notebook'}); }",
            name,
        )
        page.wait_for_function(
            "(name) => { const w = window.jupyterapp.shell.currentWidget;"
            " return !!w && !!w.context && w.context.path.endsWith(name); }",
            arg=name,
            timeout=timeout_ms,
        )
    else:
        page.goto(f"{url}/lab/tree/{name}?reset")
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_ms)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.content.widgets.length > 0")


def close_notebook(page) -> None:
    """Shut the kernel down and close the notebook without saving (no dialog)."""
    page.evaluate(
        """async () => {
          const panel = window.jupyterapp.shell.currentWidget;
          await panel.sessionContext.shutdown();
          panel.dispose();
        }"""
    )


def _cell(page, index: int):
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def check_stored_view(page, path: Path, cells: list[int], report: Report, shots: Path) -> None:
    """Before running: each widget cell shows its static picture, and no widget error."""
    for index in cells:
        cell = _cell(page, index)
        try:  # scrolling only helps the screenshot; the checks read the DOM either way
            cell.scroll_into_view_if_needed(timeout=5_000)
        except PlaywrightTimeout:
            pass
        area = cell.locator(".jp-OutputArea")
        text = area.inner_text()
        if any(e in text for e in WIDGET_ERRORS):
            report.problems.append(f"stored view: cell {index} shows {text.strip()[:80]!r}")
        elif area.locator("img").count() == 0:
            report.problems.append(f"stored view: cell {index} shows no static picture")
    if cells:
        name = f"{path.stem}-stored.png"
        _cell(page, cells[0]).screenshot(path=str(shots / name))
        report.screenshots.append(name)


def run_cells(page, indices: list[int], timeout_ms: int) -> str | None:
    """Run the cells `indices` in order; return an error message if the run failed or timed out."""
    page.evaluate(RUN_CELLS, indices)
    try:
        page.wait_for_function("() => window.__rnnlab_run !== null", timeout=timeout_ms)
    except Exception:  # playwright's TimeoutError
        return f"cells {indices} did not finish within {timeout_ms / 1000:.0f} s"
    outcome = page.evaluate("() => window.__rnnlab_run")
    page.wait_for_function(KERNEL_IDLE)
    return outcome.get("error")


def _move(widget) -> str | None:
    """Change one control of `widget`; return a description, or None if it has none to move."""
    sliders = widget.locator(".widget-slider")
    if sliders.count():
        slider = sliders.first
        label = slider.locator(".widget-label").first.inner_text().strip() or "?"
        readout = slider.locator(".widget-readout").first
        handle = slider.locator(".noUi-handle").first
        before = readout.inner_text().strip()
        handle.focus()
        for key in ("PageUp", "PageDown"):  # PageDown when the slider already sits at its max
            handle.press(key)
            for _ in range(10):  # the readout follows the handle within a frame or two
                after = readout.inner_text().strip()
                if after != before:
                    return f"slider {label} {before} -> {after}"
                widget.page.wait_for_timeout(50)
        return None
    selects = widget.locator(".widget-dropdown select")
    if selects.count():
        options = selects.first.locator("option").all_inner_texts()
        current = selects.first.input_value()
        values = selects.first.evaluate("s => Array.from(s.options).map(o => o.value)")
        other = next((v for v in values if v != current), None)
        if other is not None:
            selects.first.select_option(other)
            return f"dropdown {options[values.index(other)]}"
    numbers = widget.locator(".widget-text input[type=number]")
    if numbers.count():  # an IntText/FloatText: one more than its value
        value = numbers.first.input_value() or "0"
        new = str(float(value) + 1) if "." in value else str(int(value) + 1)
        numbers.first.fill(new)
        numbers.first.press("Enter")
        return f"number {value} -> {new}"
    texts = widget.locator(".widget-text input")
    if texts.count():
        value = texts.first.input_value()
        texts.first.fill(f"{value} and yet")
        texts.first.press("Enter")
        return f"text {value!r} -> {value + ' and yet'!r}"
    boxes = widget.locator(".widget-checkbox input")
    if boxes.count():
        boxes.first.click()
        return "checkbox"
    return None


def check_widgets(page, path: Path, cells: list[int], report: Report, shots: Path) -> None:
    """After running: every widget cell rendered widgets; each one reacts to a control."""
    outputs = " ".join(page.locator(".jp-Notebook .jp-OutputArea").all_inner_texts())
    if ERROR_TEXT in outputs:
        report.problems.append(f"an output shows {ERROR_TEXT!r}")
    for index in cells:
        handles = page.evaluate_handle(TOP_WIDGETS, index)
        views = [h.as_element() for h in handles.get_properties().values()]
        cell = _cell(page, index)
        cell_text = cell.locator(".jp-OutputArea").first.inner_text()
        bad = [e for e in WIDGET_ERRORS if e in cell_text]
        if cell.locator(".jupyter-widgets-error-widget").count():
            bad.append("a widget error (its view failed to load)")
        if bad or not views:
            what = f"shows {bad[0]!r}" if bad else "rendered no widget"
            report.problems.append(f"cell {index} {what}: {cell_text.strip()[:120]!r}")
            continue
        for k, view in enumerate(views):
            report.widgets += 1
            _check_one(page, path, index, k, view, report, shots)


def _settled_snapshot(page, view, busy_before: int) -> str:
    """The widget's snapshot once the kernel has answered the move and the page stopped changing."""
    page.wait_for_function(
        f"() => window.__rnnlab_busy > {busy_before} && ({KERNEL_IDLE})()", timeout=15_000
    )
    last = view.evaluate("w => window.__rnnlab_snapshot(w)")
    steady = 0  # outputs render asynchronously after the kernel went idle, and a widget's
    for _ in range(50):  # sharp frame follows its draft 0.25 s later: wait for 0.6 s unchanged
        page.wait_for_timeout(100)
        now = view.evaluate("w => window.__rnnlab_snapshot(w)")
        steady = steady + 1 if now == last else 0
        if steady >= 6:
            break
        last = now
    return last


def _check_one(page, path, index, k, view, report, shots) -> None:
    where = f"cell {index} widget {k}"
    view.scroll_into_view_if_needed()
    page.evaluate(f"() => {{ window.__rnnlab_snapshot = {SNAPSHOT}; }}")
    before = view.evaluate("w => window.__rnnlab_snapshot(w)")
    busy = page.evaluate(COUNT_BUSY)
    start = time.perf_counter()
    moved = _move(page.locator(f"#{_tag(view, index, k)}"))
    if moved is None:
        report.problems.append(f"{where} has no control that moves")
        return
    try:
        after = _settled_snapshot(page, view, busy)
    except Exception:  # playwright's TimeoutError: the kernel never answered
        report.problems.append(f"{where}: the kernel did not answer {moved}")
        return
    seconds = time.perf_counter() - start
    stderr = view.query_selector_all('[data-mime-type="application/vnd.jupyter.stderr"]')
    if stderr:
        message = " | ".join(_last_line(s.inner_text()) for s in stderr)
        report.problems.append(f"{where}: error after {moved}: {message}")
    elif after == before:
        report.problems.append(f"{where}: output did not change after {moved}")
    else:
        report.moved.append(f"{moved} ({seconds:.1f} s)")
        row = measure_view(page, page.locator(f"#{_tag(view, index, k)}"), STYLE_MOVES,
                           settle=False)  # fmt: skip
        report.style.append({"where": where, **{k: v for k, v in row.items() if k != "times"}})
        report.problems += style_problems(row, where)
    name = f"{path.stem}-cell{index}-w{k}-moved.png"
    view.screenshot(path=str(shots / name))
    report.screenshots.append(name)


def _tag(view, index: int, k: int) -> str:
    """Give the element an id so a Locator can find it again."""
    ident = f"rnnlab-w{index}-{k}"
    view.evaluate("(el, id) => { el.id = id; }", ident)
    return ident


def check_notebook(page, url: str, path: Path, shots: Path, run_timeout_ms: int) -> Report:
    """The whole browser check of one notebook; see the module docstring."""
    start = time.perf_counter()
    report = Report(path.name)
    cells = widget_cells(path)
    open_notebook(page, url, path.name)
    check_stored_view(page, path, cells, report, shots)
    needed = cells_needed(path, cells)
    report.ran = f"{len(needed)} of {_count_code_cells(path)} code cells"
    failed = run_cells(page, needed, run_timeout_ms)
    if failed:
        report.problems.append(failed)
    report.problems += page.evaluate(CELL_ERRORS, needed)
    if not failed:
        check_widgets(page, path, cells, report, shots)
    close_notebook(page)
    report.seconds = time.perf_counter() - start
    report.save(shots)
    return report


def _last_line(text: str) -> str:
    """The last non-empty line of a traceback or warning: the message itself."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""
