"""The long-memory tasks: a tanh RNN against an LSTM (and a GRU) on the adding problem and the
copy task, trained through :func:`rnnlab.training.loop.fit`.

The metric is the mean squared error for the adding problem (lower is better, baseline 1/6) and
the accuracy on the recalled symbols for the copy task (higher is better, baseline 1 / n_symbols).
Along training it is measured on a fixed validation batch, which also decides early stopping; the
reported metric comes from a separate test batch, scored once at the end. Each batch has its own
seed, so the three never share a sequence.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import torch

from rnnlab._validate import check_int, check_ints, check_rng
from rnnlab.data.memory_tasks import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_baseline_accuracy,
    copy_task,
)
from rnnlab.experiments.results.runs import CopyRecall
from rnnlab.experiments.results.tables import MemoryResult
from rnnlab.models.cells import check_cell
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = [
    "MemorySettings",
    "ADDING_SETTINGS",
    "COPY_SETTINGS",
    "MarkerWeights",
    "marker_weights",
    "train_adding",
    "train_copy",
    "copy_recall",
]

Batch = tuple[torch.Tensor, torch.Tensor]


@dataclass(frozen=True)
class MemorySettings:
    """What a run on either memory task is set by, apart from the task itself: the model's
    hidden size and forget-gate bias b_f (LSTM), `steps` Adam updates at `lr` on fresh batches
    of `batch_size` sequences, the validation batch (`val_size` sequences, scored every
    `eval_every` steps and at the end), the test batch (`test_size` sequences, scored once),
    and the seed of the weights and of every batch.

    :func:`train_adding` starts from :data:`ADDING_SETTINGS` (H = 32) and :func:`train_copy`
    from :data:`COPY_SETTINGS` (H = 64); both take ``settings=`` and single fields by keyword.
    """

    hidden_size: int = 32
    steps: int = 1500
    batch_size: int = 64
    lr: float = 1e-2
    eval_every: int = 50
    test_size: int = 1000
    val_size: int = 500
    seed: int = 0
    forget_bias: float = 1.0

    def __post_init__(self) -> None:
        check_ints(
            steps=self.steps,
            batch_size=self.batch_size,
            eval_every=self.eval_every,
            test_size=self.test_size,
            val_size=self.val_size,
        )


ADDING_SETTINGS = MemorySettings(hidden_size=32)
COPY_SETTINGS = MemorySettings(hidden_size=64)


def _train(
    model: MemoryModel,
    settings: MemorySettings,
    held_out: Callable[[int, np.random.Generator], Batch],
    next_batch: Callable[[np.random.Generator], Batch],
    loss_and_metric: Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, float]],
    *,
    stop_at: Callable[[float], bool] | None = None,
    after_batch: Callable[[float], None] | None = None,
    on_eval: Callable[[int, MemoryModel], None] | None = None,
) -> dict[str, Any]:
    """Fit `model` on ``next_batch(rng)``, scoring a validation batch every `eval_every` steps
    and at the end (and calling ``on_eval(step, model)`` there); stop once `stop_at` holds for
    it. ``held_out(n, rng)`` makes the validation and test batches, each from its own seed.

    Returns the fields of a :class:`MemoryResult` it measured: steps, seconds, history_steps,
    history_metric, metric (the test batch's, scored once at the end) and model.
    """
    s = settings
    test = held_out(s.test_size, np.random.default_rng(10_000 + s.seed))
    validation = held_out(s.val_size, np.random.default_rng(30_000 + s.seed))
    rng = np.random.default_rng(s.seed)
    evaluated: list[int] = []
    metrics: list[float] = []

    def step_loss(_step: int) -> torch.Tensor:
        xs, ys = next_batch(rng)
        loss, train_metric = loss_and_metric(model(xs), ys)
        if after_batch is not None:
            after_batch(train_metric)
        return loss

    def on_step(step: int, _loss: float) -> bool:
        if step % s.eval_every and step != s.steps:
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
        fit(model.parameters(), step_loss, lr=s.lr, budget=Budget(steps=s.steps), on_step=on_step)
        with torch.no_grad():
            _, test_metric = loss_and_metric(model(test[0]), test[1])  # scored once, never seen
    return {
        "steps": evaluated[-1],  # the last step is always evaluated, early stop or not
        "seconds": time.perf_counter() - start,
        "history_steps": evaluated,
        "history_metric": metrics,
        "metric": float(test_metric),
        "model": model,
    }


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
    target_mse: float | None = None,
    on_eval: Callable[[int, MemoryModel], None] | None = None,
    settings: MemorySettings = ADDING_SETTINGS,
    **changes: Any,
) -> MemoryResult:
    """Train a `cell` model on the adding problem at `seq_len`, with `settings` and the fields of
    :class:`MemorySettings` named in `changes` (e.g. ``steps=1000, seed=3``) replaced.

    The model reads its answer from the last step's output. The metric is the test MSE
    (baseline 1/6); the history is the validation MSE, and training stops early once it is
    below `target_mse`, if given. ``on_eval(step, model)`` runs at every validation (e.g. a
    :class:`MarkerWeights`).
    """
    check_cell(cell)
    T = check_int(seq_len, "seq_len", minimum=2)
    s = replace(settings, **changes)
    torch.manual_seed(s.seed)
    model = MemoryModel(cell, 2, s.hidden_size, 1, forget_bias=s.forget_bias)

    def problem(n: int, rng: np.random.Generator) -> Batch:
        return _to_torch(adding_problem(n, T, rng))

    def loss_and_metric(out, ys):
        mse = torch.mean((out[-1, :, 0] - ys) ** 2)  # answer read at the last step
        return mse, mse.item()

    run = _train(
        model,
        s,
        problem,
        lambda rng: problem(s.batch_size, rng),
        loss_and_metric,
        stop_at=None if target_mse is None else (lambda m: m < target_mse),
        on_eval=on_eval,
    )
    return MemoryResult(
        task="adding",
        cell=cell,
        seq_len=T,
        metric_name="test MSE",
        baseline=ADDING_BASELINE_MSE,
        **run,
    )


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
    target_accuracy: float | None = None,
    curriculum: bool = True,
    settings: MemorySettings = COPY_SETTINGS,
    **changes: Any,
) -> MemoryResult:
    """Train a `cell` model on the copy task, with `settings` and the fields of
    :class:`MemorySettings` named in `changes` (e.g. ``steps=1000, seed=3``) replaced.

    The model writes its K = n_copy answers at the last K steps; the metric is the test accuracy
    over those symbols (baseline 1 / n_symbols), always at the full `delay`; the history is the
    validation accuracy, and training stops early once it reaches `target_accuracy`, if given.

    With `curriculum` the training delay starts at 1 and grows by 5 steps (up to `delay`) each
    time the model gets 90 % of the recent training symbols right: a fixed long delay gives
    no signal to start from, so both models would sit at the baseline.
    """
    check_cell(cell)
    check_ints(delay=delay, n_copy=n_copy)
    s = replace(settings, **changes)
    D, K, S = int(delay), int(n_copy), int(n_symbols)
    torch.manual_seed(s.seed)
    model = MemoryModel(cell, S + 2, s.hidden_size, S, forget_bias=s.forget_bias)
    level, grow = _curriculum(D, curriculum)

    def problem(n: int, rng: np.random.Generator, d: int = D) -> Batch:
        return _to_torch(copy_task(n, d, rng, n_copy=K, n_symbols=S), torch.long)

    run = _train(
        model,
        s,
        problem,
        lambda rng: problem(s.batch_size, rng, level["delay"]),
        _copy_loss_and_accuracy(K, S),
        stop_at=None if target_accuracy is None else (lambda m: m >= target_accuracy),
        after_batch=grow,
    )
    return MemoryResult(
        task="copy",
        cell=cell,
        seq_len=2 * K + D,
        metric_name="test accuracy",
        baseline=copy_baseline_accuracy(S),
        reached_delay=level["delay"],
        **run,
    )


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
