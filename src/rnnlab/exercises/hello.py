"""Exercises of notebook 04 ('hello', vocabulary [h, e, l, o])."""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_one_hot_l",
    "check_targets",
    "check_memoryless_bound",
    "check_first_hidden_state",
    "solution_memoryless_bound",
]

HELLO_SYMBOLS = ("h", "e", "l", "o")


def _as_vector(answer: object) -> np.ndarray | None:
    try:
        arr = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr if arr.ndim == 1 else None


def check_one_hot_l(answer: object) -> Verdict:
    """Exercise 1: the one-hot vector of 'l' in the vocabulary [h, e, l, o]."""
    name = "Exercise 1 (one-hot of 'l')"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    vec = _as_vector(answer)
    ok = vec is not None and vec.shape == (4,) and np.array_equal(vec, [0, 0, 1, 0])
    return verdict(ok, name, "four numbers, one per symbol of [h, e, l, o]; a 1 where 'l' sits")


def check_targets(answer: object) -> Verdict:
    """Exercise 2: the target ids for the inputs [h, e, l, l], in the vocabulary [h, e, l, o]."""
    name = "Exercise 2 (targets as ids)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    if isinstance(answer, str):
        return verdict(False, name, "give ids (positions in [h, e, l, o]), not letters")
    vec = _as_vector(answer)
    ok = vec is not None and vec.shape == (4,) and np.array_equal(vec, [1, 2, 2, 3])
    return verdict(
        ok, name, "the targets are the inputs shifted by one: [e, l, l, o]; write their ids"
    )


def solution_memoryless_bound() -> float:
    """The least summed loss over the 4 steps of a model that sees only the current character."""
    # after 'h' and 'e' the next character is certain; after 'l' it is 'l' or 'o', half-half
    return 2 * math.log(2)


def check_memoryless_bound(answer: object) -> Verdict:
    """Exercise 3: the best summed loss (4 steps) of a model without memory, in nats."""
    name = "Exercise 3 (the memoryless bound)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        ok = abs(float(answer) - solution_memoryless_bound()) < 5e-3
    except (TypeError, ValueError):
        ok = False
    return verdict(
        ok,
        name,
        "which inputs leave the next character uncertain? the best guess there is 1/2 each,"
        " and every such step costs -ln(1/2)",
    )


def check_first_hidden_state(
    answer: object, params: dict[str, np.ndarray], column: int = 3
) -> Verdict:
    """Exercise 4: h_1 when the first input is the symbol with id `column` ('o' by default) and
    h_0 = 0: tanh(W_xh[:, column] + b_h), for the given params."""
    name = "Exercise 4 (h_1 by hand)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    expected = np.tanh(np.asarray(params["W_xh"])[:, column] + np.asarray(params["b_h"]))
    vec = _as_vector(answer)
    ok = vec is not None and vec.shape == expected.shape and np.allclose(vec, expected, atol=1e-3)
    return verdict(
        ok,
        name,
        "with h_0 = 0 the W_hh term vanishes, and W_xh times a one-hot vector picks one column",
    )
