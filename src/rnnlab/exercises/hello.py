"""Exercises of notebook 04 ('hello', vocabulary [h, e, l, o]): one-hot vectors, the
cross-entropy J, a memoryless bound, and the first prediction after 'o'."""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number, unanswered, verdict

__all__ = [
    "check_one_hot",
    "check_cross_entropy",
    "check_memoryless_bound",
    "check_first_prediction",
]


def check_one_hot(fn: object) -> Verdict:
    """Exercise 1: `fn(ids, V)` turns T symbol ids into one-hot rows: (T,) ints -> (T, V)."""
    rng = np.random.default_rng()
    cases = [
        (np.array([0, 1, 2, 2]), 4),
        (rng.integers(0, 3, size=6), 5),
        (rng.integers(0, 7, size=3), 7),
        (np.array([3]), 4),
    ]

    def reference(ids, V):
        return np.eye(V)[ids]

    mistakes = [
        Mistake(
            lambda ids, V: np.eye(V)[ids].T,
            "one row per time step: the result is (T, V), row t is x_t",
        ),
        Mistake(
            lambda ids, V: np.eye(int(np.max(ids)) + 1)[ids],
            "use V columns, even when the sequence does not contain the last symbols",
        ),
        Mistake(
            lambda ids, V: np.eye(V + 1)[ids][:, 1:],
            "ids count from 0: symbol 0 (here 'h') has its 1 in column 0",
        ),
    ]
    return check_function(
        "Exercise 1 (one-hot)",
        fn,
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        hint="row t is all zeros except a 1 in column ids[t]",
    )


def check_cross_entropy(fn: object) -> Verdict:
    """Exercise 2: `fn(logits, targets)` is the mean cross-entropy J = (1/T) Σ_t J^(t), with
    J^(t) = -Σ_j y_j log softmax(s_t)_j: logits (T, V), target ids (T,) -> a float."""
    rng = np.random.default_rng()
    cases = []
    for T, V, scale in [(4, 4, 1.0), (6, 5, 3.0), (3, 7, 0.5), (5, 3, 8.0)]:
        cases.append((scale * rng.normal(size=(T, V)), rng.integers(0, V, size=T)))

    def log_softmax(s, axis=-1):
        s = s - s.max(axis=axis, keepdims=True)
        return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))

    def per_step(s, y, axis=-1):  # J^(t) for every t
        return -log_softmax(s, axis)[np.arange(len(y)), y]

    def reference(logits, targets):
        return float(per_step(logits, targets).mean())

    mistakes = [
        Mistake(
            lambda s, y: float(per_step(s, y, axis=0).mean()),
            "the softmax runs over the V symbols of one step (axis=-1), not over time",
        ),
        Mistake(
            lambda s, y: float(per_step(s, y).sum()),
            "that is the sum over the T steps (T·J); J is their mean",
        ),
        Mistake(
            lambda s, y: float(per_step(s, y).mean() / math.log(2)),
            "that is in bits (log base 2); J uses the natural log, in nats",
        ),
        Mistake(
            lambda s, y: float(-per_step(s, y).mean()),
            "a cross-entropy is -log of a probability, so it is never negative",
        ),
        Mistake(lambda s, y: per_step(s, y), "average the T per-step losses into one number"),
        Mistake(
            lambda s, y: float(per_step(s, y).mean() / s.shape[1]),
            "divide by T only: the sum over j has a single non-zero term",
        ),
        Mistake(
            lambda s, y: float(-np.log(np.exp(s) / np.exp(s).sum())[np.arange(len(y)), y].mean()),
            "normalise each step's scores on their own: softmax over axis=-1",
        ),
        Mistake(
            lambda s, y: float(per_step(s, s.argmax(axis=-1)).mean()),
            "score the probability of the target y_t, not of the model's top guess",
        ),
    ]
    return check_function(
        "Exercise 2 (cross-entropy J)",
        fn,
        reference=reference,
        cases=cases,
        mistakes=mistakes,
        hint="ŷ_t = softmax(s_t); J^(t) = -log ŷ_t[target_t]; J = their mean",
    )


