"""Notebook 11's experiments on real data: forecasting the CO2 series one step and many steps
ahead, and reading a handwritten digit row by row.

Each trains a small tanh RNN (:class:`rnnlab.models.memory.MemoryModel`) through
:func:`rnnlab.training.loop.fit` on one thread, in a few seconds, and scores it against baselines on
held-out data that training never sees: the final `test_months` of the series, and a fixed set
of 500 digits.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from rnnlab._validate import check_int
from rnnlab.data.applications import (
    Scaler,
    digits_split,
    forecast_windows,
    load_co2,
    load_digits,
)
from rnnlab.experiments.results.runs import DigitsRun, ForecastRun
from rnnlab.models.applications import fit_autoregression, fit_logistic, predict_autoregression
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = [
    "train_forecaster",
    "forecast_ahead",
    "horizon_errors",
    "train_row_reader",
]

SEASON = 12  # months


def _rnn_next(model: MemoryModel, scaler: Scaler, xs: np.ndarray) -> np.ndarray:
    """The RNN's forecast of the value after each window xs (T, B, 1) -> (B,), in ppm."""
    with torch.no_grad():
        out = model(torch.from_numpy(scaler.windows(xs)).float())[-1, :, 0]  # (B,)
    return scaler.inverse(xs, out.double().numpy())


def train_forecaster(
    window: int = 24,
    *,
    hidden_size: int = 16,
    steps: int = 150,
    lr: float = 2e-2,
    test_months: int = 60,
    seed: int = 0,
) -> ForecastRun:
    """Train a tanh RNN to forecast the next month of the CO2 series from the last `window`.

    Training uses every window whose target lies before the last `test_months` (full batch,
    Adam, gradients clipped to norm 1); the windows are normalised by a :class:`Scaler` fitted
    on the same months. The autoregression of order `window` is fitted on the same months.
    """
    w = check_int(window, "window", minimum=SEASON)
    series = load_co2()
    split = len(series.values) - check_int(test_months, "test_months")
    train = series.values[:split]
    scaler = Scaler.fit(train)
    xs, ys = forecast_windows(train, w)  # (w, M, 1), (M,)
    inputs = torch.from_numpy(scaler.windows(xs)).float()
    targets = torch.from_numpy(scaler.targets(xs, ys)).float()
    torch.manual_seed(seed)
    model = MemoryModel("rnn", 1, hidden_size, 1)

    def step_loss(_step: int) -> torch.Tensor:
        return torch.mean((model(inputs)[-1, :, 0] - targets) ** 2)

    start = time.perf_counter()
    with one_thread():
        losses = fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))
    seconds = time.perf_counter() - start
    test_xs, test_ys = forecast_windows(series.values[split - w :], w)  # targets: held-out months
    ar_coef = fit_autoregression(train, w)
    predicted = _rnn_next(model, scaler, test_xs)
    return ForecastRun(
        window=w,
        series=series,
        n_test=len(test_ys),
        model=model,
        scaler=scaler,
        ar_coef=ar_coef,
        predicted=predicted,
        rnn_mae=float(np.mean(np.abs(predicted - test_ys))),
        last_mae=float(np.mean(np.abs(test_xs[-1, :, 0] - test_ys))),
        seasonal_mae=float(np.mean(np.abs(test_xs[-SEASON, :, 0] - test_ys))),
        ar_mae=float(np.mean(np.abs(predict_autoregression(ar_coef, test_xs) - test_ys))),
        steps=len(losses),
        seconds=seconds,
    )


