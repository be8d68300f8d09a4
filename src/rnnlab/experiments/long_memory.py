"""The long-memory tasks: a tanh RNN against an LSTM (and a GRU) on the adding problem and the
copy task, trained through :func:`rnnlab.training.fit`.

The metric is the mean squared error for the adding problem (lower is better, baseline 1/6) and
the accuracy on the recalled symbols for the copy task (higher is better, baseline 1 / n_symbols).
Along training it is measured on a fixed validation batch, which also decides early stopping; the
reported metric comes from a separate test batch, scored once at the end. Each batch has its own
seed, so the three never share a sequence.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch

from rnnlab._validate import check_int, check_ints
from rnnlab.data.memory_tasks import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_baseline_accuracy,
    copy_task,
)
from rnnlab.experiments.results import MemoryResult
from rnnlab.models.cells import check_cell
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = ["train_adding", "train_copy"]

Batch = tuple[torch.Tensor, torch.Tensor]


def _train(
    model: MemoryModel,
    make_batch: Callable[[np.random.Generator], Batch],
    loss_and_metric: Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, float]],
    validation: Batch,
    test: Batch,
    *,
    steps: int,
    lr: float,
    eval_every: int,
    seed: int,
    stop_at: Callable[[float], bool] | None = None,
    after_batch: Callable[[float], None] | None = None,
) -> tuple[int, float, list[int], list[float], float]:
    """Fit `model`, scoring `validation` every `eval_every` steps and at the end; stop once
    `stop_at` holds for it. Returns (steps done, seconds, evaluated steps, validation metrics,
    the test metric at the end)."""
    rng = np.random.default_rng(seed)
    evaluated: list[int] = []
    metrics: list[float] = []

    def step_loss(_step: int) -> torch.Tensor:
        xs, ys = make_batch(rng)
        loss, train_metric = loss_and_metric(model(xs), ys)
        if after_batch is not None:
            after_batch(train_metric)
        return loss

    def on_step(step: int, _loss: float) -> bool:
        if step % eval_every and step != steps:
            return False
        with torch.no_grad():
            _, metric = loss_and_metric(model(validation[0]), validation[1])
        evaluated.append(step)
        metrics.append(float(metric))
        return stop_at is not None and stop_at(metrics[-1])

    start = time.perf_counter()
    with one_thread():
        fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps), on_step=on_step)
        with torch.no_grad():
            _, test_metric = loss_and_metric(model(test[0]), test[1])  # scored once, never seen
    done = evaluated[-1]  # the last step is always evaluated, early stop or not
    return done, time.perf_counter() - start, evaluated, metrics, float(test_metric)


def _to_torch(batch: tuple[np.ndarray, np.ndarray], target_dtype=torch.float32) -> Batch:
    xs, ys = batch
    return torch.from_numpy(xs).float(), torch.from_numpy(ys).to(target_dtype)


def train_adding(
    cell: str = "lstm",
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    steps: int = 1500,
    batch_size: int = 64,
    lr: float = 1e-2,
    eval_every: int = 50,
    test_size: int = 1000,
    val_size: int = 500,
    seed: int = 0,
    target_mse: float | None = None,
    forget_bias: float = 1.0,
) -> MemoryResult:
    """Train a `cell` model on the adding problem at `seq_len`.

    The model reads its answer from the last step's output. The metric is the test MSE
    (baseline 1/6); the history is the validation MSE, and training stops early once it is
    below `target_mse`, if given.
    """
    check_cell(cell)
    T = check_int(seq_len, "seq_len", minimum=2)
    check_ints(steps=steps, batch_size=batch_size, eval_every=eval_every, test_size=test_size,
               val_size=val_size)  # fmt: skip
    torch.manual_seed(seed)
    model = MemoryModel(cell, 2, hidden_size, 1, forget_bias=forget_bias)

    def loss_and_metric(out, ys):
        mse = torch.mean((out[-1, :, 0] - ys) ** 2)  # answer read at the last step
        return mse, mse.item()

    test = _to_torch(adding_problem(test_size, T, np.random.default_rng(10_000 + seed)))
    validation = _to_torch(adding_problem(val_size, T, np.random.default_rng(30_000 + seed)))
    done, seconds, evaluated, metrics, test_mse = _train(
        model,
        lambda rng: _to_torch(adding_problem(batch_size, T, rng)),
        loss_and_metric,
        validation,
        test,
        steps=steps,
        lr=lr,
        eval_every=eval_every,
        seed=seed,
        stop_at=None if target_mse is None else (lambda m: m < target_mse),
    )
    return MemoryResult("adding", cell, T, done, test_mse, "test MSE", ADDING_BASELINE_MSE,
                        seconds, evaluated, metrics, model)  # fmt: skip


def _curriculum(delay: int, enabled: bool) -> tuple[dict, Callable[[float], None]]:
    """The copy task's training delay, and the update that lengthens it as accuracy rises.

    Without a curriculum the delay is `delay` throughout; with one it starts at 1 and grows by
    5 (up to `delay`) whenever the smoothed training accuracy passes 90 %.
    """
    level = {"delay": 1 if enabled else delay, "recent": 0.0}

    def grow(train_accuracy: float) -> None:
        level["recent"] = 0.9 * level["recent"] + 0.1 * train_accuracy  # smoothed accuracy
        if enabled and level["recent"] > 0.9 and level["delay"] < delay:
            level["delay"] = min(delay, level["delay"] + 5)
            level["recent"] = 0.0

    return level, grow


def _copy_loss_and_accuracy(K: int, S: int):
    """The copy task's loss and metric on the last K outputs: cross-entropy and accuracy."""

    def loss_and_metric(out: torch.Tensor, ys: torch.Tensor) -> tuple[torch.Tensor, float]:
        logits = out[-K:]  # (K, B, S): the answer steps
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, S), ys.reshape(-1))
        accuracy = (logits.argmax(-1) == ys).float().mean().item()
        return loss, accuracy

    return loss_and_metric


