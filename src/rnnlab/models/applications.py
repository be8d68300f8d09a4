"""Baselines for notebook 11's real data: a linear autoregression for the CO2 series (numpy
least squares) and a logistic regression that sees all 64 pixels of a digit at once (torch).

The recurrent models themselves are :class:`rnnlab.models.memory.MemoryModel`: a tanh RNN read
out by a linear head, one output per step.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab._validate import as_array, check_int

__all__ = ["fit_autoregression", "predict_autoregression", "fit_logistic"]


def fit_autoregression(series: object, order: int) -> np.ndarray:
    """Least-squares fit of x_{t+1} = b + a_1 x_t + ... + a_p x_{t-p+1} on a series (N,).

    Returns the coefficients (p + 1,): a_p, ..., a_1 (oldest first, like a window) and last b.
    """
    s = as_array(series, "series", dtype=np.float64)
    p = check_int(order, "order")
    if s.ndim != 1 or len(s) < 2 * p + 1:
        raise ValueError(f"series must be 1-D with at least {2 * p + 1} values, got {s.shape}")
    idx = np.arange(len(s) - p)[:, None] + np.arange(p)[None, :]  # (M, p)
    design = np.hstack([s[idx], np.ones((len(idx), 1))])  # (M, p + 1)
    return np.linalg.lstsq(design, s[p:], rcond=None)[0]


def predict_autoregression(coef: np.ndarray, xs: np.ndarray) -> np.ndarray:
    """The next value after each window: xs (T, B, 1) with T >= p -> (B,) (its last p values)."""
    p = len(coef) - 1
    xs = as_array(xs, "xs", dtype=np.float64)
    if xs.ndim != 3 or xs.shape[0] < p:
        raise ValueError(f"xs must be (T, B, 1) with T >= {p}, got shape {xs.shape}")
    return xs[-p:, :, 0].T @ coef[:p] + coef[p]


def fit_logistic(
    images: np.ndarray, labels: np.ndarray, *, weight_decay: float = 1e-3, seed: int = 0
) -> torch.nn.Linear:
    """A softmax regression on all pixels at once: images (N, 8, 8), labels (N,) -> a
    Linear(64, 10) fitted by full-batch L-BFGS (cross-entropy plus weight_decay * ||W||^2)."""
    torch.manual_seed(seed)
    X = torch.from_numpy(np.asarray(images, dtype=np.float32).reshape(len(images), -1))
    y = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    model = torch.nn.Linear(X.shape[1], int(y.max()) + 1)
    opt = torch.optim.LBFGS(model.parameters(), max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(X), y)
        loss = loss + weight_decay * (model.weight**2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return model
