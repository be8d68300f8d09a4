"""Notebook 11's plots on small arrays."""

import numpy as np
import pytest

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


def test_painted_digits():
    from rnnlab.plots.applications import plot_painted_digits

    painted = np.random.default_rng(0).integers(0, 4, (10, 8, 8))
    asked = np.arange(10)
    read = asked.copy()
    read[2] = 7
    fig = plot_painted_digits(painted, asked, read, levels=4, temperature=0.5)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 10
    assert "2 (read 7)" in alt_text(fig) and fig.axes[2].title.get_color() != "black"
    fig = plot_painted_digits(painted[:3], asked[:3], asked[:3], levels=4, temperature=1)
    assert "every one as asked" in alt_text(fig)
    with pytest.raises(ValueError, match="painted"):
        plot_painted_digits(painted[:, :4], asked, read, levels=4, temperature=1)


def test_one_month_ahead_and_fed_back_forecasts_are_labelled_apart():
    t = np.arange(48) / 12
    z = np.sin(t)
    one = plot_forecast(t, z, 30, {"rnn_next": z[30:]})
    fed = plot_forecast(t, z, 30, {"rnn": z[30:]})
    labels = [[x.get_text() for x in f.axes[0].get_legend().get_texts()] for f in (one, fed)]
    assert "RNN (one month ahead)" in labels[0] and "RNN (fed back)" in labels[1]
