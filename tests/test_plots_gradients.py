import numpy as np
import pytest

from rnnlab.plots.gradients import (
    log_axis,
    plot_bptt_graph,
    plot_by_distance,
    plot_norm_curves,
    plot_truncation,
)


def test_plots_return_figures_with_lines():
    fig = plot_by_distance({"a": np.array([1.0, 0.1, 0.0, np.nan])}, "norm")
    assert len(fig.axes[0].get_lines()[0].get_xdata()) == 2  # zero and nan are skipped
    prof = {"k": np.arange(1, 4), "relative_error": np.array([0.5, 0.1, 0.0])}
    assert plot_truncation({"w": prof}).axes[0].get_lines()
    assert plot_norm_curves(np.arange(3), {"x": np.ones(3)}, "t", "y").axes[0].get_lines()
    assert plot_bptt_graph(3).axes[0].patches


def test_log_axis_survives_the_float64_range():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    log_axis(ax)
    ax.set_autoscaley_on(False)
    ax.set_ylim(1e-300, 1e300)
    ax.plot([0, 1], [1e-300, 1e300])
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels and all(lab == "" or lab.startswith("1") for lab in labels)


def test_graph_rejects_a_long_sequence():
    with pytest.raises(ValueError, match="T must be an int in \\[1, 8\\]"):
        plot_bptt_graph(20)