def forecast_ahead(run: ForecastRun, start: int, horizon: int, *, model: str = "rnn") -> np.ndarray:
    """Forecast months start, ..., start + horizon - 1 from the `run.window` months before
    `start`, feeding each forecast back in as the newest value (the generation loop of notebook
    05, with a number in place of a sampled character). model: 'rnn' or 'ar'. -> (horizon,)."""
    h = check_int(horizon, "horizon")
    if not run.window <= start <= len(run.series.values):
        raise ValueError(f"start must be in [{run.window}, {len(run.series.values)}], got {start}")
    history = list(run.series.values[start - run.window : start])
    out = []
    for _ in range(h):
        xs = np.array(history[-run.window :])[:, None, None]  # (window, 1, 1)
        if model == "rnn":
            nxt = _rnn_next(run.model, run.scaler, xs)[0]
        else:
            nxt = predict_autoregression(run.ar_coef, xs)[0]
        out.append(nxt)
        history.append(nxt)  # the forecast becomes the input
    return np.array(out)


def horizon_errors(run: ForecastRun, horizon: int) -> dict[str, np.ndarray]:
    """Mean absolute error (ppm) against the number of months ahead, 1..horizon, over every
    start in the held-out stretch that leaves `horizon` months to score.

    Keys 'rnn' and 'ar' (fed back), 'seasonal' (the same month a year before the start, then
    the year's shape repeated) and 'last' (the last value before the start). -> (horizon,) each.
    """
    h = check_int(horizon, "horizon")
    values = run.series.values
    starts = range(run.split, len(values) - h + 1)
    if not starts:
        raise ValueError(f"horizon must be at most {run.n_test}, got {h}")
    errors: dict[str, list[np.ndarray]] = {"rnn": [], "ar": [], "seasonal": [], "last": []}
    for s in starts:
        truth = values[s : s + h]
        ahead = np.arange(h)
        errors["rnn"].append(np.abs(forecast_ahead(run, s, h) - truth))
        errors["ar"].append(np.abs(forecast_ahead(run, s, h, model="ar") - truth))
        errors["seasonal"].append(np.abs(values[s - SEASON + ahead % SEASON] - truth))
        errors["last"].append(np.abs(values[s - 1] - truth))
    return {k: np.mean(v, axis=0) for k, v in errors.items()}


def train_row_reader(
    *,
    hidden_size: int = 64,
    steps: int = 300,
    batch_size: int = 128,
    lr: float = 1e-2,
    seed: int = 0,
) -> DigitsRun:
    """Train the row reader (many to one: T = 8 rows, D = 8 pixels) on the 1,297 training digits
    with cross-entropy on the answer after the last row; score it and the logistic regression."""
    check_int(steps, "steps")
    images, labels = load_digits()
    train, test = digits_split(len(labels))
    as_rows = torch.from_numpy(images.transpose(1, 0, 2)).float()  # (8, N, 8): row t is x_t
    y = torch.from_numpy(labels)
    torch.manual_seed(seed)
    model = MemoryModel("rnn", 8, hidden_size, 10)
    rng = np.random.default_rng(seed)

    def step_loss(_step: int) -> torch.Tensor:
        batch = torch.from_numpy(rng.choice(train, batch_size, replace=False))
        logits = model(as_rows[:, batch])[-1]  # (B, 10): s_T, the answer after the last row
        return torch.nn.functional.cross_entropy(logits, y[batch])

    start = time.perf_counter()
    with one_thread():
        losses = fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))
        seconds = time.perf_counter() - start
        logistic = fit_logistic(images[train], labels[train], seed=seed)
    with torch.no_grad():
        answers = model(as_rows[:, test]).argmax(-1).numpy()  # (8, 500): answer after each row
        pixels = torch.from_numpy(images[test].reshape(len(test), -1)).float()
        logistic_answers = logistic(pixels).argmax(-1).numpy()
    final = answers[-1]
    same = answers == final  # (8, 500)
    changed_after = np.where(~same, np.arange(1, 9)[:, None], 0).max(0)  # last row it differed
    return DigitsRun(
        model=model,
        rnn_accuracy=float(np.mean(final == labels[test])),
        logistic_accuracy=float(np.mean(logistic_answers == labels[test])),
        by_row=np.mean(answers == labels[test], axis=1),
        settle=changed_after + 1,
        test_images=images[test],
        test_labels=labels[test],
        steps=len(losses),
        seconds=seconds,
    )
