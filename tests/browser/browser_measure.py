"""Measuring a widget in the page: key press -> painted picture, sharpness, smallest text, height.

Used by the browser test (``browser_lab``) and by ``benchmarks/widget_browser.py``. Inside the
page a capture-phase ``keydown`` listener stamps ``performance.now()``; a MutationObserver sees
the new picture (a new ``<img>`` or a new ``src``) and ``img.decode()`` then
``requestAnimationFrame`` stamps when it is painted. A ResizeObserver records every height the
widget takes. The picture's sharpness is its naturalWidth over its displayed width; the smallest
text of the picture comes from its PNG's ``rnnlab:min-text-px`` chunk (image px) divided by that
ratio, the smallest text of the controls from the page's computed font sizes.
"""

from __future__ import annotations

import os

STYLE_MOVES = 10  # key presses over which a widget must keep its height
# how often playwright checks a condition while a press is measured (its default: on every
# animation frame); 25 ms is fine enough for frames 50 ms and more apart
POLL_MS = 25

KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

# installed once per widget view: stamps key presses and paints, records heights, reads the PNG.
# A picture widget paints a new <img> src; an HTML widget (notebook 10) a change of its content.
WATCH = """(view) => {
  const s = {t0: null, times: [], heights: [], lastSrc: null, ratio: null, changed: 0};
  const img = () => { const all = view.querySelectorAll('img'); return all[all.length - 1]; };
  const html = view.querySelector('.widget-html-content');
  s.lastSrc = img() ? img().src : null;
  view.addEventListener('keydown', () => { s.t0 = performance.now(); }, true);
  new ResizeObserver(es => es.forEach(e => s.heights.push(e.contentRect.height))).observe(view);
  new MutationObserver(records => {
    const now = img();
    if (now) {
      if (now.src === s.lastSrc) return;
      s.lastSrc = now.src;
    } else if (!html || !records.some(r => html.contains(r.target))) return;
    s.changed = performance.now();
    const t0 = s.t0;  // null: a frame no key asked for (the sharp one after a draft)
    s.t0 = null;
    const painted = () => requestAnimationFrame(() => {
      if (t0 !== null) s.times.push(performance.now() - t0);
      if (now) s.ratio = now.naturalWidth / now.getBoundingClientRect().width;
    });
    if (now) now.decode().catch(() => {}).then(painted); else if (t0 !== null) painted();
  }).observe(view, {subtree: true, childList: true, characterData: true, attributes: true,
                    attributeFilter: ['src']});
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


# the kernel is idle, no new picture arrived for 150 ms, and the picture is sharp: a move's draft
# frame is followed by its sharp frame 0.25 s later (rnnlab.widgets.base.SETTLE_S), which is
# waited for too (a text widget has no picture; a picture that stays a draft for 5 s counts as
# settled, and the style check then reports it)
QUIET = f"""() => {{
  const s = window.__rnnlab_watch, quiet = performance.now() - s.changed;
  return ({KERNEL_IDLE})() && quiet > 150 && (s.ratio === null || s.ratio >= 1.95 || quiet > 5000);
}}"""
# the kernel is idle and no new picture arrived for 150 ms, sharp or not: presses this far apart
# are a key held down (the sharp frame comes only after the last one)
DRAWN = f"() => ({KERNEL_IDLE})() && performance.now() - window.__rnnlab_watch.changed > 150"


def _aria(handle, name: str) -> float:
    """A slider handle's aria-`name` (noUiSlider sets valuenow, valuemin and valuemax)."""
    value = handle.get_attribute(f"aria-{name}")
    return float(value) if value else float("nan")


