"""Exercises of notebook 01 (sequences): padding, packing, and the size of a flat MLP."""

from __future__ import annotations

import numpy as np

from rnnlab.data.sequences import mlp_param_count
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "EXERCISE_LENGTHS",
    "check_padded_shape",
    "check_batch_sizes",
    "check_mlp_growth",
    "solution_padded_shape",
    "solution_batch_sizes",
    "solution_mlp_growth",
]

EXERCISE_LENGTHS = (4, 7, 2)  # three sequences of D = 3 numbers per step
EXERCISE_D = 3


def solution_padded_shape() -> tuple[int, int, int]:
    """(T_max, B, D) of the padded batch of EXERCISE_LENGTHS."""
    return (max(EXERCISE_LENGTHS), len(EXERCISE_LENGTHS), EXERCISE_D)


def solution_batch_sizes() -> list[int]:
    """How many of the EXERCISE_LENGTHS sequences are still running at t = 1, 2, ..."""
    lengths = np.array(EXERCISE_LENGTHS)
    return [int((lengths > t).sum()) for t in range(int(lengths.max()))]


def solution_mlp_growth(D: int = 27, H: int = 64, V: int = 27) -> int:
    """Extra parameters a flat MLP needs when T grows from 10 to 11: one more D x H block."""
    return mlp_param_count(11, D, H, V) - mlp_param_count(10, D, H, V)


def _as_int_tuple(answer: object) -> tuple[int, ...] | None:
    try:
        values = tuple(np.asarray(answer).ravel().tolist())
    except (TypeError, ValueError):
        return None
    if not all(isinstance(v, int | float) and float(v).is_integer() for v in values):
        return None
    return tuple(int(v) for v in values)


def check_padded_shape(answer: object) -> Verdict:
    """Exercise 1: the shape (T, B, D) of the padded batch of lengths 4, 7, 2 with D = 3."""
    name = "Exercise 1 (padded shape)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _as_int_tuple(answer) == solution_padded_shape()
    return verdict(ok, name, "time-major: (longest length, number of sequences, D)")


def check_batch_sizes(answer: object) -> Verdict:
    """Exercise 2: the packed batch_sizes for lengths 4, 7, 2."""
    name = "Exercise 2 (batch_sizes)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _as_int_tuple(answer) == tuple(solution_batch_sizes())
    return verdict(ok, name, "one number per step t = 1..7: how many sequences are that long?")


def check_mlp_growth(answer: object) -> Verdict:
    """Exercise 3: extra MLP parameters when T goes from 10 to 11 (D = 27, H = 64, V = 27)."""
    name = "Exercise 3 (MLP growth)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _as_int_tuple(answer) == (solution_mlp_growth(),)
    return verdict(
        ok, name, "only the first layer grows: one more step adds D inputs to each of H units"
    )
