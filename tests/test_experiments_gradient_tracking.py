import numpy as np
import pytest

from rnnlab.experiments.gradient_tracking import track_gradients

TEXT = "hello world, hello rnn. " * 20


def test_training_lowers_the_loss_and_records_profiles():
    out = track_gradients(TEXT, hidden=8, T=6, B=4, steps=60, lr=2e-2, checkpoints=(0, 60))
    assert out.loss[-10:].mean() < out.loss[:10].mean()
    assert set(out.profiles) == {0, 60} and out.profiles[0].shape == (6,)
    assert np.all(out.grad_norm > 0)
    again = track_gradients(TEXT, hidden=8, T=6, B=4, steps=60, lr=2e-2, checkpoints=(0, 60))
    np.testing.assert_array_equal(out.loss, again.loss)  # seeded


@pytest.mark.parametrize(
    "kwargs, message",
    [({"T": 0}, "T must be an int >= 1"), ({"checkpoints": (99,)}, "checkpoints must lie")],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        track_gradients(TEXT, steps=10, **kwargs)


def test_spectral_radius_at_the_checkpoints():
    from rnnlab.analysis.spectral import spectral_radius

    out = track_gradients(TEXT, hidden=8, T=6, B=4, steps=30, lr=2e-2, checkpoints=(0, 30))
    assert set(out.spectral_radius) == {0, 30}
    assert out.spectral_radius[30] == spectral_radius(out.params["W_hh"])
    assert 0 < out.spectral_radius[0] != out.spectral_radius[30]


def test_mean_slope_is_the_mean_tanh_derivative_of_the_probe_states():
    text = "the quick brown fox jumps over the lazy dog " * 20
    run = track_gradients(text, hidden=8, T=10, B=4, steps=5, checkpoints=(0, 5), seed=0)
    assert set(run.mean_slope) == {0, 5}
    assert all(0.0 < v <= 1.0 for v in run.mean_slope.values())
