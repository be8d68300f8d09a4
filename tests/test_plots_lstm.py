"""LSTM plots: gate heatmaps, gradient flow and training curves return filled figures."""

import numpy as np
import pytest

from rnnlab.experiments.results.tables import MemoryResult
from rnnlab.plots.lstm import (
    plot_gate_heatmaps,
    plot_gradient_flow,
    plot_lstm_cell,
    plot_memory_curves,
)
from rnnlab.scratch.lstm import init_lstm_params, lstm_forward


def test_gate_heatmaps_label_the_characters():
    passage = "to be, or\nnot"
    params = init_lstm_params(3, 6, rng=np.random.default_rng(0))
    xs = np.random.default_rng(1).normal(size=(len(passage), 1, 3))
    _, trace = lstm_forward(params, xs)
    fig = plot_gate_heatmaps(passage, trace, units=[0, 2, 5])
    heat_axes = [ax for ax in fig.axes if ax.images]
    assert len(heat_axes) == 4
    assert heat_axes[0].images[0].get_array().shape == (3, len(passage))
    labels = [t.get_text() for t in heat_axes[-1].get_xticklabels()]
    assert labels[:3] == ["t", "o", "␣"]


def test_the_cell_diagram_names_every_part_and_step():
    fig = plot_lstm_cell()
    texts = {t.get_text() for t in fig.axes[0].texts}
    for part in ("$c_{t-1}$", "$c_t$", "$h_t$", "tanh", "+", "1", "2", "3", "4"):
        assert part in texts
    assert any("f_t" in t for t in texts) and any("o_t" in t for t in texts)


def test_gate_heatmaps_errors():
    _, trace = lstm_forward(
        init_lstm_params(2, 3, rng=np.random.default_rng(0)), np.zeros((4, 1, 2))
    )
    with pytest.raises(ValueError, match="has 4 steps, the passage 5 characters"):
        plot_gate_heatmaps("abcde", trace)
    with pytest.raises(ValueError, match="units must be a non-empty list of indices in \\[0, 3\\)"):
        plot_gate_heatmaps("abcd", trace, units=[3])


def test_gradient_flow_plot_splits_init_and_trained():
    d = np.arange(5)[::-1]
    curves = {
        "RNN init": 0.5 ** d[::-1],
        "RNN trained": np.ones(5),
        "LSTM b_f=1 init": np.zeros(5) + 1e-40,
    }
    fig = plot_gradient_flow(d, curves)
    assert len(fig.axes[0].lines) == 2 and len(fig.axes[1].lines) == 1


def test_memory_curves_one_panel_per_task():
    runs = [
        MemoryResult(t, m, 50, 2, 0.1, "x", 0.1, 1.0, [1, 2], [0.2, 0.1])
        for t in ("adding", "copy")
        for m in ("rnn", "lstm")
    ]
    fig = plot_memory_curves(runs)
    assert len(fig.axes) == 2 and all(len(ax.lines) == 3 for ax in fig.axes)
    with pytest.raises(ValueError, match="at least one result"):
        plot_memory_curves([])
