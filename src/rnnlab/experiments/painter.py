"""Notebook 11's painter: train the row-by-row digit generator (one to many) and judge what it
paints.

The painter (:class:`rnnlab.models.painter.Painter`) learns from the 1,297 training digits with
the cross-entropy of each pixel's gray level given the class and the rows above it, through
:func:`rnnlab.training.loop.fit` on one thread. Two honest measures of it:

- held-out nats per pixel on the 500 test digits, next to a baseline that knows the class but
  draws every pixel on its own (each pixel's level frequencies per class in the training set);
- a judge that reads digits: a logistic regression on all 64 quantised pixels of the training
  digits. The painter paints `per_class` digits of every class at each temperature, and the
  result is the fraction that the judge reads as the class asked for.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from rnnlab._validate import check_int
from rnnlab.data.applications import digits_split, load_digits
from rnnlab.experiments.results.runs import PainterRun
from rnnlab.models.applications import fit_logistic
from rnnlab.models.painter import (
    CLASSES,
    LEVELS,
    PIXELS,
    ROWS,
    Painter,
    paint_numpy,
    pick_level,
    quantise,
)
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = ["digit_levels", "sample_uniforms", "judge_probs", "train_painter"]

SAMPLE_SEED = 2026  # the uniforms of the judged paintings: seed + this


def digit_levels() -> tuple[np.ndarray, np.ndarray]:
    """The UCI digits as gray levels: (N, 8, 8) int64 in 0..L-1, and the labels (N,)."""
    images, labels = load_digits()
    return quantise(np.round(images * 16)), labels


def sample_uniforms(seed: int, batch: int) -> np.ndarray:
    """The uniform numbers that fix `batch` paintings: (T, B, D) from numpy's generator `seed`."""
    return np.random.default_rng(seed).random((ROWS, check_int(batch, "batch"), PIXELS))


def judge_probs(weight: np.ndarray, bias: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """The judge's class probabilities for digits given as levels (N, 8, 8) -> (N, 10)."""
    x = levels.reshape(len(levels), -1) / (LEVELS - 1)  # (N, 64) in [0, 1]
    s = x @ weight.T + bias  # (N, 10)
    p = np.exp(s - s.max(-1, keepdims=True))
    return p / p.sum(-1, keepdims=True)


def _pixel_table(levels: np.ndarray, labels: np.ndarray, train: np.ndarray) -> np.ndarray:
    """The baseline: each pixel's level frequencies per class (add-one counts on `train`),
    every pixel on its own. -> probabilities (10, 8, 8, L)."""
    counts = np.ones((CLASSES, ROWS, PIXELS, LEVELS))
    for k in range(CLASSES):
        mine = levels[train][labels[train] == k]  # (n_k, 8, 8)
        counts[k] += (mine[..., None] == np.arange(LEVELS)).sum(0)
    return counts / counts.sum(-1, keepdims=True)


def _table_nats(table: np.ndarray, levels: np.ndarray, labels: np.ndarray) -> float:
    """Nats per pixel of the independent-pixel `table` on digits (N, 8, 8) with labels (N,)."""
    rows, cols = np.arange(ROWS)[:, None], np.arange(PIXELS)[None, :]
    picked = table[labels[:, None, None], rows, cols, levels]  # (N, 8, 8)
    return float(-np.mean(np.log(picked)))


def _test_nats(model: Painter, levels: np.ndarray, labels: np.ndarray) -> float:
    """The painter's mean cross-entropy per pixel (nats) on digits (N, 8, 8), teacher forced."""
    rows = torch.from_numpy(levels.transpose(1, 0, 2))  # (T, N, D)
    with torch.no_grad():
        scores = model(torch.from_numpy(labels), rows)  # (T, N, D, L)
        return float(torch.nn.functional.cross_entropy(scores.reshape(-1, LEVELS), rows.flatten()))


def _recognised_by_class(params, judge, classes, tau, uniforms) -> np.ndarray:
    """Paint `classes` (B,) at `tau` from `uniforms` (T, B, D) and return, per class (10,), the
    fraction that the judge (weight, bias) reads as the class asked for."""
    painted = paint_numpy(params, classes, tau, uniforms).transpose(1, 0, 2)  # (B, 8, 8)
    read = judge_probs(*judge, painted).argmax(-1)  # (B,)
    return np.bincount(classes[read == classes], minlength=CLASSES) / np.bincount(classes)


def train_painter(
    *,
    hidden_size: int = 64,
    steps: int = 600,
    batch_size: int = 128,
    lr: float = 1e-2,
    temperatures: tuple[float, ...] = (0.5, 1.0),
    per_class: int = 20,
    seed: int = 0,
) -> PainterRun:
    """Train the painter on the training digits and judge `per_class` paintings of each class at
    each temperature (uniforms from :func:`sample_uniforms` with seed + SAMPLE_SEED)."""
    check_int(steps, "steps")
    levels, labels = digit_levels()
    train, test = digits_split(len(labels))
    rows = torch.from_numpy(levels.transpose(1, 0, 2))  # (T, N, D): row t of every digit
    y = torch.from_numpy(labels)
    torch.manual_seed(seed)
    model = Painter(hidden_size)
    rng = np.random.default_rng(seed)

    def step_loss(_step: int) -> torch.Tensor:
        batch = torch.from_numpy(rng.choice(train, batch_size, replace=False))
        scores = model(y[batch], rows[:, batch])  # (T, B, D, L)
        return torch.nn.functional.cross_entropy(
            scores.reshape(-1, LEVELS), rows[:, batch].flatten()
        )

    start = time.perf_counter()
    with one_thread():
        losses = fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))
        seconds = time.perf_counter() - start
        judge = fit_logistic(levels[train] / (LEVELS - 1), labels[train], seed=seed)
    weight = judge.weight.detach().double().numpy()
    bias = judge.bias.detach().double().numpy()
    params = model.numpy_params()
    classes = np.repeat(np.arange(CLASSES), check_int(per_class, "per_class"))  # (B,)
    uniforms = sample_uniforms(seed + SAMPLE_SEED, len(classes))
    by_class = {
        float(tau): _recognised_by_class(params, (weight, bias), classes, tau, uniforms)
        for tau in temperatures
    }
    real = judge_probs(weight, bias, levels[test]).argmax(-1)
    table = _pixel_table(levels, labels, train)
    independent = pick_level(table[classes], uniforms.transpose(1, 0, 2))  # (B, 8, 8)
    read = judge_probs(weight, bias, independent).argmax(-1)  # (B,): the baseline at tau = 1
    return PainterRun(
        model=model,
        params=params,
        judge_weight=weight,
        judge_bias=bias,
        judge_accuracy=float(np.mean(real == labels[test])),
        recognised={tau: float(v.mean()) for tau, v in by_class.items()},
        recognised_by_class=by_class,
        test_nats=_test_nats(model, levels[test], labels[test]),
        baseline_nats=_table_nats(table, levels[test], labels[test]),
        baseline_recognised=float(np.mean(read == classes)),
        steps=len(losses),
        seconds=seconds,
    )
