"""Exercises of notebook 05 (training an RNN language model).

Numeric: the loss of uniform guessing, a perplexity, the number of windows per pass.
Implementation: the distribution that sampling with temperature τ and top-k draws from.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_uniform_loss",
    "check_perplexity",
    "check_steps_per_pass",
    "check_sampling_probs",
]


def _number(answer: object) -> float | None:
    """`answer` as a float if it is a real number (bools are not numbers here), else None."""
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def _near(value: float | None, target: float, rel: float = 2e-3) -> bool:
    return value is not None and math.isclose(value, target, rel_tol=rel, abs_tol=1e-9)


def check_uniform_loss(answer: object, vocab_size: int = 10_000) -> Verdict:
    """Exercise 1: the loss in nats per word of uniform guessing among `vocab_size` words."""
    name = "Exercise 1 (loss of uniform guessing)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = _number(answer)
    if value is None:
        return verdict(False, name, f"give a number (int or float), not {type(answer).__name__}")
    hint = "every word costs -ln p(true word), and J is the mean of those costs"
    if _near(value, math.log2(vocab_size)):
        hint = "that is log2, the loss in bits; J is measured in nats (natural logarithm)"
    elif _near(value, math.log10(vocab_size)):
        hint = "that is log10; J is measured in nats (natural logarithm)"
    elif _near(value, vocab_size):
        hint = "that is the perplexity e^J; the question asks for J itself"
    elif _near(value, 1 / vocab_size) or _near(value, -math.log(vocab_size)):
        hint = "a loss is -ln of the probability: positive, and in nats"
    return verdict(_near(value, math.log(vocab_size)), name, hint)


def check_perplexity(answer: object, loss: float = 1.5) -> Verdict:
    """Exercise 2: the perplexity of a model whose loss is `loss` nats per character."""
    name = "Exercise 2 (perplexity)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = _number(answer)
    hint = "perplexity = exp(J) when J is in nats (natural logarithms)"
    if value is None:
        hint = f"give a number (int or float), not {type(answer).__name__}"
    elif _near(value, 2**loss):
        hint = "that is 2**J, which is right for a loss in bits; ours is in nats"
    elif _near(value, math.exp(-loss)):
        hint = "e^(-J) is a probability (below 1); the perplexity counts choices"
    return verdict(_near(value, math.exp(loss)), name, hint)


def check_steps_per_pass(answer: object, n_chars: int, T: int, B: int) -> Verdict:
    """Exercise 3: how many (T, B) windows (optimizer steps) one pass over n_chars ids gives."""
    name = "Exercise 3 (steps per pass)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    from rnnlab.data.text import num_windows

    expected = num_windows(n_chars, T, B)
    value = _number(answer)
    hint = (
        "the text is cut into B streams of n_chars // B ids; a window takes T inputs, and the"
        " targets need one id more than the inputs"
    )
    if value is None:
        hint = f"give a whole number (int), not {type(answer).__name__}"
    elif value != round(value):
        hint = "a pass is a whole number of windows: a piece too short for a full window is dropped"
    return verdict(value == expected, name, hint)


def _masked(s: np.ndarray, k: int, smallest: bool = False) -> np.ndarray:
    """s with every entry outside the k largest (or smallest) of its row set to -inf."""
    ranked = np.sort(s, axis=-1)
    if smallest:
        return np.where(s <= ranked[:, k - 1 : k], s, -np.inf)
    return np.where(s >= ranked[:, -k:][:, :1], s, -np.inf)


def _softmax(z: np.ndarray, axis: object = -1) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sampling_mistakes() -> list[Mistake]:
    """The typical wrong versions of sampling_probs(s, tau, k), each with its hint."""

    def cut(p: np.ndarray, s: np.ndarray, k: int) -> np.ndarray:
        return np.where(np.isfinite(_masked(s, k)), p, 0.0)

    table = [
        (
            lambda s, tau, k: _softmax(_masked(s / tau, k), axis=0),
            "the softmax runs over the wrong axis: each row (one distribution over the V symbols)"
            " must sum to 1, so normalise along axis -1",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s / tau, k), axis=None),
            "you normalised over the whole array: every row is its own distribution (axis=-1,"
            " keepdims=True)",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s, k)) / tau,
            "divide the logits s by τ before the softmax; dividing the probabilities afterwards"
            " only breaks their sum",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s * tau, k)),
            "τ divides the logits: s / τ. Multiplying turns a low temperature into a hot one",
        ),
        (lambda s, tau, k: _softmax(_masked(s, k)), "the temperature is missing: use s / τ"),
        (
            lambda s, tau, k: _softmax(
                np.where(np.isfinite(_masked(s, k, smallest=True)), s / tau, -np.inf)
            ),
            "top-k keeps the k LARGEST logits of each row, not the smallest",
        ),
        (
            lambda s, tau, k: cut(_softmax(s / tau), s, k),
            "after cutting to the top k, renormalise: the kept probabilities must sum to 1",
        ),
        (
            lambda s, tau, k: _softmax(s / tau),
            "the top-k cut is missing: every logit outside the k largest gets probability 0",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s / tau, min(k + 1, s.shape[-1]))),
            "one too many kept: top-k keeps exactly k symbols per row",
        ),
    ]
    return [Mistake(wrong, hint) for wrong, hint in table]


def _nan_as(fn):
    """fn with NaN/inf in its output replaced, so a mistake that yields NaN can still match."""
    if not callable(fn):
        return fn  # the checker says what it is

    def wrapped(*args):
        with np.errstate(all="ignore"):  # a wrong version may warn about NaN; its hint says more
            out = fn(*args)
        if isinstance(out, np.ndarray) and np.issubdtype(out.dtype, np.floating):
            return np.nan_to_num(out, nan=-1.0, posinf=-2.0)  # same dtype: float32 is still told
        return out  # a list, a tensor, None: the checker says what it is

    return wrapped


def check_sampling_probs(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 4: the student's sampling_probs(s, tau, k): logits s (B, V) -> probabilities
    (B, V) of softmax(s / tau) restricted to each row's k largest logits.

    Checked on fresh random cases (`seed` fixes them, for tests), then on large logits, where
    exp without subtracting the row's maximum overflows.
    """
    name = "Exercise 4 (temperature and top-k)"

    def reference(s, tau, k):
        z = np.asarray(s, dtype=np.float64) / tau
        z = np.where(z >= np.sort(z, axis=-1)[:, [-k]], z, -np.inf)  # the k largest per row
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    rng = np.random.default_rng(seed)
    V = 8
    cases = [
        (rng.normal(size=(3, V)) * 2, 0.5, 3),
        (rng.normal(size=(2, V)) * 2, 2.0, 5),
        (rng.normal(size=(4, V)), 0.8, V),
        (rng.normal(size=(1, V)) * 3, 1.5, 2),
    ]
    hint = (
        "compute s / τ, set every logit outside the row's k largest to -inf (np.sort or"
        " np.argsort along axis -1), then a softmax along axis -1"
    )
    first = check_function(
        name,
        _nan_as(fn),
        reference=_nan_as(reference),
        cases=cases,
        mistakes=[Mistake(_nan_as(m.wrong), m.hint) for m in _sampling_mistakes()],
        hint=hint,
    )
    if not first:
        return first
    big = [(rng.normal(size=(2, V)) + 1000.0, 0.5, 4)]  # exp(2000) overflows float64
    return check_function(
        name,
        _nan_as(fn),
        reference=reference,
        cases=big,
        hint=(
            "right on small logits, but with logits near 1000 exp overflows (inf / inf = NaN):"
            " subtract each row's maximum before np.exp; the softmax does not change"
        ),
    )
