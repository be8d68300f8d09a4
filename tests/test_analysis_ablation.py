import numpy as np
import pytest
import torch

from rnnlab.analysis.ablation import ablate_cell, ablate_each_cell
from rnnlab.data.memory_tasks import adding_problem
from rnnlab.models.memory import MemoryModel


def _model():
    torch.manual_seed(0)
    return MemoryModel("lstm", 2, 4, 1)


def test_intact_run_is_the_model_s_own_mse():
    model = _model()
    xs, ys = adding_problem(16, 8, np.random.default_rng(0))
    with torch.no_grad():
        answer = model(torch.from_numpy(xs).float())[-1, :, 0].numpy()
    assert ablate_cell(model, xs, ys, None) == pytest.approx(np.mean((answer - ys) ** 2), rel=1e-5)


def test_wiping_every_cell_restarts_the_cell_at_each_step():
    """With every cell wiped, each step starts from c = 0 and only h_{t-1} carries over."""
    model = _model()
    xs, ys = adding_problem(16, 8, np.random.default_rng(0))
    x = torch.from_numpy(xs).float()
    h = torch.zeros(1, 16, 4)
    with torch.no_grad():
        for t in range(len(x)):
            _, (h, _) = model.rnn(x[t : t + 1], (h, torch.zeros(1, 16, 4)))
        answer = model.head(h[0])[:, 0].numpy()
    wiped = ablate_cell(model, xs, ys, list(range(4)))
    assert wiped == pytest.approx(np.mean((answer - ys) ** 2), rel=1e-5)


def test_each_cell_gives_one_mse_per_unit():
    model = _model()
    xs, ys = adding_problem(8, 6, np.random.default_rng(1))
    each = ablate_each_cell(model, xs, ys)
    assert each.shape == (4,) and each[2] == ablate_cell(model, xs, ys, 2)


@pytest.mark.parametrize(
    "model, units, message",
    [
        (MemoryModel("rnn", 2, 4, 1), None, "model must be an lstm"),
        (None, 4, "units must be None or ints in \\[0, 4\\)"),
        (None, [True], "units must be None or ints"),
    ],
)
def test_errors_name_the_argument(model, units, message):
    xs, ys = adding_problem(4, 6, np.random.default_rng(0))
    with pytest.raises(ValueError, match=message):
        ablate_cell(model or _model(), xs, ys, units)
