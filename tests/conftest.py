import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Tests that draw leave no figures behind for the next test."""
    yield
    plt.close("all")
