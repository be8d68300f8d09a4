import numpy as np
import pytest
import torch

from rnnlab.models.painter import LEVELS, Painter, paint_numpy, pick_level, quantise


@pytest.fixture
def model():
    torch.manual_seed(3)
    return Painter(16).double()


def test_quantise_bins_the_counts():
    assert quantise(np.arange(17)).tolist() == [0] * 5 + [1] * 4 + [2] * 4 + [3] * 4
    with pytest.raises(ValueError, match="counts"):
        quantise([17])


def test_forward_shapes(model):
    rows = torch.randint(0, LEVELS, (8, 5, 8))
    scores = model(torch.arange(5), rows)
    assert scores.shape == (8, 5, 8, LEVELS)


def test_first_row_depends_only_on_the_class(model):
    a = torch.randint(0, LEVELS, (8, 2, 8))
    b = torch.randint(0, LEVELS, (8, 2, 8))
    classes = torch.tensor([1, 7])
    with torch.no_grad():
        sa, sb = model(classes, a), model(classes, b)
    assert torch.equal(sa[0], sb[0])  # x_0 is the zero row: nothing of the digit is read yet


def test_numpy_sampler_matches_torch(model):
    classes = np.array([0, 3, 9, 9])
    u = np.random.default_rng(0).random((8, 4, 8))
    for tau in (0.0, 0.4, 1.0, 2.5):
        ours = paint_numpy(model.numpy_params(), classes, tau, u)
        theirs = model.paint(classes, tau, u)
        assert ours.shape == (8, 4, 8)
        np.testing.assert_array_equal(ours, theirs)


def test_low_temperature_is_the_argmax(model):
    classes = np.arange(10)
    params = model.numpy_params()
    u = np.random.default_rng(1).random((8, 10, 8))
    greedy = paint_numpy(params, classes, 0.0, u)
    np.testing.assert_array_equal(paint_numpy(params, classes, 1e-9, u), greedy)
    np.testing.assert_array_equal(paint_numpy(params, classes, 0.0, 1 - u), greedy)  # u unused


def test_pick_level_follows_the_running_sum():
    probs = np.array([[0.1, 0.2, 0.3, 0.4]] * 4)
    assert pick_level(probs, np.array([0.05, 0.2, 0.5, 0.99])).tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"classes": [1.5]}, "classes"),
        ({"classes": [10]}, "classes"),
        ({"temperature": -1.0}, "temperature"),
        ({"temperature": float("nan")}, "temperature"),
        ({"uniforms": np.zeros((8, 2, 8))}, "uniforms"),
    ],
)
def test_bad_inputs_name_the_argument(model, kwargs, name):
    args = {"classes": [1], "temperature": 1.0, "uniforms": np.zeros((8, 1, 8))} | kwargs
    with pytest.raises(ValueError, match=name):
        paint_numpy(model.numpy_params(), **args)
    with pytest.raises(ValueError, match=name):
        model.paint(**args)


def test_hidden_size_is_checked():
    with pytest.raises(ValueError, match="hidden_size"):
        Painter(0)
