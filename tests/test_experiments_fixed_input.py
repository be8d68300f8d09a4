import numpy as np
import pytest
import torch

from rnnlab.data.spikes import spike_data
from rnnlab.experiments import fixed_input
from rnnlab.experiments.fixed_input import mlp_vs_rnn, variable_length


def test_spikes_fall_where_asked_and_padding_is_zero():
    xs, labels, lengths = spike_data(200, 10, positions=range(2, 5), rng=np.random.default_rng(0),
                                     min_length=3)  # fmt: skip
    assert xs.shape == (10, 200, 1) and lengths.min() >= 3 and lengths.max() <= 10
    peaks = xs[:, :, 0].argmax(axis=0)
    has = labels == 1
    assert ((peaks[has] >= 2) & (peaks[has] < 5) & (peaks[has] < lengths[has])).all()
    assert xs[:, ~has].max() < 0.6
    for b in range(200):
        assert (xs[lengths[b] :, b] == 0).all()
    _, _, fixed = spike_data(5, 4, positions=[0], rng=np.random.default_rng(0))
    assert (fixed == 4).all()


def test_a_short_run_returns_every_number():
    r = mlp_vs_rnn(steps=3, n=64)
    assert all(0 <= a <= 1 for a in (r.mlp_seen, r.mlp_unseen, r.rnn_seen, r.rnn_unseen))
    assert r.seconds > 0 and r.rnn_params == 16 + 16 * 16 + 2 * 16 + 16 * 2 + 2
    assert r.mlp_params == 12 * 16 + 16 + 16 * 2 + 2


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "n must be an int >= 1, got 0"),
        ({"positions": [10]}, "positions must be a non-empty list of steps in \\[0, 10\\)"),
        ({"min_length": 1, "positions": [2]}, "min_length must be in \\(2, 10\\]"),
        ({"rng": 3}, "rng must be a numpy Generator"),
    ],
)
def test_bad_input(kwargs, message):
    args = {"n": 5, "T": 10, "positions": [1], "rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(ValueError, match=message):
        spike_data(**args)
    if "n" in kwargs:
        with pytest.raises(ValueError, match="T must be an int >= 2"):
            mlp_vs_rnn(T=1)


def test_variable_length_scores_longer_sequences_and_the_mlp_cannot_read_them():
    r = variable_length(lengths=(15, 20), steps=3, n=64)
    assert r.T_train == 12 and sorted(r.accuracy) == [15, 20]
    assert all(0 <= a <= 1 for a in r.accuracy.values())
    assert r.mlp_error.startswith("RuntimeError") and "12x16" in r.mlp_error


def test_variable_length_trains_the_same_rnn_as_mlp_vs_rnn(monkeypatch):
    trained = []

    def keep(params, *args, **kwargs):  # fit as the module calls it, keeping what it trained
        losses = fit(params, *args, **kwargs)
        trained.append([p.detach().clone() for p in params])
        return losses

    fit = fixed_input.fit
    monkeypatch.setattr(fixed_input, "fit", keep)
    mlp_vs_rnn(steps=5, n=64)  # trains the MLP, then the RNN
    variable_length(lengths=(13,), steps=5, n=64)
    rnn_there, rnn_here = trained[1], trained[2]
    assert all(torch.equal(a, b) for a, b in zip(rnn_there, rnn_here, strict=True))


def test_variable_length_needs_longer_tests():
    with pytest.raises(ValueError, match="each test length must be an int >= 13"):
        variable_length(lengths=(12,))
