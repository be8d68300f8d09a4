"""Exercises of notebook 05 (training an RNN language model)."""

from __future__ import annotations

import math

from rnnlab.data.text import num_windows
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "check_uniform_loss",
    "check_perplexity",
    "check_steps_per_pass",
    "check_greedy_temperature",
]


def _close(answer: object, expected: float, tol: float) -> bool:
    try:
        return abs(float(answer) - expected) <= tol
    except (TypeError, ValueError):
        return False


def check_uniform_loss(answer: object, vocab_size: int = 65) -> Verdict:
    """Exercise 1: the loss in nats/char of a model that gives every character 1/V."""
    name = "Exercise 1 (loss of uniform guessing)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, math.log(vocab_size), 5e-3)
    return verdict(ok, name, f"every step costs -ln(1/{vocab_size}), and J is their mean")


def check_perplexity(answer: object, loss: float = 1.5) -> Verdict:
    """Exercise 2: the perplexity of a model whose loss is `loss` nats/char."""
    name = "Exercise 2 (perplexity)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, math.exp(loss), 0.01)
    hint = "perplexity = exp(J) when J is in nats (natural logarithms)"
    if _close(answer, 2**loss, 0.01):
        hint = "that is 2**J, for bits; our losses use natural logarithms"
    return verdict(ok, name, hint)


def check_steps_per_pass(answer: object, n_chars: int, T: int, B: int) -> Verdict:
    """Exercise 3: how many (T, B) windows (optimizer steps) one pass over n_chars ids gives."""
    name = "Exercise 3 (steps per pass)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    expected = num_windows(n_chars, T, B)
    try:
        ok = int(answer) == expected and int(answer) == answer
    except (TypeError, ValueError):
        ok = False
    return verdict(
        ok,
        name,
        "each of the B streams holds n_chars // B ids; a window uses T inputs and needs one more"
        " id for the last target",
    )


def check_greedy_temperature(answer: object) -> Verdict:
    """Exercise 4: the temperature at which sampling always picks the most likely character."""
    name = "Exercise 4 (greedy decoding)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = _close(answer, 0.0, 0.0)
    return verdict(
        ok, name, "dividing the logits by a smaller and smaller T sharpens p; take the limit"
    )
