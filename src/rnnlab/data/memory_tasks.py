"""Synthetic long-memory tasks: the adding problem and the copy task.

Both put the information a model needs at the start of a long sequence and ask for it at the
end, so a model can only succeed if something survives many steps of the recurrence.

Sequences are time-major: xs (T, B, D). Randomness comes from an explicit ``rng``.
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import check_int, check_rng

__all__ = [
    "ADDING_BASELINE_MSE",
    "adding_problem",
    "copy_task",
    "copy_baseline_accuracy",
]

# Always answering 1, the mean of a sum of two U[0, 1] values, scores Var(u1 + u2) = 2/12 = 1/6.
ADDING_BASELINE_MSE = 1.0 / 6.0


def adding_problem(
    batch_size: int, seq_len: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A batch of the adding problem (Hochreiter & Schmidhuber 1997, in its common modern form).

    Channel 0 holds values drawn uniformly from [0, 1]; channel 1 is a marker that is 1 at exactly
    one step in the first half of the sequence and at exactly one step in the second half. The
    target is the sum of the two marked values, so it lies in [0, 2]. A model that ignores its
    input and always answers 1 scores a mean squared error of 1/6 (``ADDING_BASELINE_MSE``).

    Returns xs (T, B, 2) float64 and ys (B,) float64, with T = seq_len >= 2.
    """
    B = check_int(batch_size, "batch_size", 1)
    T = check_int(seq_len, "seq_len", 2)
    rng = check_rng(rng)
    half = T // 2
    values = rng.uniform(0.0, 1.0, size=(T, B))
    first = rng.integers(0, half, size=B)  # one marker in steps [0, T//2)
    second = rng.integers(half, T, size=B)  # and one in [T//2, T)
    markers = np.zeros((T, B))
    cols = np.arange(B)
    markers[first, cols] = 1.0
    markers[second, cols] = 1.0
    xs = np.stack([values, markers], axis=-1)  # (T, B, 2)
    ys = values[first, cols] + values[second, cols]  # (B,)
    return xs, ys


def copy_task(
    batch_size: int,
    delay: int,
    rng: np.random.Generator,
    *,
    n_copy: int = 5,
    n_symbols: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """A batch of the copy task: read `n_copy` symbols, wait `delay` steps, then write them back.

    The input has ``n_symbols + 2`` one-hot channels: the symbols 0..n_symbols-1, a blank
    (channel n_symbols) and a "go" signal (channel n_symbols + 1). A sequence is

        s_1 .. s_K | blank x (delay - 1) | go | blank x K      (K = n_copy)

    so T = 2 K + delay. The model must output s_1 .. s_K at the last K steps, i.e. each symbol
    ``K + delay`` steps after it was seen. Guessing scores an accuracy of 1 / n_symbols.

    Returns xs (T, B, n_symbols + 2) float64 one-hot, and ys (K, B) int64: the symbols to write
    at steps T-K .. T-1.
    """
    B = check_int(batch_size, "batch_size", 1)
    delay = check_int(delay, "delay", 1)
    K = check_int(n_copy, "n_copy", 1)
    S = check_int(n_symbols, "n_symbols", 2)
    rng = check_rng(rng)
    T = 2 * K + delay
    blank, go = S, S + 1
    ids = np.full((T, B), blank, dtype=np.int64)
    ys = rng.integers(0, S, size=(K, B))
    ids[:K] = ys
    ids[K + delay - 1] = go
    xs = np.eye(S + 2)[ids]  # (T, B, S + 2)
    return xs, ys


def copy_baseline_accuracy(n_symbols: int = 8) -> float:
    """The accuracy of guessing on the copy task: 1 / n_symbols."""
    return 1.0 / check_int(n_symbols, "n_symbols", 2)
