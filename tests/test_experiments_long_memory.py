"""The long-memory experiment functions at small sizes: shapes, typed results, errors."""

import numpy as np
import pytest
import torch

from rnnlab.data.memory_tasks import ADDING_BASELINE_MSE, adding_problem
from rnnlab.experiments.long_memory import (
    MarkerWeights,
    copy_recall,
    marker_weights,
    train_adding,
    train_copy,
)
from rnnlab.experiments.results.tables import MemoryResult, results_table
from rnnlab.models.memory import MemoryModel


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_memory_model_shapes(cell):
    model = MemoryModel(cell, 3, 5, 2)
    out = model(torch.zeros(7, 4, 3))
    assert out.shape == (7, 4, 2)


def test_lstm_forget_bias_is_set_exactly():
    model = MemoryModel("lstm", 2, 4, 1, forget_bias=1.0)
    rows = slice(4, 8)  # torch order: input, forget, cell, output
    b_f = (model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0)[rows].detach().numpy()
    np.testing.assert_allclose(b_f, 1.0)


def test_train_adding_small_returns_a_result():
    r = train_adding(
        "lstm", seq_len=8, hidden_size=4, steps=6, batch_size=4, eval_every=3, test_size=16
    )
    assert isinstance(r, MemoryResult) and isinstance(r.model, MemoryModel)
    assert r.task == "adding" and r.cell == "lstm" and r.steps == 6 and r.seconds > 0
    assert r.history_steps == [3, 6] and len(r.history_metric) == 2
    assert r.metric > 0 and r.history_metric[-1] > 0
    assert r.metric != r.history_metric[-1]  # test and validation batches differ
    assert r.baseline == pytest.approx(ADDING_BASELINE_MSE)


def test_train_adding_is_deterministic_and_stops_early():
    kw = dict(seq_len=6, hidden_size=4, steps=4, batch_size=4, eval_every=2, test_size=8)
    a, b = train_adding("rnn", **kw), train_adding("rnn", **kw)
    assert a.history_metric == b.history_metric
    stopped = train_adding("rnn", target_mse=10.0, **kw)  # any MSE is below 10
    assert stopped.steps == 2


def test_early_stopping_watches_the_validation_batch_not_the_test_batch():
    kw = dict(seq_len=6, hidden_size=4, steps=6, batch_size=4, eval_every=2, test_size=8)
    full = train_adding("rnn", **kw)
    # a target between the validation MSEs stops where the validation MSE first passes it
    target = full.history_metric[0] + 1e-9
    stopped = train_adding("rnn", target_mse=target, **kw)
    first = next(i for i, m in enumerate(full.history_metric) if m < target)
    assert stopped.steps == full.history_steps[first]


def test_lstm_learns_a_short_adding_problem():
    r = train_adding(
        "lstm",
        seq_len=6,
        hidden_size=8,
        steps=300,
        batch_size=32,
        eval_every=100,
        test_size=256,
        target_mse=0.03,
    )
    assert r.metric < 0.03 < ADDING_BASELINE_MSE


def test_train_copy_small_with_and_without_curriculum():
    r = train_copy(
        "gru",
        delay=5,
        n_copy=2,
        n_symbols=4,
        hidden_size=4,
        steps=4,
        batch_size=4,
        eval_every=2,
        test_size=8,
    )
    assert isinstance(r, MemoryResult) and r.task == "copy" and r.cell == "gru"
    assert r.seq_len == 2 * 2 + 5 and r.baseline == pytest.approx(0.25)
    assert 0 <= r.metric <= 1 and 1 <= r.reached_delay <= 5
    fixed = train_copy(
        "rnn",
        delay=5,
        n_copy=2,
        n_symbols=4,
        hidden_size=4,
        steps=2,
        batch_size=4,
        eval_every=2,
        test_size=8,
        curriculum=False,
    )
    assert fixed.reached_delay == 5


def test_results_table_lists_every_run():
    runs = [
        MemoryResult(
            task="adding",
            cell=m,
            seq_len=50,
            steps=10,
            metric=0.1,
            metric_name="test MSE",
            baseline=1 / 6,
            seconds=1.234,
            history_steps=[10],
            history_metric=[0.1],
        )
        for m in ("rnn", "lstm")
    ]
    table = results_table(runs)
    assert (
        table.count("\n") == 3
        and "| adding | lstm | 50 | 10 | test MSE | 0.100 | 0.167 | 1.2 |" in table
    )
    assert "seconds" not in results_table(runs, seconds=False)


class _Adder(torch.nn.Module):
    """A model that answers a * (first marked value) + b * (second), at every step."""

    def __init__(self, a, b):
        super().__init__()
        self.a, self.b = a, b

    def forward(self, xs):
        T = xs.shape[0]
        first = (xs[: T // 2, :, 0] * xs[: T // 2, :, 1]).sum(0)
        second = (xs[T // 2 :, :, 0] * xs[T // 2 :, :, 1]).sum(0)
        return (self.a * first + self.b * second + 0.3).expand(T, -1)[..., None]


def test_marker_weights_recover_the_answer_s_make_up():
    xs, _ = adding_problem(200, 12, np.random.default_rng(0))
    w1, w2 = marker_weights(_Adder(0.25, 0.75), xs)
    assert abs(w1 - 0.25) < 1e-5 and abs(w2 - 0.75) < 1e-5


def test_marker_weights_watch_a_run_at_every_evaluation():
    xs, _ = adding_problem(50, 10, np.random.default_rng(1))
    watch = MarkerWeights(xs)
    r = train_adding("lstm", seq_len=10, hidden_size=4, steps=6, eval_every=3, on_eval=watch)
    assert watch.steps == r.history_steps == [3, 6] and len(watch.weights) == 2


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: MemoryModel("tanh", 2, 4, 1), "cell must be one of"),
        (lambda: MemoryModel("lstm", 2, 0, 1), "hidden_size must be an int >= 1, got 0"),
        (lambda: train_adding("lstm", seq_len=1), "seq_len must be an int >= 2, got 1"),
        (lambda: train_adding("lstm", steps=0), "steps must be an int >= 1, got 0"),
        (lambda: train_copy("lstm", delay=0), "delay must be an int >= 1, got 0"),
        (lambda: marker_weights(None, np.zeros((4, 2, 3))), "xs must be adding-problem inputs"),
    ],
)
def test_errors_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_one_thread_restores_the_thread_count():
    from rnnlab.repro import one_thread

    before = torch.get_num_threads()
    with one_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before


class _Copier(torch.nn.Module):
    """Answers each of the K symbols with (symbol + shift) mod S: right if shift is 0."""

    def __init__(self, K, S, shift):
        super().__init__()
        self.K, self.S, self.shift = K, S, shift

    def forward(self, xs):
        symbols = xs[: self.K, :, : self.S].argmax(-1)  # (K, B)
        answers = torch.nn.functional.one_hot((symbols + self.shift) % self.S, self.S).float()
        return torch.cat([torch.zeros(xs.shape[0] - self.K, *answers.shape[1:]), answers])


def test_copy_recall_tells_a_wrong_read_out_from_no_memory():
    rng = np.random.default_rng(0)
    right = copy_recall(_Copier(3, 8, 0), delay=5, n_copy=3, n_symbols=8, rng=rng)
    wrong = copy_recall(_Copier(3, 8, 1), delay=5, n_copy=3, n_symbols=8, rng=rng)
    assert (right.accuracy == 1).all() and (wrong.accuracy == 0).all()
    assert (wrong.mapped == 1).all() and (wrong.shuffled < 0.4).all()