def train_copy(
    cell: str = "lstm",
    *,
    delay: int = 40,
    n_copy: int = 5,
    n_symbols: int = 8,
    hidden_size: int = 64,
    steps: int = 1500,
    batch_size: int = 64,
    lr: float = 1e-2,
    eval_every: int = 50,
    test_size: int = 1000,
    val_size: int = 500,
    seed: int = 0,
    target_accuracy: float | None = None,
    forget_bias: float = 1.0,
    curriculum: bool = True,
) -> MemoryResult:
    """Train a `cell` model on the copy task.

    The model writes its K = n_copy answers at the last K steps; the metric is the test accuracy
    over those symbols (baseline 1 / n_symbols), always at the full `delay`; the history is the
    validation accuracy, and training stops early once it reaches `target_accuracy`, if given.

    With `curriculum` the training delay starts at 1 and grows by 5 steps (up to `delay`) each
    time the model gets 90 % of the recent training symbols right: a fixed long delay gives
    no signal to start from, so both models would sit at the baseline.
    """
    check_cell(cell)
    check_ints(delay=delay, n_copy=n_copy, steps=steps, batch_size=batch_size,
               eval_every=eval_every, test_size=test_size, val_size=val_size)  # fmt: skip
    K, S = int(n_copy), int(n_symbols)
    torch.manual_seed(seed)
    model = MemoryModel(cell, S + 2, hidden_size, S, forget_bias=forget_bias)
    level, grow = _curriculum(int(delay), curriculum)

    def make(n, rng, d):
        return _to_torch(copy_task(n, d, rng, n_copy=K, n_symbols=S), torch.long)

    test = make(test_size, np.random.default_rng(10_000 + seed), int(delay))
    validation = make(val_size, np.random.default_rng(30_000 + seed), int(delay))
    done, seconds, evaluated, metrics, test_accuracy = _train(
        model,
        lambda rng: make(batch_size, rng, level["delay"]),
        _copy_loss_and_accuracy(K, S),
        validation,
        test,
        steps=steps,
        lr=lr,
        eval_every=eval_every,
        seed=seed,
        stop_at=None if target_accuracy is None else (lambda m: m >= target_accuracy),
        after_batch=grow,
    )
    return MemoryResult("copy", cell, 2 * K + int(delay), done, test_accuracy, "test accuracy",
                        copy_baseline_accuracy(S), seconds, evaluated, metrics, model,
                        reached_delay=level["delay"])  # fmt: skip
