"""A real browser on the notebooks: JupyterLab on loopback, driven by Playwright with Chromium.

The server serves a temporary copy of ``notebooks/`` (JupyterLab autosaves, and nothing may be
written into the repository). Chromium is Debian's (``apt-get install chromium``), never a
Playwright download. Without Chromium or Playwright the tests skip with the reason, except under
``CI=true``, where a missing browser is a failure. Screenshots and one JSON summary per notebook
go to ``$RNNLAB_SCREENSHOT_DIR``, else to a folder under the system temp dir; the terminal summary
lists them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from browser_lab import NOTEBOOKS


def _find_chromium() -> str:
    """$RNNLAB_CHROMIUM, else Debian's chromium, else names other images use for it."""
    if os.environ.get("RNNLAB_CHROMIUM"):
        return os.environ["RNNLAB_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium"


CHROMIUM = _find_chromium()
SHOTS = Path(
    os.environ.get("RNNLAB_SCREENSHOT_DIR")
    or Path(tempfile.gettempdir()) / f"rnnlab-browser-{os.getuid()}"
)
# what JupyterLab reads instead of ~/.jupyter/lab/user-settings: no news pop-up over the page,
# no autosave to wait on, and JupyterLab 4's default windowing named (every cell is attached to
# the page, the browser skips drawing the off-screen ones): what a student's JupyterLab does.
# "none" (every cell drawn) made each frame of the page cost 14 ms of Chromium's main thread
# instead of 7 in notebook 08 (traced over 10 presses), and 7 times the paint time
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "contentVisibility"
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
_SESSION_START = time.time()


def on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str) -> None:
    """Skip (a developer's machine without a browser) or fail (CI must run the browser test)."""
    if on_ci():
        pytest.fail(f"{reason}; CI=true requires the browser test to run", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"JupyterLab did not answer within {timeout:.0f} s:\n{log.read_text()[-3000:]}"
    )


class LabServer:
    """A running JupyterLab: its `url` and the folder it serves (`root`, a copy of notebooks/)."""

    def __init__(self, url: str, root: Path):
        self.url = url
        self.root = root


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        missing("jupyterlab is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, value in LAB_SETTINGS.items():
        path = base / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(base / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTER_CONFIG_DIR=str(base / "config"),  # ignore the developer's own jupyter config
        JUPYTER_DATA_DIR=str(base / "data"),  # and the notebooks they trusted: a fresh clone's view
    )
    port = _free_port()
    log = base / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_server(url, proc, log)
        yield LabServer(url, root)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set RNNLAB_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for a test module: JupyterLab loads once, notebooks open in turn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    """The folder for screenshots and per-notebook summaries (outside the repository)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def pytest_terminal_summary(terminalreporter):
    """List what the browser saw in each notebook this run (also under xdist: read from disk)."""
    if not SHOTS.is_dir():
        return
    rows = []
    for path in sorted(SHOTS.glob("*.json")):
        if path.stat().st_mtime >= _SESSION_START:
            rows.append(json.loads(path.read_text()))
    if not rows:
        return
    terminalreporter.section("browser: widgets seen in JupyterLab")
    for row in rows:
        terminalreporter.write_line(
            f"{row['notebook']}: ran {row.get('ran', '?')}, {row['widgets']} widget(s), "
            f"moved {row['moved']}, "
            f"{row['seconds']:.1f} s, screenshots {', '.join(row['screenshots'])}"
        )
    terminalreporter.write_line(f"screenshots in {SHOTS}")
