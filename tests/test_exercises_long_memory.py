"""Notebook 09's exercises: correct memory probes pass, each typical mistake gets its hint."""

import numpy as np
import pytest

from rnnlab.data.memory_tasks import adding_problem
from rnnlab.exercises import long_memory as ex


def probe_loop(xs, window):  # correct, written as a loop over the sequences
    T, B, _ = xs.shape
    out = np.empty(B)
    for b in range(B):
        total = 0.0
        for t in range(T):
            if xs[t, b, 1] == 1:
                total += xs[t, b, 0] if t >= T - window else 0.5
        out[b] = total
    return out


def probe_slices(xs, window):  # correct: the window by slicing, the rest from the marker count
    T = len(xs)
    inside = xs[T - window :]
    return (inside[..., 0] * inside[..., 1]).sum(0) + 0.5 * (2 - inside[..., 1].sum(0))


def negative_slice(xs, window):  # xs[-0:] is the whole sequence
    inside = xs[-window:]
    return (inside[..., 0] * inside[..., 1]).sum(0) + 0.5 * (2 - inside[..., 1].sum(0))


def wrong(xs, window, guess=0.5, markers=True, swap=False, start=None):
    T = len(xs)
    v, m = (xs[..., 1], xs[..., 0]) if swap else (xs[..., 0], xs[..., 1])
    begin = T - window if start is None else start(T, window)
    inside = np.arange(T) >= begin
    shown = (v * (m if markers else 1) * inside[:, None]).sum(0)
    return shown + guess * (m * ~inside[:, None]).sum(0)


@pytest.mark.parametrize("fn", [probe_loop, probe_slices])
def test_correct_probes_pass(fn):
    assert ex.check_best_answer(fn)


@pytest.mark.parametrize(
    "fn, hint",
    [
        (lambda xs, w: wrong(xs, w, guess=0.0), "not 0 on average"),
        (lambda xs, w: wrong(xs, w, guess=1.0), "mean of the *sum*"),
        (lambda xs, w: wrong(xs, w, markers=False), "only the marked values count"),
        (lambda xs, w: wrong(xs, w, swap=True), "channel 0 of xs holds the values"),
        (negative_slice, "xs[-window:]"),
        (lambda xs, w: wrong(xs, w, start=lambda T, w: T - w + 1), "one step too short"),
        (lambda xs, w: wrong(xs, w, start=lambda T, w: T - w - 1), "one step too long"),
    ],
)
def test_mistakes_get_their_hint(fn, hint):
    verdict = ex.check_best_answer(fn)
    assert not verdict and hint in repr(verdict)


def test_unanswered_and_crashing():
    def placeholder(xs, window):
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_best_answer(placeholder))
    assert "raised KeyError" in repr(ex.check_best_answer(lambda xs, w: {}[0]))
    assert "expected an output of shape" in repr(ex.check_best_answer(lambda xs, w: xs))


def test_the_window_mse_answer_matches_a_simulation():
    xs, ys = adding_problem(200_000, 50, np.random.default_rng(0))
    mse = np.mean((probe_slices(xs, 10) - ys) ** 2)
    assert ex.check_window_mse(mse)


@pytest.mark.parametrize(
    "answer, ok, hint",
    [
        (1.6 / 12, True, ""),
        (np.float32(0.1335), True, ""),
        (1 / 12, False, "only some of the time"),
        (1 / 6, False, "costs nothing"),
        (0.4, False, "that is a probability"),
        (0.05, False, "always adds 1/12"),
        (True, False, "answer with a number"),
        ("0.13", False, "answer with a number"),
        (0.3, False, "how often is each"),
    ],
)
def test_window_mse(answer, ok, hint):
    verdict = ex.check_window_mse(answer)
    assert bool(verdict) is ok and hint in repr(verdict)
    assert "not answered yet" in repr(ex.check_window_mse(...))


def test_nothing_public_is_a_solution():
    assert not [n for n in dir(ex) if "solution" in n.lower()]
    assert "adding_problem" not in dir(ex)


def test_the_notebooks_worked_solution_passes():
    from test_exercises_lstm import solution_functions

    assert ex.check_best_answer(solution_functions("09_long_memory.ipynb")["best_answer"])


def _models():
    import torch

    from rnnlab.models.memory import MemoryModel

    torch.manual_seed(0)
    return {cell: MemoryModel(cell, 2, 32, 1) for cell in ("lstm", "rnn")}


def test_reach_prediction_quotes_the_widget():
    from rnnlab.widgets.memory_reach import compute_reach

    models = _models()
    data = compute_reach(models, seq_len=50, n_examples=32)
    right = repr(ex.check_reach_prediction("c", models))
    rnn = ", ".join(f"{data['mse']['rnn'][d - 1]:.3f} at {d}" for d in (1, 5, 40))
    assert f"MSE {rnn} steps apart" in right
    assert f"the LSTM: {data['mse']['lstm'][39]:.3f} at 40" in right
    assert "1/12" in repr(ex.check_reach_prediction("b", models))
    assert "reads markers" in repr(ex.check_reach_prediction("a", models))


@pytest.mark.parametrize("models", [None, {}, "models", 3, {"rnn": None, "lstm": None}])
def test_reach_prediction_never_crashes_without_models(models):
    verdict = ex.check_reach_prediction("c", models)
    assert verdict and "never learned to read a marker" in repr(verdict)


def test_reach_prediction_needs_a_letter():
    for bad in ("d", 3, True, ["c"], "cc"):
        assert "give one letter" in repr(ex.check_reach_prediction(bad))
    assert "not answered" in repr(ex.check_reach_prediction(...))


def test_product_baseline_matches_a_simulation():
    v = np.random.default_rng(0).uniform(size=(2, 400_000))
    y = v[0] * v[1]
    assert abs(np.mean((y - y.mean()) ** 2) - 7 / 144) < 5e-4


@pytest.mark.parametrize(
    "answer, ok, hint",
    [
        (7 / 144, True, ""),
        (0.0486, True, ""),
        (1 / 6, False, "adding problem"),
        (1 / 144, False, "not the variance of the product"),
        (1 / 9, False, "answering 0"),
        (1 / 16, False, "(E y)²"),
        (1 / 12, False, "one value"),
        (0.3, False, "E[y²] - (E y)²"),
        ("7/144", False, "give a number"),
        (None, False, "not answered"),
    ],
)
def test_product_baseline(answer, ok, hint):
    verdict = ex.check_product_baseline(answer)
    assert bool(verdict) is ok and hint in repr(verdict), repr(verdict)
