"""The static book (`make book`) in Chromium: pages, pictures, links, launch buttons, no errors.

The site is served from 127.0.0.1 and the browser may fetch nothing else (every other request is
aborted), so this also proves the book reads offline. The book is looked for in
``$RNNLAB_BOOK_DIR``, else ``build/book/_build/html``; without one the test skips, except with
``RNNLAB_REQUIRE_BOOK=1`` (CI, after `make book`), where it fails.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = Path(os.environ.get("RNNLAB_BOOK_DIR") or ROOT / "build" / "book" / "_build" / "html")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BAD_TEXT = ("model not found", "Error displaying widget", "Traceback (most recent call last)")
SHOT_PAGES = ("00_start_here", "02_rnn_formula")

sys.path.insert(0, str(ROOT / "tools"))
from notebook_template import RELEASE, REPO  # noqa: E402


def stored_pictures(path: Path) -> int:
    """How many image outputs the notebook stores (a widget's picture among them)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(
        1
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if any(k.startswith("image/") for k in out.get("data", {}))
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    if not (BOOK / "index.html").is_file():
        if os.environ.get("RNNLAB_REQUIRE_BOOK") == "1":
            pytest.fail(f"no book at {BOOK}; run `make book` first", pytrace=False)
        pytest.skip(f"no book at {BOOK} (make book)")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=BOOK))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def book_page(browser, site):
    """A page that may load only what the local server serves; records outside requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.outside, page.errors = [], []
    host = urlparse(site).netloc

    def route(r):
        if urlparse(r.request.url).netloc == host:
            return r.continue_()
        page.outside.append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def visit(page, url: str) -> dict:
    """Load `url`, wait for its pictures and MathJax; return what the page shows."""
    page.errors.clear()
    page.outside.clear()
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    page.evaluate(
        "async () => { if (window.MathJax?.startup?.promise) await MathJax.startup.promise }"
    )
    return page.evaluate(
        """() => ({
            url: location.href,
            text: document.body.innerText,
            outputs: [...document.querySelectorAll('.cell_output')].map(e => e.innerText)
                .join(' | '),
            pictures: [...document.querySelectorAll('.cell_output img, .output img')]
                .map(img => ({src: img.getAttribute('src'), w: img.naturalWidth})),
            images: [...document.images].map(img => ({src: img.src, w: img.naturalWidth})),
            links: [...document.querySelectorAll('a[href]')].map(a => a.href),
            ids: [...document.querySelectorAll('[id]')].map(e => e.id),
            toc: [...document.querySelectorAll('nav.bd-links a.reference.internal')]
                .map(a => a.getAttribute('href')),
            math: document.querySelectorAll('mjx-container').length,
        })"""
    )


def test_the_front_page_is_notebook_00_with_its_lecture_map(book_page, site, shots):
    book_page.goto(site)  # index.html forwards to the first page of the contents
    book_page.wait_for_url("**/00_start_here.html")
    seen = visit(book_page, book_page.url)
    assert "Lecture map" in seen["text"]
    targets = {urldefrag(link)[0].rsplit("/", 1)[-1] for link in seen["links"]}
    assert {f"{p.stem}.html" for p in NOTEBOOKS[1:]} <= targets
    # the first entry is the front page itself (an empty href)
    toc = [href.split("#")[0].removesuffix(".html") or "00_start_here" for href in seen["toc"]]
    assert toc == [p.stem for p in NOTEBOOKS], f"the contents are not in lecture order: {toc}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_page_loads_with_its_pictures_links_and_launch_buttons(book_page, site, shots, path):
    url = urljoin(site, f"{path.stem}.html")
    seen = visit(book_page, url)
    if path.stem in SHOT_PAGES:
        # notebook 00 at its lecture map, the others at their widget's stored picture
        anchor = "#lecture-map" if path.stem == "00_start_here" else "#widget"
        book_page.locator(anchor).scroll_into_view_if_needed()
        book_page.screenshot(path=str(shots / f"book-{path.stem}.png"), full_page=False)
    for bad in BAD_TEXT:  # in the outputs: notebook 00's prose explains the first one
        assert bad not in seen["outputs"], f"{path.stem}: an output shows {bad!r}"
    broken = [img["src"] for img in seen["images"] if img["w"] == 0]
    assert broken == [], f"{path.stem}: pictures that do not show: {broken}"
    assert len(seen["pictures"]) >= stored_pictures(path), (
        f"{path.stem}: {len(seen['pictures'])} pictures shown, the notebook stores "
        f"{stored_pictures(path)}"
    )
    links = "\n".join(seen["links"])
    colab = f"colab.research.google.com/github/{REPO}/blob/{RELEASE}/notebooks/{path.name}"
    binder = f"mybinder.org/v2/gh/{REPO}/{RELEASE}?urlpath=lab/tree/notebooks/{path.name}"
    assert colab in links and binder in links, f"{path.stem}: no launch links for {RELEASE}"
    assert "/blob/main/" not in links, f"{path.stem}: a launch link opens the main branch"
    assert "# Bootstrap" not in seen["text"], f"{path.stem}: the bootstrap cell is shown"
    assert book_page.errors == [], f"{path.stem}: script errors {book_page.errors}"
    assert book_page.outside == [], f"{path.stem}: asked outside the site: {book_page.outside}"
    if "$$" in path.read_text(encoding="utf-8"):
        assert seen["math"] > 0, f"{path.stem}: the formulas were not typeset"


def test_every_internal_link_resolves(book_page, site):
    """Every link between pages of the book leads to a page that exists, and to its anchor."""
    pages = [urljoin(site, f"{p.stem}.html") for p in NOTEBOOKS]
    ids: dict[str, set[str]] = {}
    links: set[str] = set()
    for url in pages:
        seen = visit(book_page, url)
        ids[url] = set(seen["ids"])
        links |= {link for link in seen["links"] if link.startswith(site)}
    bad = []
    for link in sorted(links):
        target, anchor = urldefrag(link)
        if target not in ids:
            try:
                urllib.request.urlopen(target, timeout=10).close()
            except OSError:  # HTTPError (404) is an OSError
                bad.append(link)
            continue
        if anchor and anchor not in ids[target]:
            bad.append(link)
    assert bad == [], f"internal links that do not resolve: {bad}"
    assert len(links) > len(pages)
