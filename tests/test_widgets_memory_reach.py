"""The memory-reach widget on tiny untrained models: layout of the precomputed answers, plots."""

import numpy as np
import pytest
import torch

from rnnlab.models.memory import MemoryModel
from rnnlab.widgets.memory_reach import compute_reach, make_memory_reach_widget, plot_reach


@pytest.fixture(scope="module")
def models():
    torch.manual_seed(0)
    return {"rnn": MemoryModel("rnn", 2, 4, 1), "lstm": MemoryModel("lstm", 2, 4, 1)}


def test_markers_and_targets(models):
    data = compute_reach(models, seq_len=8, n_examples=3)
    assert data["values"].shape == (3, 8)
    np.testing.assert_array_equal(data["distance"], np.arange(1, 8))
    assert data["targets"].shape == (3, 7)
    # distance d: the first marked value is d steps before the last one
    np.testing.assert_allclose(
        data["targets"][1, 2], data["values"][1, 8 - 1 - 3] + data["values"][1, 7]
    )
    for name in models:
        assert data["preds"][name].shape == (3, 7) and data["mse"][name].shape == (7,)


def test_predictions_match_the_model_on_one_sequence(models):
    data = compute_reach(models, seq_len=6, n_examples=2)
    xs = np.zeros((6, 1, 2))
    xs[:, 0, 0] = data["values"][1]
    xs[[6 - 1 - 4, 5], 0, 1] = 1.0  # distance 4
    with torch.no_grad():
        pred = models["lstm"](torch.from_numpy(xs).float())[-1, 0, 0].item()
    assert data["preds"]["lstm"][1, 3] == pytest.approx(pred, abs=1e-6)


@pytest.mark.parametrize("example, distance", [(0, 1), (2, 7), (99, 0), (-5, 100)])
def test_plot_at_extremes(models, example, distance):
    fig = plot_reach(compute_reach(models, seq_len=8, n_examples=3), example, distance)
    left, right = fig.axes
    assert len(left.collections) == 2 and len(right.lines) >= 3


def test_widget_redraws(models):
    panel = make_memory_reach_widget(models, seq_len=8, n_examples=3)
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["distance"].value = 2
    assert calls == [{"example": 0, "distance": 2}]


def test_errors(models):
    with pytest.raises(ValueError, match="models must name at least one"):
        compute_reach({})
    with pytest.raises(ValueError, match="models\\['x'\\] must be a MemoryModel with input size 2"):
        compute_reach({"x": MemoryModel("lstm", 3, 4, 1)})
    with pytest.raises(ValueError, match="seq_len must be >= 2"):
        compute_reach(models, seq_len=1)


def test_widget_defaults_to_untrained_models():
    panel = make_memory_reach_widget(seq_len=6, n_examples=2)
    assert set(panel.data["preds"]) == {"lstm", "rnn"}
    assert panel.controls["distance"].value == 5
