import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Tests that draw leave no figures behind for the next test."""
    yield
    plt.close("all")


@pytest.fixture
def in_kernel(monkeypatch):
    """Widget panels behave as in a kernel (drafts while a control moves); returns a function
    that runs a coroutine on an event loop of its own, as a kernel handles a widget message.

    The loop runs in a thread: where Playwright's sync API ran (the browser tests, in the same
    pytest process), this thread already has a running loop and asyncio.run refuses.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from rnnlab.widgets import base

    monkeypatch.setattr(base, "_in_kernel", lambda: True)

    def run(coroutine):
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, coroutine).result()

    return run
