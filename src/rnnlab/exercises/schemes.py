"""Exercises of notebook 03 (schemes and applications): a prediction to check on the review
widget, the many-to-one output rule on a padded batch, the scheme of new applications, and the
length of a translation."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import (
    Verdict,
    check_choice,
    check_number,
    unanswered,
    verdict,
)

__all__ = [
    "SCHEME_NAMES",
    "APPLICATIONS",
    "check_swap_prediction",
    "check_many_to_one",
    "check_scheme_map",
    "check_decoder_steps",
]

SCHEME_NAMES = ("one_to_many", "many_to_one", "encoder_decoder", "synced")
APPLICATIONS = (
    "spam filtering of e-mails",
    "writing a melody in a chosen style",
    "answering a chat message with a reply",
    "marking every second of a recording as speech or silence",
    "giving a product review 1 to 5 stars",
)


def _padded_cases() -> list[tuple[dict, np.ndarray, np.ndarray]]:
    """Fresh (params, xs, lengths): xs (T, B, D) zero after each length; the first two batches
    are padded beyond their longest sequence (as to a fixed length), the others to it exactly."""
    rng = np.random.default_rng()
    cases = []
    for lengths, T, D, H, V in [
        ((2, 4, 1), 6, 3, 4, 2),
        ((3, 1), 5, 2, 3, 3),
        ((5, 2, 3, 5), 5, 3, 5, 4),
        ((1, 6, 2), 6, 2, 2, 3),
    ]:
        params = {
            "W_xh": rng.normal(size=(H, D)),
            "W_hh": rng.normal(size=(H, H)) / 2,
            "b_h": rng.normal(size=H),
            "W_hy": rng.normal(size=(V, H)),
            "b_y": rng.normal(size=V),
        }
        xs = rng.normal(size=(T, len(lengths), D))
        lengths = np.array(lengths)
        xs[np.arange(T)[:, None] >= lengths[None, :]] = 0.0  # padding
        cases.append((params, xs, lengths))
    return cases


def check_many_to_one(fn: object) -> Verdict:
    """Exercise 1: `fn(params, xs, lengths)` reads a zero-padded batch xs (T, B, D) and returns
    the logits s = W_hy h + b_y at each sequence's own last step, t = lengths[b]: (B, V)."""
    from rnnlab.scratch.rnn import rnn_forward

    def at(params, xs, pick, bias=True):  # logits from the hidden states chosen by pick(hs)
        hs, _ = rnn_forward(params, xs)
        return pick(hs) @ params["W_hy"].T + (params["b_y"] if bias else 0.0)

    def reference(params, xs, lengths):
        return at(params, xs, lambda hs: hs[lengths - 1, np.arange(len(lengths))])

    def softmax(s):
        e = np.exp(s - s.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    mistakes = [
        Mistake(
            lambda p, xs, n: at(p, xs, lambda hs: hs[-1]),
            "hs[-1] is h at T_max; a shorter sequence ended earlier and then read padding: "
            "take h at t = lengths[b] for each b",
        ),
        Mistake(
            lambda p, xs, n: at(p, xs, lambda hs: hs[n, np.arange(len(n))]),
            "off by one: a sequence of length n ends at hs[n - 1] (Python counts from 0)",
        ),
        Mistake(
            lambda p, xs, n: at(p, xs, lambda hs: hs[n - 1]),
            "hs[lengths - 1] picks whole time steps; index time and batch together: "
            "hs[lengths - 1, np.arange(B)]",
        ),
        Mistake(lambda p, xs, n: reference(p, xs, n) - p["b_y"], "add the output bias b_y"),
        Mistake(
            lambda p, xs, n: softmax(reference(p, xs, n)),
            "return the logits s; the softmax comes later, in the loss",
        ),
        Mistake(
            lambda p, xs, n: at(p, xs, lambda hs: hs.mean(axis=0)),
            "many to one reads one state per sequence, its last real one, not an average",
        ),
    ]
    return check_function(
        "Exercise 1 (many to one on a padded batch)",
        fn,
        reference=reference,
        cases=_padded_cases(),
        mistakes=mistakes,
        hint="run the RNN over xs, pick h at t = lengths[b] for every b, then W_hy h + b_y",
    )


def check_scheme_map(answer: object) -> Verdict:
    """Exercise 2: a dict mapping every application in APPLICATIONS to one of SCHEME_NAMES."""
    name = "Exercise 2 (scheme of each application)"
    if isinstance(answer, dict) and any(v is Ellipsis for v in answer.values()):
        answer = ...  # some entries are still the placeholder
    if (pending := unanswered(answer, name)) is not None:
        return pending
    if not isinstance(answer, dict) or set(answer) != set(APPLICATIONS):
        return verdict(False, name, f"give a dict with exactly the keys {list(APPLICATIONS)}")
    unknown = [v for v in answer.values() if v not in SCHEME_NAMES]
    if unknown:
        return verdict(False, name, f"{unknown[0]!r} is not one of {list(SCHEME_NAMES)}")
    order = ["many_to_one", "one_to_many", "encoder_decoder", "synced", "many_to_one"]
    wrong = [app for app, scheme in zip(APPLICATIONS, order, strict=True) if answer[app] != scheme]
    if not wrong:
        return verdict(True, name, "")
    return verdict(
        False,
        name,
        f"{len(wrong)} wrong, e.g. {wrong[0]!r}: how many inputs, how "
        "many outputs, and do they line up step by step?",
    )


def check_decoder_steps(answer: object) -> Verdict:
    """Exercise 3: how many tokens the decoder writes for 'we see the black cat', up to and
    including the token that ends the translation."""
    from rnnlab.data.schemes import translate

    n = len(translate("we see the black cat".split())) + 1  # the words and <eos>
    return check_number(
        answer,
        "Exercise 3 (decoder steps)",
        n,
        atol=0.0,
        rtol=0.0,
        hint="write the French sentence out, and count the token that stops it",
        wrong=[
            (n - 1, "the decoder also writes the token that ends the translation"),
            (n + 1, "<bos> is the decoder's first input, not something it writes"),
        ],
    )


def check_swap_prediction(answer: object, result: object = None) -> Verdict:
    """The prediction before the review widget: typed with its clauses swapped, 'the acting was
    dull but the plot was fun' gets from the bag of words (a) the opposite answer, as from the
    RNN, (b) the same probability as the opening review, (c) 50%. `result` (the trained
    many-to-one SchemeResult the widget shows): the explanation recomputes the widget's end
    points for both reviews (the tests compare them with compute_review_trace)."""
    name = "Prediction (the bag of words on the swapped review)"
    if (pending := unanswered(answer, name)) is not None:
        return pending  # before anything imports torch
    why = (
        "The swap keeps every word and only changes their order; the bag of words sees which"
        " words occur, so it cannot tell the two reviews apart, and the RNN, which reads them in"
        " order, can."
    )
    if result is not None:
        try:
            from rnnlab.experiments.scheme_checks import predict_reviews

            reviews = ["the plot was fun but the acting was dull"]
            reviews.append("the acting was dull but the plot was fun")
            p = predict_reviews(result, reviews)  # what the widget's lines end at
            why = (
                f"Type the swapped review: the title gives the bag of words {p['bow'][1]:.2f}, as"
                f" for the opening review ({p['bow'][0]:.2f}), and its dashed line does not"
                f" move, while the RNN goes from {p['rnn'][0]:.2f} to {p['rnn'][1]:.2f}. " + why
            )
        except Exception:  # noqa: BLE001
            pass  # no trained model given: explain without the widget's numbers
    return check_choice(
        answer,
        name,
        "b",
        choices="abc",
        why=why,
        wrong={
            "a": "the RNN flips; can a model that ignores word order?",
            "c": "its answer need not be 50%, but whatever it is, both orders get it.",
        },
    )
