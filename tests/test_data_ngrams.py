import math

import numpy as np
import pytest

from rnnlab.data.ngrams import ngram_loss


def by_hand(train, test, n, V, k):
    """The add-k order-n loss, counted with dicts over tuples."""
    grams, contexts = {}, {}
    for t in range(n - 1, len(train)):
        gram = tuple(train[t - n + 1 : t + 1])
        grams[gram] = grams.get(gram, 0) + 1
        contexts[gram[:-1]] = contexts.get(gram[:-1], 0) + 1
    total = 0.0
    for t in range(n - 1, len(test)):
        gram = tuple(test[t - n + 1 : t + 1])
        p = (grams.get(gram, 0) + k) / (contexts.get(gram[:-1], 0) + k * V)
        total -= math.log(p)
    return total / (len(test) - n + 1)


@pytest.mark.parametrize("n", [1, 2, 3, 4])
@pytest.mark.parametrize("k", [1.0, 0.1])
def test_matches_counting_by_hand(n, k):
    rng = np.random.default_rng(n)
    train, test = rng.integers(0, 5, size=300), rng.integers(0, 5, size=80)
    assert ngram_loss(train, test, n=n, V=5, k=k) == pytest.approx(by_hand(train, test, n, 5, k))


def test_a_text_that_repeats_is_learnt_and_unseen_symbols_keep_probability():
    cycle = np.tile([0, 1, 2, 3], 200)
    assert ngram_loss(cycle, cycle[:50], n=2, V=6, k=1e-6) < 1e-4  # each id has one successor
    assert ngram_loss(cycle, cycle[:50], n=1, V=6, k=1e-6) == pytest.approx(math.log(4), 1e-4)
    unseen = ngram_loss(cycle, np.array([5, 5, 5]), n=2, V=6, k=1.0)
    assert unseen == pytest.approx(math.log(6))  # a context never seen: uniform over V


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "n must be an int >= 1"),
        ({"k": 0.0}, "k must be"),
        ({"test_ids": np.array([0, 7])}, r"test_ids must hold ids in \[0, 5\)"),
        ({"train_ids": np.array([0.5, 1.0])}, "train_ids must be a 1-d array"),
        ({"test_ids": np.array([1]), "n": 2}, "test_ids must be a 1-d array of at least n=2"),
    ],
)
def test_bad_input(kwargs, message):
    args = {"train_ids": np.array([0, 1, 2, 3]), "test_ids": np.array([1, 2]), "n": 1, "V": 5}
    with pytest.raises(ValueError, match=message):
        ngram_loss(**(args | kwargs))
