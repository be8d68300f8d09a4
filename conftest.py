"""pytest configuration shared by the unit tests and nbval."""

import os

import matplotlib

matplotlib.use("Agg")  # unit tests draw figures without a screen
# a notebook claim that fails raises under the tests (nbval's kernels inherit this), while a
# student running the notebook sees a friendly verdict instead (rnnlab.claims)
os.environ["RNNLAB_STRICT"] = "1"


def pytest_collectstart(collector):
    """nbval: don't compare stderr (warnings, progress bars) or javascript outputs."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "application/javascript")
