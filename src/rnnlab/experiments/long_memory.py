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
from dataclasses import dataclass, field

import numpy as np
import torch

from rnnlab._validate import check_int, check_ints, check_rng
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

__all__ = [
    "MarkerWeights",
    "marker_weights",
    "train_adding",
    "train_copy",
    "CopyRecall",
    "copy_recall",
]

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
    on_eval: Callable[[int, MemoryModel], None] | None = None,
) -> tuple[int, float, list[int], list[float], float]:
    """Fit `model`, scoring `validation` every `eval_every` steps and at the end (and calling
    ``on_eval(step, model)`` there); stop once `stop_at` holds for it. Returns (steps done,
    seconds, evaluated steps, validation metrics, the test metric at the end)."""
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
        if on_eval is not None:
            on_eval(step, model)
        return stop_at is not None and stop_at(metrics[-1])

    start = time.perf_counter()
    with one_thread():
        fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps), on_step=on_step)
        with torch.no_grad():
            _, test_metric = loss_and_metric(model(test[0]), test[1])  # scored once, never seen
    done = evaluated[-1]  # the last step is always evaluated, early stop or not
    return done, time.perf_counter() - start, evaluated, metrics, float(test_metric)


@dataclass
class MarkerWeights:
    """What an adding-problem model's answer is made of, along training: the least-squares fit
    answer ≈ w_1 v_{t_1} + w_2 v_{t_2} + b on a probe batch, v_{t_1} and v_{t_2} the values at
    the two marked steps (first half, second half). A model that adds both has w_1 = w_2 = 1.

    Pass it as ``on_eval`` to :func:`train_adding`; `steps` and `weights` (one (w_1, w_2) per
    evaluation) fill as it trains. xs: the probe inputs (T, B, 2).
    """

    xs: np.ndarray
    steps: list[int] = field(default_factory=list)
    weights: list[tuple[float, float]] = field(default_factory=list)

    def __call__(self, step: int, model: MemoryModel) -> None:
        self.steps.append(int(step))
        self.weights.append(marker_weights(model, self.xs))


def marker_weights(model: MemoryModel, xs: np.ndarray) -> tuple[float, float]:
    """(w_1, w_2) of the least-squares fit of the model's last-step answer on the values at the
    two marked steps of the adding-problem inputs xs (T, B, 2), with an intercept."""
    xs = np.asarray(xs, dtype=np.float64)
    if xs.ndim != 3 or xs.shape[2] != 2:
        raise ValueError(f"xs must be adding-problem inputs (T, B, 2), got shape {xs.shape}")
    T, B, _ = xs.shape
    marked = xs[..., 1] == 1  # (T, B)
    if not (marked.sum(0) == 2).all():
        raise ValueError("xs must mark exactly two steps in every sequence")
    first, second = marked.argmax(0), T - 1 - marked[::-1].argmax(0)  # (B,) each
    cols = np.arange(B)
    with torch.no_grad():
        answer = model(torch.from_numpy(xs).float())[-1, :, 0].double().numpy()  # (B,)
    design = np.stack([xs[first, cols, 0], xs[second, cols, 0], np.ones(B)], axis=1)  # (B, 3)
    w = np.linalg.lstsq(design, answer, rcond=None)[0]
    return float(w[0]), float(w[1])


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
    on_eval: Callable[[int, MemoryModel], None] | None = None,
) -> MemoryResult:
    """Train a `cell` model on the adding problem at `seq_len`.

    The model reads its answer from the last step's output. The metric is the test MSE
    (baseline 1/6); the history is the validation MSE, and training stops early once it is
    below `target_mse`, if given. ``on_eval(step, model)`` runs at every validation (e.g. a
    :class:`MarkerWeights`).
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
        on_eval=on_eval,
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


@dataclass
class CopyRecall:
    """Per answer position k of the copy task (arrays (K,)): the share answered right; the share
    the best map from the true symbol to an answer explains (1 if the answer is a function of
    the symbol, right or wrong); and that share with the symbols shuffled across sequences (what
    an answer that ignores its symbol gets)."""

    accuracy: np.ndarray
    mapped: np.ndarray
    shuffled: np.ndarray


def _best_map_share(truth: np.ndarray, answer: np.ndarray, S: int) -> float:
    counts = np.zeros((S, S))
    np.add.at(counts, (truth, answer), 1)  # (S, S): truth by answer
    return float(counts.max(axis=1).sum() / len(truth))  # each symbol's most common answer


def copy_recall(
    model: MemoryModel,
    *,
    delay: int,
    n_copy: int,
    n_symbols: int,
    rng: np.random.Generator,
    batch_size: int = 3000,
) -> CopyRecall:
    """What a copy-task model's answers carry of the symbols, position by position, on a fresh
    batch at `delay` (see :class:`CopyRecall`)."""
    check_ints(delay=delay, n_copy=n_copy, batch_size=batch_size)
    rng = check_rng(rng)
    K, S = int(n_copy), int(n_symbols)
    xs, ys = copy_task(batch_size, int(delay), rng, n_copy=K, n_symbols=S)  # ys (K, B)
    with torch.no_grad():
        answers = model(torch.from_numpy(xs).float())[-K:].argmax(-1).numpy()  # (K, B)
    return CopyRecall(
        accuracy=(answers == ys).mean(axis=1),
        mapped=np.array([_best_map_share(ys[k], answers[k], S) for k in range(K)]),
        shuffled=np.array(
            [_best_map_share(rng.permutation(ys[k]), answers[k], S) for k in range(K)]
        ),
    )
