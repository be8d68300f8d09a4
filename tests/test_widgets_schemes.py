import math

import numpy as np
import pytest

from rnnlab.experiments import scheme_checks, schemes
from rnnlab.widgets.schemes import compute_review_trace, make_review_widget, plot_review_trace


@pytest.fixture(scope="module")
def result():
    return schemes.train_many_to_one(steps=150, n_train=1000, n_test=100)


def test_trace_reads_the_review_word_by_word(result):
    trace = compute_review_trace(result, "The plot was FUN but acting dull !!")
    assert trace["words"] == ["the", "plot", "was", "fun", "but", "acting", "dull"]
    assert trace["unknown"] == ["!!"]
    assert trace["rnn"].shape == (7,)
    assert trace["rnn"][3] > 0.5 > trace["rnn"][-1]  # positive after 'fun', negative at the end
    swapped = compute_review_trace(result, "acting dull but the plot was fun")
    assert swapped["bow"] == pytest.approx(trace["bow"], abs=1e-6)  # same words, same answer


@pytest.mark.parametrize("review", ["", "xyz qq", "but", "not not not", "good " * 40])
def test_extremes_draw_without_error(result, review):
    trace = compute_review_trace(result, review)
    fig = plot_review_trace(trace)
    assert fig.axes[0].lines  # never an empty plot
    if not trace["words"]:
        assert math.isnan(trace["bow"]) and "no known word" in fig.axes[0].get_title()


def test_widget_redraws_on_change(result):
    panel = make_review_widget(result)
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["review"].value = "dull but good"
    assert calls == [{"review": "dull but good"}]


def test_bad_input(result):
    with pytest.raises(ValueError, match="review must be a str, got int"):
        compute_review_trace(result, 3)
    with pytest.raises(ValueError, match="result must come from train_many_to_one"):
        scheme_checks.predict_reviews({"key": "synced"}, ["good"])


def test_swap_test_flips_the_rnn_but_not_the_bag_of_words(result):
    out = scheme_checks.swap_test(result, n=100)
    assert out.bow_changed == 0.0
    assert out.rnn_changed > 0.9
    assert np.isclose(out.bow_accuracy + out.bow_accuracy_swapped, 1.0)


def test_widget_trains_its_own_model_when_given_none():
    panel = make_review_widget()
    assert "image/png" in panel._repr_mimebundle_()[0]
