import numpy as np
import pytest

from rnnlab.data.sequences import ALPHABET, sensor_signal, text_to_onehot
from rnnlab.plots.sequences import plot_onehot, plot_signal


def test_signal_and_text_figures():
    fig = plot_signal(sensor_signal(30, rng=np.random.default_rng(0)), ["a", "b", "c"])
    assert len(fig.axes[0].lines) == 3 and fig.axes[1].images
    fig = plot_onehot(text_to_onehot("hi you"), "hi you", ALPHABET)
    assert "27 x 6" in fig.axes[0].get_title()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plot_signal(np.zeros(3)), "x must be \\(D, T\\)"),
        (lambda: plot_signal(np.zeros((2, 3)), ["a"]), "names must have D = 2 entries, got 1"),
        (lambda: plot_onehot(np.zeros((27, 2)), "abc", ALPHABET), "got \\(27, 2\\)"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
