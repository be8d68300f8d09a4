"""Spike detection, the task that shows why a fixed-input network struggles with sequences.

Does a noisy sequence of T numbers contain a spike? :func:`spike_data` puts the spike only at
the positions it is given, so a training set can hold spikes in the first half of the sequence
and a test set in the second half (:mod:`rnnlab.experiments.fixed_input`).
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import check_int, check_rng

__all__ = ["spike_data"]


def spike_data(
    n: int,
    T: int,
    *,
    positions: range | list[int],
    rng: np.random.Generator,
    min_length: int | None = None,
    noise: float = 0.1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n noisy sequences, half of them with a spike of height 1 at one of `positions`.

    With `min_length`, each sequence gets a random length in [min_length, T] (a spike always
    falls inside it) and is padded with zeros up to T; otherwise all have length T.
    Returns xs (T, n, 1) float64, labels (n,) int (1 = has a spike), lengths (n,) int.
    """
    check_int(n, "n")
    check_int(T, "T")
    positions = np.array(list(positions))
    if positions.size == 0 or positions.min() < 0 or positions.max() >= T:
        raise ValueError(
            f"positions must be a non-empty list of steps in [0, {T}), got {positions}"
        )
    low = T if min_length is None else int(min_length)
    if not 1 <= low <= T or low <= positions.min():
        raise ValueError(f"min_length must be in ({positions.min()}, {T}], got {min_length!r}")
    check_rng(rng)
    lengths = rng.integers(low, T + 1, size=n)
    labels = rng.integers(0, 2, size=n)
    xs = noise * rng.standard_normal((T, n, 1))
    xs[np.arange(T)[:, None] >= lengths[None, :]] = 0.0  # padding after each sequence's end
    for b in np.flatnonzero(labels):
        xs[rng.choice(positions[positions < lengths[b]]), b, 0] += 1.0
    return xs, labels, lengths