def press_keys(page, view, presses: int, settle: bool = True) -> str:
    """Press keys on the widget's first control; return what was pressed.

    A slider: ArrowRight / ArrowLeft on its handle. A number box: ArrowUp / ArrowDown, then Enter
    (it sends its value on Enter). A text area: a character typed / deleted (it sends every
    edit). A text box: a character typed, then Enter. The latency runs from the last key down.
    With `settle`, each press waits for the sharp frame of the one before (a press from rest);
    without, only for its draft (a key held down: quicker, for the style check).
    """
    sliders = view.locator(".widget-slider .noUi-handle")
    numbers = view.locator(".widget-text input[type=number]")
    areas = view.locator(".widget-textarea textarea")
    if sliders.count():
        target, kind = sliders.first, "slider"
        label = "slider " + view.locator(".widget-slider .widget-label").first.inner_text()
    elif numbers.count():
        target, kind, label = numbers.first, "number", "number box + Enter"
    elif areas.count():
        target, kind, label = areas.first, "area", "text area edit"
    else:
        target, kind, label = view.locator(".widget-text input").first, "text", "text + Enter"
    target.focus()
    if kind in ("text", "area"):
        target.press("End" if kind == "text" else "Control+End")
    # a slider at its maximum moves left first: a press that changes nothing draws nothing, and
    # every later press would wait out the timeout below for a frame that is not coming
    at_max = kind == "slider" and _aria(target, "valuenow") >= _aria(target, "valuemax")
    keys = ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")
    for i in range(presses):
        page.wait_for_function(QUIET if settle else DRAWN, polling=POLL_MS)  # the last move drawn
        if kind == "slider":
            target.press(keys[i % 2])
        elif kind == "number":
            target.press("ArrowUp" if i % 2 == 0 else "ArrowDown")
            target.press("Enter")
        elif kind == "area":
            target.press("x" if i % 2 == 0 else "Backspace")
        else:
            target.type("!" if i % 2 == 0 else "?")
            target.press("Enter")
        try:
            page.wait_for_function(f"() => window.__rnnlab_watch.times.length > {i}",
                                   polling=POLL_MS, timeout=8000)  # fmt: skip
        except Exception:  # playwright's TimeoutError: this press painted nothing
            pass
        page.wait_for_function(KERNEL_IDLE, polling=POLL_MS)
    return label.strip()


def measure_view(page, view, presses: int, settle: bool = True) -> dict:
    """Latency, sharpness, smallest text and height stability of one widget view (`settle`: see
    :func:`press_keys`; the sharp frame after the last press is always waited for)."""
    view.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    view.evaluate(WATCH)
    control = press_keys(page, view, presses, settle)
    page.wait_for_function(QUIET, polling=POLL_MS)  # the sharp frame after the last draft
    state = page.evaluate("() => window.__rnnlab_watch")
    meta = view.evaluate(PNG_TEXT)
    ratio = state["ratio"] or 0.0
    text_px = float(meta["rnnlab:min-text-px"]) / ratio if "rnnlab:min-text-px" in meta else None
    heights = state["heights"]
    return {
        "control": control,
        "picture": view.locator("img").count() > 0,  # else an HTML widget (text, no picture)
        "times": state["times"],
        "ratio": ratio,
        "picture_text_px": text_px,
        "control_text_px": view.evaluate(CONTROL_TEXT),
        "heights": [min(heights), max(heights)] if heights else [],
        "alt": meta.get("Description", ""),
    }


def style_problems(row: dict, where: str) -> list[str]:
    """What a measured widget (:func:`browser_measure.measure_view`) breaks of the house style."""
    least = 16.0 if os.environ.get("RNNLAB_PROJECTOR", "") not in ("", "0") else 12.0
    found = []
    picture = row.get("picture", True)
    if picture and row["ratio"] < 1.95:
        found.append(f"{where}: picture at {row['ratio']:.2f} image px per CSS px, not 2")
    text = row["picture_text_px"]
    if picture and (text is None or text < least - 0.05):
        found.append(f"{where}: smallest text in the picture {text} CSS px, below {least:g}")
    if row["control_text_px"] < 12:
        found.append(f"{where}: control text of {row['control_text_px']} CSS px, below 12")
    low, high = row["heights"] or (0, 0)
    if high - low >= 1:
        found.append(f"{where}: height changed between frames ({low:.0f} to {high:.0f} px)")
    if len(row["times"]) < STYLE_MOVES // 2:
        found.append(f"{where}: {len(row['times'])} of {STYLE_MOVES} moves painted a picture")
    if picture and not row["alt"]:
        found.append(f"{where}: the picture has no alt text")
    return found
