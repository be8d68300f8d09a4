"""Notebook 10's plots: one panel per gate, the two context curves, bad input refused."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from rnnlab.plots import style  # noqa: E402
from rnnlab.plots.what_it_learned import plot_context_curves, plot_gate_saturation  # noqa: E402


def test_one_panel_per_gate_in_the_gate_colours():
    rng = np.random.default_rng(0)
    groups = [SimpleNamespace(gate=g, left=rng.random(8) / 2, right=rng.random(8) / 2)
              for g in "ifo"]  # fmt: skip
    fig = plot_gate_saturation(groups)
    assert [ax.get_title() for ax in fig.axes] == ["gate i", "gate f", "gate o"]
    forget = fig.axes[1].collections[0].get_facecolor()[0][:3]
    assert np.allclose(forget, matplotlib.colors.to_rgb(style.COLORS["forget"]))
    assert "gate" in style.alt_text(fig)


def test_context_curves_skip_zero_gradients_and_use_the_model_colours():
    curve = SimpleNamespace(contexts=np.array([1, 2, 4]), loss=np.array([3.0, 2.5, 2.2]),
                            full=2.1, gradient=np.array([1.0, 0.1, 0.0, 0.01]))  # fmt: skip
    fig = plot_context_curves({"LSTM": curve, "RNN": curve})
    loss_ax, grad_ax = fig.axes
    assert len(grad_ax.lines[0].get_xdata()) == 3  # the zero cannot go on a log axis
    assert np.allclose(matplotlib.colors.to_rgb(loss_ax.lines[0].get_color()),
                       matplotlib.colors.to_rgb(style.COLORS["lstm"]))  # fmt: skip
    assert [t.get_text() for t in loss_ax.get_xticklabels()] == ["1", "2", "4"]


def test_empty_input_is_refused_by_name():
    with pytest.raises(ValueError, match="groups"):
        plot_gate_saturation([])
    with pytest.raises(ValueError, match="curves"):
        plot_context_curves({})
