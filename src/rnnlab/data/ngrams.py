"""Counted n-gram character models: the baselines an RNN language model must beat.

An order-n model predicts the next character from the n - 1 characters before it and nothing
else, by counting in the training ids how often each character followed each context:

    p(c | context) = (count(context, c) + k) / (count(context) + k V)

(add-k smoothing: every character keeps some probability, even after a context never seen).
n = 1 is the unigram model (no context), n = 2 the bigram, n = 3 the trigram. Contexts are
stored as integer codes, sorted, so memory grows with the n-grams the text holds, not with V^n.
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import check_int, check_positive

__all__ = ["ngram_loss"]


def _codes(ids: np.ndarray, n: int, V: int) -> np.ndarray:
    """The code of every n-gram of `ids`, ids[t - n + 1 .. t] read as n digits in base V."""
    codes = np.zeros(len(ids) - n + 1, dtype=np.int64)
    for j in range(n):
        codes = codes * V + ids[j : len(ids) - n + 1 + j]
    return codes


def _count(table: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """How often each query code occurs in `table` (both int64 arrays)."""
    keys, counts = np.unique(table, return_counts=True)
    at = np.minimum(np.searchsorted(keys, queries), len(keys) - 1)  # table is never empty
    return np.where(keys[at] == queries, counts[at], 0)


def _check_ids(ids: object, name: str, V: int, n: int) -> np.ndarray:
    arr = np.asarray(ids)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer) or len(arr) < n:
        raise ValueError(f"{name} must be a 1-d array of at least n={n} int ids, got {arr!r:.60}")
    if arr.min() < 0 or arr.max() >= V:
        raise ValueError(f"{name} must hold ids in [0, {V}), got values {arr.min()}..{arr.max()}")
    return arr.astype(np.int64)


def ngram_loss(
    train_ids: np.ndarray, test_ids: np.ndarray, *, n: int, V: int, k: float = 1.0
) -> float:
    """Mean cross-entropy in nats per character of the add-k order-n model on `test_ids`.

    train_ids, test_ids: 1-d int arrays of ids in [0, V). The model is counted on `train_ids`;
    every test character with n - 1 test characters before it is scored (all but the first
    n - 1), each from those n - 1 characters. k > 0 is the count added to every n-gram.
    """
    check_int(n, "n")
    check_int(V, "V", minimum=2)
    check_positive(k, "k")
    train = _check_ids(train_ids, "train_ids", V, n)
    test = _check_ids(test_ids, "test_ids", V, n)
    grams, queries = _codes(train, n, V), _codes(test, n, V)  # context * V + next character
    joint = _count(grams, queries)
    context = _count(grams // V, queries // V)  # n = 1: every context is the empty one, code 0
    p = (joint + k) / (context + k * V)
    return float(-np.log(p).mean())