def check_memoryless_bound(answer: object) -> Verdict:
    """Exercise 3: on the word 'tattoo' (inputs 'tatto', targets 'attoo'), the smallest mean loss
    J over the 5 steps that a model seeing only the current character can reach, in nats."""
    inputs, targets = "tatto", "attoo"
    total = 0.0
    for a in set(inputs):  # the best memoryless model predicts the next-character frequencies
        nxt = [b for x, b in zip(inputs, targets, strict=True) if x == a]
        total -= sum(math.log(nxt.count(b) / len(nxt)) for b in nxt)
    T, V = len(inputs), len(set(inputs + targets))
    return check_number(
        answer,
        "Exercise 3 (the memoryless bound for 'tattoo')",
        total / T,
        rtol=2e-3,
        atol=2e-3,
        hint="make the table of next characters for each current one; a step whose next "
        "character has probability p in that table costs -ln p, and J averages the 5 steps",
        wrong=[
            (total, "that is the sum over the 5 steps; J is their mean"),
            (total / T / math.log(2), "that is in bits; use the natural log (nats)"),
            (
                math.log(V),
                "that is uniform guessing over [t, a, o]; a model that sees the "
                "current character can do better",
            ),
        ],
    )


def check_first_prediction(
    answer: object, params: dict[str, np.ndarray], column: int = 3
) -> Verdict:
    """Exercise 4: ŷ_1, the model's distribution over [h, e, l, o] for the second character, when
    the first input is the symbol with id `column` ('o' by default) and h_0 = 0, for the given
    params: softmax(W_hy tanh(W_xh[:, column] + b_h) + b_y)."""
    name = "Exercise 4 (the first prediction after 'o')"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    p = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    V, H = p["W_hy"].shape

    def softmax(s):
        e = np.exp(s - s.max())
        return e / e.sum()

    def probs(first, bias_h=True, bias_y=True):
        h = np.tanh(p["W_xh"][:, first] + (p["b_h"] if bias_h else 0.0))
        return softmax(p["W_hy"] @ h + (p["b_y"] if bias_y else 0.0))

    h_1 = np.tanh(p["W_xh"][:, column] + p["b_h"])
    try:
        vec = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        vec = np.array([])
    if np.asarray(answer).dtype == np.bool_ or vec.ndim != 1:
        return verdict(False, name, f"give ŷ_1 as {V} numbers, one per symbol of [h, e, l, o]")
    if vec.shape == (H,) and np.allclose(vec, h_1, atol=1e-3):
        return verdict(False, name, "that is h_1; turn it into scores s_1, then a softmax")
    if vec.shape != (V,):
        return verdict(False, name, f"give ŷ_1 as {V} numbers, one per symbol of [h, e, l, o]")
    for wrong, hint in [
        (p["W_hy"] @ h_1 + p["b_y"], "those are the scores s_1: apply the softmax"),
        (probs(0), "that is ŷ_1 after 'h' (column 0); the input here is 'o'"),
        (probs(column, bias_y=False), "add b_y to the scores before the softmax"),
        (probs(column, bias_h=False), "add b_h inside the tanh"),
        (
            softmax(p["W_hy"] @ (p["W_xh"][:, column] + p["b_h"]) + p["b_y"]),
            "apply the tanh to get h_1",
        ),
    ]:
        if np.allclose(vec, wrong, atol=1e-3):
            return verdict(False, name, hint)
    return verdict(
        np.allclose(vec, probs(column), atol=1e-3),
        name,
        f"h_1 = tanh(column {column} of W_xh + b_h), since h_0 = 0; then s_1 = W_hy h_1 + b_y and"
        " ŷ_1 = softmax(s_1)",
    )
