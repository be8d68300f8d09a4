"""A notebook presented as a RISE slideshow, with its widget live on a slide.

The lecturer's way through a notebook: open it with jupyterlab-rise (``/rise/<path>``, what the
"Render as slideshow" button shows), press Shift+Enter from slide to slide (which runs each code
cell and moves on) until the slide with the widget, then move its slider: the picture on the
slide must change. A screenshot of that slide is saved.

Needs the optional ``slides`` extra. Without it the test skips, unless RNNLAB_REQUIRE_SLIDES=1
(what .ci/run sets after installing the extra).
"""

from __future__ import annotations

import json
import os
import urllib.request
from importlib import metadata

import pytest
from browser_lab import NOTEBOOKS, widget_cells

REQUIRED = os.environ.get("RNNLAB_REQUIRE_SLIDES") == "1"
# jupyterlab_widgets from this version on needs @jupyterlab/console, which RISE's page lacks
FIRST_WIDGETS_WITHOUT_RISE = (3, 0, 11)
PRESENT = ".reveal .slides section.present"
MAX_STEPS = 40


def _version(name: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(x) for x in metadata.version(name).split(".")[:3])
    except metadata.PackageNotFoundError:
        return None


@pytest.fixture(scope="module")
def slides_stack():
    problem = None
    widgets = _version("jupyterlab_widgets")
    if _version("jupyterlab_rise") is None:
        problem = "jupyterlab-rise is not installed (pip install -e '.[slides]')"
    elif widgets is None or widgets >= FIRST_WIDGETS_WITHOUT_RISE:
        problem = (
            f"jupyterlab_widgets {metadata.version('jupyterlab_widgets')} cannot load in RISE's "
            "slideshow page (it needs @jupyterlab/console); pip install -e '.[slides]' pins one "
            "that can"
        )
    if problem and REQUIRED:
        pytest.fail(f"{problem}; RNNLAB_REQUIRE_SLIDES=1 requires the slideshow test", False)
    if problem:
        pytest.skip(problem)


def _kernel_idle(url: str, name: str) -> bool:
    with urllib.request.urlopen(f"{url}/api/sessions", timeout=5) as response:
        sessions = json.load(response)
    states = [s["kernel"]["execution_state"] for s in sessions if s["path"].endswith(name)]
    return states == ["idle"]


def _wait_idle(page, url: str, name: str, timeout_s: float = 60) -> None:
    for _ in range(int(timeout_s / 0.2)):
        if _kernel_idle(url, name):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"the kernel of {name} did not become idle within {timeout_s:.0f} s")


def test_a_slideshow_presents_a_live_widget(slides_stack, lab_server, browser, shots):
    path = next(p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if widget_cells(p))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    replies = []  # frames from the kernel's websocket: the page can run cells once one arrived
    page.on(
        "websocket",
        lambda ws: "/channels" in ws.url and ws.on("framereceived", lambda f: replies.append(1)),
    )
    page.goto(f"{lab_server.url}/rise/{path.name}")
    page.wait_for_selector(PRESENT, timeout=60_000)
    for _ in range(300):
        if replies:
            break
        page.wait_for_timeout(200)
    assert replies, "the slideshow page never connected to a kernel"
    _wait_idle(page, lab_server.url, path.name)
    page.locator(PRESENT).first.click()  # keyboard focus on the slideshow
    anywhere = page.locator(".reveal .slides .widget-slider")
    for _ in range(MAX_STEPS):  # the lecturer's Shift+Enter: run the cell, go on
        if anywhere.count():
            break
        page.keyboard.press("Shift+Enter")
        page.wait_for_timeout(300)
        _wait_idle(page, lab_server.url, path.name)
    outputs = page.locator(".reveal .slides .jp-OutputArea").all_inner_texts()
    assert anywhere.count(), (
        f"no slide of {path.name} showed a live slider in {MAX_STEPS} steps; outputs: {outputs}"
    )
    slider = page.locator(f"{PRESENT} .widget-slider")
    for _ in range(MAX_STEPS):  # Shift+Enter moved past the widget's slide: go back to it
        if slider.count():
            break
        page.keyboard.press("ArrowLeft")
        page.wait_for_timeout(300)
    assert page.locator(f"{PRESENT} .jupyter-widgets-error-widget").count() == 0
    picture = page.locator(f"{PRESENT} img.widget-image").first
    before = picture.get_attribute("src")
    readout = slider.first.locator(".widget-readout")
    old = readout.inner_text()
    # type into the readout: on a slide, reveal.js takes the arrow and page keys for navigation
    handle = slider.first.locator(".noUi-handle")
    low, high = (float(handle.get_attribute(a)) for a in ("aria-valuemin", "aria-valuemax"))
    target = (low + high) / 2 if abs(float(old) - (low + high) / 2) > 1e-9 else high
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{target:g}")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([sel, before]) => { const img = document.querySelector(sel);"
        " return img && img.getAttribute('src') !== before; }",
        arg=[f"{PRESENT} img.widget-image", before],
        timeout=15_000,
    )
    new = readout.inner_text()
    assert new != old
    name = f"slideshow-{path.stem}.png"
    page.screenshot(path=str(shots / name))
    print(f"{path.name} as slides: slider {old} -> {new}, picture redrawn; screenshot {name}")
    context.close()
