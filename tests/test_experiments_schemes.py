"""The four scheme models: their typed results, and that word order beats a bag of words."""

import pytest

from rnnlab.experiments import schemes
from rnnlab.experiments.results.tables import SchemeResult, results_table


@pytest.mark.parametrize(
    "train",
    [schemes.train_one_to_many, schemes.train_encoder_decoder, schemes.train_synced],
)
def test_a_few_steps_return_a_complete_result(train):
    r = train(steps=3, hidden=8, n_train=64, n_test=16)
    assert isinstance(r, SchemeResult) and r.scheme and r.task and r.application and r.metric
    assert len(r.losses) == 3 and r.steps == 3 and r.seconds > 0 and r.baseline
    assert 0.0 <= r.accuracy <= 1.0 and 0.0 <= r.baseline_accuracy <= 1.0
    assert len(r.examples) == schemes.N_EXAMPLES and all(len(e) == 3 for e in r.examples)


def test_rnn_reads_word_order_where_a_bag_of_words_cannot():
    r = schemes.train_many_to_one(steps=150, n_train=1000, n_test=400)
    assert r.accuracy > 0.9
    assert abs(r.baseline_accuracy - 0.5) < 0.08


def test_word_by_word_baseline_and_table():
    from rnnlab.data import schemes as data

    ids = [data.SRC_VOCAB.index(w) for w in "we see the cat".split()]
    assert schemes.word_by_word(ids) == ["nous", "vois", "le", "chat", data.EOS]
    row = SchemeResult(
        scheme="s",
        task="t",
        application="a",
        metric="accuracy",
        accuracy=0.987,
        baseline="b",
        baseline_accuracy=0.5,
        seconds=1.23,
        steps=1,
        losses=[],
        examples=[],
    )
    rows = [row]
    table = results_table(rows)
    assert "| s | t | b (50%) | 99% accuracy | 1.2 |" in table
    assert "seconds" not in results_table(rows, seconds=False)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: schemes.train_synced(steps=0), "steps must be an int >= 1, got 0"),
        (lambda: schemes.train_one_to_many(hidden=-1), "hidden must be an int >= 1, got -1"),
        (lambda: schemes.run_all_schemes(scale=0), "scale must be a positive number"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
