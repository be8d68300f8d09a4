"""Milliseconds from a slider change to a drawn figure, for every widget in rnnlab.widgets.

Discovers every ``make_*_widget`` function in every module of ``rnnlab.widgets``, builds it with
its defaults (a builder with required arguments, e.g. a trained model, is listed as skipped),
and moves every slider across its range (min, quarter, middle, three quarters, max, and back to
the default). One move is timed from ``control.value = v`` (which runs
the panel's observer synchronously outside a kernel) to the PNG the panel displays
(``WidgetPanel.render``: the figure drawn and rendered at 2 image px per CSS px). The same moves
made inside an event loop, as in a kernel, give the draft frame's CPU time (1 image px per CSS
px; the sharp frame follows 0.25 s after the last move).

Both wall-clock and CPU time (time.process_time, this process only) are reported. On a shared
machine the wall clock also counts the time other processes hold the CPU, so the verdict uses the
CPU-time median; compare the two columns to see how much of the wall time was waiting.
Goal: median <= 50 ms per widget; must stay <= 100 ms.
Usage: python benchmarks/widget_latency.py [--repeats N] [module ...]
Prints a markdown table; exits 1 if a widget's median is above 100 ms or a move raised.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import inspect
import io
import os
import pkgutil
import statistics
import sys
import time
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

import rnnlab.widgets  # noqa: E402
from rnnlab.plots import style  # noqa: E402
from rnnlab.widgets import base  # noqa: E402
from rnnlab.widgets.base import WidgetPanel, figure_to_png  # noqa: E402

GOAL_MS, LIMIT_MS = 50.0, 100.0
SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider)


def discover(only: list[str]) -> list[tuple[str, str, object]]:
    """(module name, function name, function) for every make_*_widget in rnnlab.widgets."""
    found = []
    for info in sorted(pkgutil.iter_modules(rnnlab.widgets.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "base" or (only and info.name not in only):
            continue
        module = importlib.import_module(f"rnnlab.widgets.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("make_") and name.endswith("_widget"):
                if func.__module__ == module.__name__:
                    found.append((info.name, name, func))
    return found


def slider_values(control) -> list:
    """Values spread over the slider's range (or a control's options), ending at its default."""
    default = control.value
    if isinstance(control, widgets.SelectionSlider):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        picks = [options[round(q * (len(options) - 1))] for q in (0, 0.25, 0.5, 0.75, 1)]
        return [*picks, default]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.min, control.max  # exponents
        return [control.base ** (lo + q * (hi - lo)) for q in (0, 0.25, 0.5, 0.75, 1)] + [default]
    if hasattr(control, "options"):  # Dropdown, ToggleButtons, RadioButtons, ...
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [*options, default]
    if isinstance(default, str):  # a text box: an edit that repeats its first word, and back
        return [f"{default} {default.split()[0]}" if default.split() else "a", default]
    if isinstance(default, bool):  # Checkbox, ToggleButton
        return [not default, default]
    lo, hi = control.min, control.max
    values = [lo + q * (hi - lo) for q in (0, 0.25, 0.5, 0.75, 1)]
    if isinstance(control, widgets.IntSlider):
        values = [int(round(v)) for v in values]
    return [*values, default]


def time_moves(
    panel: WidgetPanel, control, repeats: int, draft: bool = False
) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of each move of one slider: set .value, which draws and renders the PNG
    the panel shows (``WidgetPanel.render``). Outside an event loop that is the sharp frame; with
    `draft`, the moves run inside one, as in a kernel's, and each draws the draft frame (the sharp
    frames it schedules are cancelled, not timed)."""
    if draft:

        async def in_a_loop():
            times = time_moves(panel, control, repeats)
            if panel._settle is not None:
                panel._settle.cancel()
                panel._settle = None
            return times

        with mock.patch.object(base, "_in_kernel", return_value=True):  # drafts: as in a kernel
            return asyncio.run(in_a_loop())
    times = []
    for _ in range(repeats):
        for value in slider_values(control):
            if control.value == value:
                continue  # no change, no redraw
            start, cpu = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):  # display() prints outside IPython
                control.value = value
            wall_ms = (time.perf_counter() - start) * 1e3
            times.append((wall_ms, (time.process_time() - cpu) * 1e3))
    return times


