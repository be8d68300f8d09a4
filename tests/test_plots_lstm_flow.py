"""The gradient-flow factor figure: two panels, one line per curve, errors name the curve."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnnlab.plots.lstm_flow import plot_step_factors


def test_two_panels_with_one_line_per_curve():
    factors = {"RNN": np.full(5, 0.8), "LSTM f_t": np.full(5, 0.95)}
    grads = {"RNN": 0.8 ** np.arange(5)[::-1], "LSTM": np.ones(5), "LSTM cell path": np.ones(5)}
    fig = plot_step_factors(factors, grads)
    left, right = fig.axes[:2]
    assert len(left.get_lines()) == 3 and len(right.get_lines()) == 3  # + the line at 1
    np.testing.assert_allclose(right.get_lines()[0].get_ydata()[0], 0.8**4)
    assert right.get_yscale() == "log"
    plt.close(fig)


def test_bad_curves_are_named():
    with pytest.raises(ValueError, match="curve 'x' must be 1-d"):
        plot_step_factors({"x": np.ones((2, 2))}, {"y": np.ones(3)})
    with pytest.raises(ValueError, match="at least one curve"):
        plot_step_factors({}, {"y": np.ones(3)})
