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

KERNEL_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

# installed once per widget view: stamps key presses and paints, records heights, reads the PNG
WATCH = """(view) => {
  const s = {t0: null, times: [], heights: [], lastSrc: null, ratio: null, changed: 0};
  const img = () => { const all = view.querySelectorAll('img'); return all[all.length - 1]; };
  s.lastSrc = img() ? img().src : null;
  view.addEventListener('keydown', () => { s.t0 = performance.now(); }, true);
  new ResizeObserver(es => es.forEach(e => s.heights.push(e.contentRect.height))).observe(view);
  new MutationObserver(() => {
    const now = img();
    if (!now || now.src === s.lastSrc) return;
    s.changed = performance.now();
    if (s.t0 === null) { s.lastSrc = now.src; return; }
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


# the kernel is idle and no new picture arrived for 150 ms
QUIET = f"() => ({KERNEL_IDLE})() && performance.now() - window.__rnnlab_watch.changed > 150"


def press_keys(page, view, presses: int) -> str:
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
        page.wait_for_function(QUIET)  # the previous move's messages are all drawn
        if label.startswith("text"):
            box.type("!" if i % 2 == 0 else "?")
        (handle if label.startswith("slider") else box).press(key)
        try:
            page.wait_for_function(f"() => window.__rnnlab_watch.times.length > {i}", timeout=8000)
        except Exception:  # playwright's TimeoutError: this press painted nothing
            pass
        page.wait_for_function(KERNEL_IDLE)
    return label.strip()


def measure_view(page, view, presses: int) -> dict:
    """Latency, sharpness, smallest text and height stability of one widget view."""
    view.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    view.evaluate(WATCH)
    control = press_keys(page, view, presses)
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


def style_problems(row: dict, where: str) -> list[str]:
    """What a measured widget (:func:`browser_measure.measure_view`) breaks of the house style."""
    least = 16.0 if os.environ.get("RNNLAB_PROJECTOR", "") not in ("", "0") else 12.0
    found = []
    if row["ratio"] < 1.95:
        found.append(f"{where}: picture at {row['ratio']:.2f} image px per CSS px, not 2")
    text = row["picture_text_px"]
    if text is None or text < least - 0.05:
        found.append(f"{where}: smallest text in the picture {text} CSS px, below {least:g}")
    if row["control_text_px"] < 12:
        found.append(f"{where}: control text of {row['control_text_px']} CSS px, below 12")
    low, high = row["heights"] or (0, 0)
    if high - low >= 1:
        found.append(f"{where}: height changed between frames ({low:.0f} to {high:.0f} px)")
    if len(row["times"]) < STYLE_MOVES // 2:
        found.append(f"{where}: {len(row['times'])} of {STYLE_MOVES} moves painted a picture")
    if not row["alt"]:
        found.append(f"{where}: the picture has no alt text")
    return found
