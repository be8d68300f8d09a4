"""Input checks shared by the public functions: clear ValueErrors that name the argument."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np

__all__ = [
    "as_array",
    "check_rank",
    "check_dim",
    "check_keys",
    "check_positive",
    "check_sequence",
    "check_int",
    "check_ints",
    "check_rng",
    "check_choice",
]


def as_array(value: object, name: str, *, dtype: type | None = None) -> np.ndarray:
    """Convert `value` to an ndarray, raising a ValueError that names `name` if it can't."""
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be array-like, got {type(value).__name__}") from exc
    if arr.dtype == object:
        raise ValueError(f"{name} must be a numeric array, got dtype=object")
    return arr


def check_rank(arr: np.ndarray, name: str, rank: int, layout: str) -> None:
    """Raise unless `arr` has `rank` dimensions; `layout` names them, e.g. '(T, B, D)'."""
    if arr.ndim != rank:
        raise ValueError(f"{name} must be {layout}, got shape {tuple(arr.shape)}")


def check_dim(arr: np.ndarray, name: str, axis: int, expected: int, why: str) -> None:
    """Raise unless ``arr.shape[axis] == expected``; `why` says where `expected` comes from."""
    if arr.shape[axis] != expected:
        raise ValueError(
            f"{name} has size {arr.shape[axis]} on axis {axis} (shape {tuple(arr.shape)}), "
            f"expected {expected} {why}"
        )


def check_keys(params: Mapping[str, object], required: Sequence[str], name: str = "params") -> None:
    """Raise unless every key of `required` is in `params`."""
    missing = [k for k in required if k not in params]
    if missing:
        raise ValueError(f"{name} is missing {missing}; expected keys {list(required)}")


def check_positive(value: float, name: str) -> float:
    """Return `value` as a float, raising unless it is finite and > 0."""
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a positive number, got {value!r}") from exc
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return v


def check_sequence(xs: object, D: int, weight: str) -> np.ndarray:
    """`xs` as a float64 (T, B, D) array with T >= 1; `weight` names the matrix D comes from."""
    xs = as_array(xs, "xs", dtype=np.float64)
    if xs.ndim == 2:
        raise ValueError(
            f"xs must be (T, B, D), got shape {xs.shape}; for a single sequence use xs[:, None, :]"
        )
    check_rank(xs, "xs", 3, "(T, B, D)")
    if xs.shape[0] == 0:
        raise ValueError("xs is an empty sequence (T=0); need at least one time step")
    check_dim(xs, "xs", 2, D, f"(D, to match params['{weight}'])")
    return xs


def check_int(value: object, name: str, minimum: int = 1) -> int:
    """Return `value` as an int, raising unless it is an int (not a bool) >= `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def check_ints(minimum: int = 1, **values: object) -> None:
    """:func:`check_int` on each keyword argument, named by its keyword."""
    for name, value in values.items():
        check_int(value, name, minimum)


def check_rng(rng: object, name: str = "rng") -> np.random.Generator:
    """Return `rng`, raising unless it is a numpy Generator (np.random.default_rng(seed))."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy Generator, got {type(rng).__name__}"
            " (make one with np.random.default_rng(seed))"
        )
    return rng


def check_choice(value: object, name: str, choices: Collection[object]) -> object:
    """Return `value`, raising unless it is one of `choices`."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {value!r}")
    return value
