"""pytest configuration shared by the unit tests and nbval."""

import matplotlib

matplotlib.use("Agg")  # unit tests draw figures without a screen


def pytest_collectstart(collector):
    """nbval: don't compare stderr (warnings, progress bars) or javascript outputs."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "application/javascript")
