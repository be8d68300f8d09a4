"""Notebook 11's plots on small arrays."""

import numpy as np

from rnnlab.plots.applications import plot_forecast, plot_horizon_errors, plot_rows_read
from rnnlab.plots.style import alt_text


def test_forecast_and_horizon_plots():
    t = 1965 + np.arange(40) / 12
    z = np.sin(np.arange(40.0))
    fig = plot_forecast(t, z, 30, {"rnn": z[30:] + 0.1, "ar": z[30:35]})
    assert len(fig.axes[0].lines) == 3 and "Mauna Loa" in alt_text(fig)
    fig = plot_horizon_errors({"rnn": np.arange(1.0, 5.0), "seasonal": np.ones(4)})
    assert len(fig.axes[0].lines) == 2


def test_rows_read():
    fig = plot_rows_read(np.zeros((8, 8)), np.full((8, 10), 0.1), np.linspace(0.1, 1, 8), 3)
    assert len(fig.axes) == 3 and "digit 3" in alt_text(fig)
