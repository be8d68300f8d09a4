"""Exercises of notebook 11 (applications): a prediction about forecasts fed back, a
seasonal-naive forecast, and the perplexity per word that matches a character model.

References and typical mistakes live inside the check functions: nothing here is a solution.
"""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number

__all__ = ["check_horizon_prediction", "check_seasonal_naive", "check_perplexity_to_beat"]


def _cases() -> list[tuple[np.ndarray, int, int]]:
    """Fresh series (N,) with a start and a horizon each, one horizon beyond a season."""
    rng = np.random.default_rng()
    cases = []
    for n, start, horizon in [(40, 12, 5), (60, 30, 12), (80, 40, 30), (50, 12, 1), (36, 20, 16)]:
        months = np.arange(n)
        series = 0.1 * months + np.sin(2 * np.pi * months / 12) + rng.normal(0, 0.1, n)
        cases.append((series, start, horizon))
    return cases


def check_seasonal_naive(fn: object) -> Verdict:
    """Exercise 1: seasonal_naive(series, start, horizon) -> (horizon,), the forecast of months
    start, ..., start + horizon - 1 that repeats the last twelve months before `start`."""

    def forecast(series, start, horizon, *, shift=0, period=12):
        ahead = np.arange(horizon)
        return np.asarray(series, dtype=np.float64)[start - period + shift + ahead % period]

    def variant(**switches):
        return lambda series, start, horizon: forecast(series, start, horizon, **switches)

    def no_wrap(series, start, horizon):
        return np.asarray(series, dtype=np.float64)[start - 12 + np.arange(horizon)]

    mistakes = [
        Mistake(
            variant(shift=-1),
            "that is thirteen months back: month start + k repeats month start + k - 12.",
        ),
        Mistake(
            variant(shift=1),
            "that is eleven months back: month start + k repeats month start + k - 12.",
        ),
        Mistake(
            no_wrap,
            "beyond twelve months ahead you would read your own forecast months, "
            "which you do not know: repeat the last known year (k modulo 12).",
        ),
    ]
    return check_function(
        "Exercise 1 (seasonal_naive)",
        fn,
        reference=variant(),
        cases=_cases(),
        mistakes=mistakes,
        hint="month start + k gets the value of month start - 12 + (k mod 12).",
    )


def check_perplexity_to_beat(answer: object) -> Verdict:
    """Exercise 2: a character model scores 1.5 nats per character on a held-out text of 4,000
    word tokens and 22,000 characters -> the perplexity per word a word model (no <unk>) must
    score on the same text to match it."""
    per_char = 1.5  # nats per character
    chars_per_word = 22_000 / 4_000
    expected = math.exp(per_char * chars_per_word)
    return check_number(
        answer,
        "Exercise 2 (the perplexity per word to beat)",
        expected,
        hint="the nats add up over the text: turn 1.5 nats per character into nats per word "
        "token (how many characters does a token cover?), then take e^ of that.",
        wrong=[
            (
                math.exp(per_char) * chars_per_word,
                "perplexities do not multiply by a length: the nats (their logarithm) do.",
            ),
            (per_char * chars_per_word, "that is J in nats per word; the perplexity is e^J."),
            (
                math.exp(per_char / chars_per_word),
                "the other way round: a token covers 5.5 "
                "characters, so it costs 5.5 times the nats of one character.",
            ),
            (math.exp(per_char), "that is the character model's perplexity per character."),
        ],
        rtol=1e-2,
        atol=1e-2,
    )


def check_horizon_prediction(answer: object, errors: object = None) -> Verdict:
    """The prediction before the forecasts are fed back: one month ahead the RNN and the linear
    autoregression are about equally good; 24 months ahead, each fed its own forecasts, (a) the
    RNN's error is the smaller, (b) the autoregression's is the smaller, (c) they stay within 10%
    of each other. `errors` (name -> (24,), from horizon_errors): the explanation quotes them."""
    why = (
        "Fed back, each step's error becomes part of the next window. The autoregression is one"
        " fixed linear map of trend and season; the RNN was trained only on measured windows,"
        " never on windows that carry its own errors, and its errors compound faster."
    )
    try:
        rnn, ar = errors["rnn"], errors["ar"]  # type: ignore[index]
        why = (
            f"Mean absolute error 1 month ahead: RNN {rnn[0]:.2f}, AR {ar[0]:.2f} ppm; 24 months"
            f" ahead: RNN {rnn[23]:.2f}, AR {ar[23]:.2f} ppm. " + why
        )
    except Exception:  # noqa: BLE001
        pass  # no errors given: explain without the numbers
    return check_choice(
        answer,
        "Prediction (24 months ahead, fed back)",
        "b",
        choices="abc",
        why=why,
        wrong={
            "a": "equal one month ahead does not mean equal once each reads its own forecasts.",
            "c": "look at how each error grows with the horizon, not where it starts.",
        },
    )