def floor_ms(repeats: int = 8) -> tuple[float, float]:
    """(wall, CPU) median ms of the simplest figure (one axes, one line) rendered the same way:
    the floor no widget can beat on this machine."""
    walls, cpus = [], []
    for i in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        with style.context():
            fig, ax = plt.subplots(figsize=(6, 3))
        ax.plot([0, 1, 2], [0, i, 1])
        figure_to_png(fig)
        plt.close(fig)
        walls.append((time.perf_counter() - start) * 1e3)
        cpus.append((time.process_time() - cpu) * 1e3)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="sweeps over each slider")
    parser.add_argument("modules", nargs="*", help="only these rnnlab.widgets modules")
    args = parser.parse_args(argv)
    nan = float("nan")
    rows, failed = [], False
    for module, fname, func in discover(args.modules):
        label = f"{module}.{fname}"
        print(f"  timing {label}", file=sys.stderr, flush=True)
        required = [
            p.name
            for p in inspect.signature(func).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if required:  # e.g. a widget around a trained model: nothing to build it from here
            skipped = f"skipped: needs {', '.join(required)}"
            rows.append((label, "-", 0, nan, nan, nan, skipped, nan))
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                start = time.perf_counter()
                panel = func()
                build_ms = (time.perf_counter() - start) * 1e3
        except Exception as exc:  # report, keep going: other widgets still get measured
            rows.append((label, "-", 0, nan, nan, nan, f"build failed: {exc!r}", nan))
            failed = True
            continue
        if not isinstance(panel, WidgetPanel):
            rows.append((label, "-", 0, nan, nan, nan, "not a WidgetPanel", nan))
            continue
        sliders = {n: c for n, c in panel.controls.items() if isinstance(c, SLIDERS)}
        times, note = [], ""
        if not sliders:  # time its other controls instead
            sliders = dict(panel.controls)
            note = f"no sliders; timed {', '.join(sliders) or 'nothing'}"
        drafts = []
        for name, control in sliders.items():
            try:
                times += time_moves(panel, control, args.repeats)
                drafts += time_moves(panel, control, args.repeats, draft=True)
            except Exception as exc:
                note = f"{name} raised {exc!r}"
                failed = True
        plt.close("all")
        wall = statistics.median(t for t, _ in times) if times else nan
        cpu = statistics.median(c for _, c in times) if times else nan
        worst = max(c for _, c in times) if times else nan
        draft = statistics.median(c for _, c in drafts) if drafts else nan
        rows.append((label, f"{build_ms:.0f}", len(times), wall, cpu, worst, note, draft))
        failed |= bool(times) and cpu > LIMIT_MS
    floor_wall, floor_cpu = floor_ms()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Slider change to PNG at {style.PIXEL_RATIO} image px per CSS px; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs"
    )
    print()
    print(
        "| widget | build ms | moves | median wall ms | median CPU ms | max CPU ms "
        "| <= 50 ms | <= 100 ms | draft frame CPU ms | note |"
    )
    print("|---|---:|---:|---:|---:|---:|:-:|:-:|---:|---|")
    for label, build, moves, wall, cpu, worst, note, draft in rows:
        ok50 = "yes" if cpu <= GOAL_MS else ("-" if cpu != cpu else "no")  # nan: not measured
        ok100 = "yes" if cpu <= LIMIT_MS else ("-" if cpu != cpu else "NO")
        print(
            f"| {label} | {build} | {moves} | {wall:.0f} | {cpu:.0f} | {worst:.0f} "
            f"| {ok50} | {ok100} | {draft:.0f} | {note} |"
        )
    print(
        f"| (floor: one axes, one line) | - | 8 | {floor_wall:.0f} | {floor_cpu:.0f} | - | - | - "
        "| - | the cheapest possible figure, for scale |"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
