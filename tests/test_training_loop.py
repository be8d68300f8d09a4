"""The one torch training loop: budgets by steps and by time, clipping, early stopping."""

import time

import pytest
import torch

from rnnlab.training.loop import Budget, fit, history_point


def quadratic():
    w = torch.nn.Parameter(torch.tensor([3.0, -4.0]))
    return w, (lambda step: (w**2).sum())


def test_fit_runs_the_step_budget_and_lowers_the_loss():
    w, loss_fn = quadratic()
    budget = Budget(steps=50)
    losses = fit([w], loss_fn, lr=0.1, budget=budget)
    assert len(losses) == 50 and budget.step == 50
    assert losses[-1] < losses[0] / 10


def test_fit_stops_on_time():
    w, loss_fn = quadratic()

    def slow(step):
        time.sleep(0.01)
        return loss_fn(step)

    losses = fit([w], slow, lr=0.1, budget=Budget(seconds=0.1))
    assert 1 <= len(losses) < 50


def test_on_step_sees_every_update_and_can_stop_early():
    w, loss_fn = quadratic()
    seen = []

    def on_step(step, loss):
        seen.append((step, loss))
        return step == 5

    losses = fit([w], loss_fn, lr=0.1, budget=Budget(steps=20), on_step=on_step)
    assert [s for s, _ in seen] == [1, 2, 3, 4, 5] and len(losses) == 5
    assert [loss for _, loss in seen] == losses


def test_clipping_bounds_the_gradient_adam_sees():
    w, loss_fn = quadratic()  # gradient (6, -8), norm 10
    fit([w], loss_fn, lr=1.0, budget=Budget(steps=1), clip=1e-3)
    assert w.grad.norm().item() == pytest.approx(1e-3, rel=1e-3)
    v, loss_v = quadratic()
    fit([v], loss_v, lr=1.0, budget=Budget(steps=1), clip=None)
    assert v.grad.norm().item() == pytest.approx(10.0)


def test_schedule_sets_the_learning_rate():
    w, loss_fn = quadratic()
    seen = []

    def schedule(used):
        seen.append(used)
        return 0.0

    fit([w], loss_fn, lr=0.5, budget=Budget(steps=4), schedule=schedule)
    assert seen == [0.0, 0.25, 0.5, 0.75]
    assert w.detach().tolist() == [3.0, -4.0]  # a zero learning rate never moves


def test_history_point_and_budget_errors():
    budget = Budget(steps=3)
    budget.tick()
    point = history_point(budget, chars=10, recent=[1.0, 2.0])
    assert point["step"] == 1 and point["chars"] == 10 and point["train_loss"] == 1.5
    assert point["seconds"] >= 0
    with pytest.raises(ValueError, match="training needs a budget"):
        Budget()
    with pytest.raises(ValueError, match="steps must be an int >= 1"):
        Budget(steps=0)


def test_ctrl_c_stops_after_the_step_in_progress():
    import os
    import signal

    w, loss_fn = quadratic()

    def interrupting(step):
        if step == 3:
            os.kill(os.getpid(), signal.SIGINT)  # as if Ctrl-C were pressed during step 3
        return loss_fn(step)

    losses = fit([w], interrupting, lr=0.1, budget=Budget(steps=100))
    assert losses.interrupted and len(losses) == 4  # step 3 completes, then training stops
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored
    assert not fit([w], loss_fn, lr=0.1, budget=Budget(steps=2)).interrupted


def test_a_paused_budget_does_not_count_the_pause():
    budget = Budget(seconds=100.0)
    with budget.paused():
        time.sleep(0.05)
    assert budget.elapsed < 0.04
