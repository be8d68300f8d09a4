"""The BPTT widget: contributions of one loss term, truncation, extremes, redraws."""

import numpy as np
import pytest

from rnnlab.analysis.bptt import pair_contributions
from rnnlab.widgets.bptt import (
    bptt_problem,
    compute_bptt_contributions,
    make_bptt_widget,
    plot_bptt_contributions,
)

PROBLEM = bptt_problem(T_max=12)


def test_norms_are_those_of_the_pair_contributions():
    data = compute_bptt_contributions(0.8, 12, 4, PROBLEM)
    params = {**PROBLEM["params"], "W_hh": 0.8 * PROBLEM["params"]["W_hh"]}
    C = pair_contributions(params, PROBLEM["xs"], PROBLEM["targets"])
    np.testing.assert_allclose(data["norms"], np.linalg.norm(C[11], axis=(1, 2)), rtol=1e-12)
    assert data["kept"].sum() == 4 and data["kept"][-1]


def test_full_window_keeps_everything():
    assert compute_bptt_contributions(1.5, 12, 12, PROBLEM)["relative_error"] == 0.0
    assert compute_bptt_contributions(1.5, 12, 99, PROBLEM)["k"] == 12


@pytest.mark.parametrize("rho, T, k", [(0.0, 1, 1), (0.0, 12, 1), (2.5, 12, 12), (2.5, 1, 60)])
def test_extremes_draw_without_error(rho, T, k):
    fig = plot_bptt_contributions(compute_bptt_contributions(rho, T, k, PROBLEM))
    (bars,) = fig.axes[0].collections  # one bar per appearance, drawn as one collection
    assert len(bars.get_paths()) == T


@pytest.mark.parametrize(
    "args, message",
    [((-1.0, 5, 1), "rho must be"), ((1.0, 13, 1), r"T must be an int in \[1, 12\]"),
     ((1.0, 5, 0), "k must be an int >= 1")],
)  # fmt: skip
def test_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        compute_bptt_contributions(*args, PROBLEM)


def test_widget_redraws_on_slider_change():
    panel = make_bptt_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["rho"].value = 2.5
    assert calls == [{"rho": 2.5, "T": 30, "k": 10}]
