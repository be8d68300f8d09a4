"""Notebook 03's swap prediction with a trained many-to-one model (needs torch, so it is not in
tests/torch_free.txt): its explanation quotes the review widget's numbers."""

import pytest

from rnnlab.exercises import schemes as ex
from rnnlab.experiments.schemes import train_many_to_one
from rnnlab.widgets.schemes import compute_review_trace

OPENING = "the plot was fun but the acting was dull"  # the widget's own review
SWAPPED = "the acting was dull but the plot was fun"


@pytest.fixture(scope="module")
def result():
    return train_many_to_one(seed=0, steps=40)  # trained or not, the numbers must match


def test_swap_prediction_quotes_the_widget(result):
    a, b = compute_review_trace(result, OPENING), compute_review_trace(result, SWAPPED)
    text = repr(ex.check_swap_prediction("b", result))
    assert f"bag of words {b['bow']:.2f}, as for the opening review ({a['bow']:.2f})" in text
    assert f"RNN goes from {a['rnn'][-1]:.2f} to {b['rnn'][-1]:.2f}" in text
    assert abs(a["bow"] - b["bow"]) < 1e-6  # why (b) is right on any training


def test_swap_prediction_verdicts(result):
    assert ex.check_swap_prediction("b", result) and ex.check_swap_prediction("(B)", result)
    assert "ignores word order" in repr(ex.check_swap_prediction("a", result))
    assert "both orders" in repr(ex.check_swap_prediction("c", result))
    assert "not answered yet" in repr(ex.check_swap_prediction(..., result))
