import numpy as np
import pytest

from rnnlab.data.sequences import pack_sequences, padding_fraction
from rnnlab.widgets.sequences import (
    compute_batching,
    draw_lengths,
    make_batching_widget,
    plot_batching,
)


def test_batching_agrees_with_the_data_helpers():
    lengths = np.array([4, 7, 2])
    b = compute_batching(lengths)
    packed = pack_sequences([np.zeros((n, 1)) for n in lengths])
    np.testing.assert_array_equal(b["batch_sizes"], packed.batch_sizes)
    np.testing.assert_array_equal(b["order"], packed.sorted_indices)
    assert b["padding_fraction"] == pytest.approx(padding_fraction(lengths))
    assert (b["real"], b["padded"]) == (13, 21)


@pytest.mark.parametrize("args", [(1, 1, 1), (16, 30, 1), (16, 1, 30), (3, 5, 5)])
def test_extremes_draw_without_error(args):
    lengths = draw_lengths(*args)
    assert len(lengths) == args[0] and lengths.min() >= min(args[1:]) >= 1
    fig = plot_batching(lengths, compute_batching(lengths))
    assert fig.axes[0].collections and fig.axes[1].collections


def test_widget_redraws_on_change():
    panel = make_batching_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["batch"].value = 12
    assert calls == [{"batch": 12, "min_len": 2, "max_len": 12, "seed": 0}]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: draw_lengths(0, 1, 2), "batch must be an int >= 1, got 0"),
        (lambda: compute_batching(np.array([2, 0])), "lengths must all be >= 1"),
        (lambda: compute_batching(np.array([1.5])), "1-D int array"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
