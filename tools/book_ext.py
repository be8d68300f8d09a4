"""A Sphinx extension for the book (tools/build_book.py loads it): each script once per page.

sphinx-thebe, which Jupyter Book 1 always loads, adds its inline configuration script twice, and
the second copy stops with "Identifier 'THEBE_JS_URL' has already been declared" in the browser.
"""

from __future__ import annotations


def _once(app, pagename, templatename, context, doctree) -> None:
    scripts, seen = context.get("script_files", []), set()
    unique = []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        key = (getattr(script, "filename", script) or "", repr(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app) -> dict:
    """Register the page hook (after every other extension's)."""
    app.connect("html-page-context", _once, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
