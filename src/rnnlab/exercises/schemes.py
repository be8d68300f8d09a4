"""Exercises of notebook 03 (schemes and applications)."""

from __future__ import annotations

from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = [
    "SCHEME_NAMES",
    "APPLICATIONS",
    "check_scheme_map",
    "check_bow_ceiling",
    "check_decoder_steps",
    "solution_scheme_map",
]

SCHEME_NAMES = ("one_to_many", "many_to_one", "encoder_decoder", "synced")
APPLICATIONS = (
    "image annotation",
    "sentiment analysis",
    "machine translation",
    "video annotation",
    "part-of-speech tagging",
    "sentence classification",
)


def solution_scheme_map() -> dict[str, str]:
    """The scheme of each application in APPLICATIONS."""
    return {
        "image annotation": "one_to_many",
        "sentiment analysis": "many_to_one",
        "machine translation": "encoder_decoder",
        "video annotation": "synced",
        "part-of-speech tagging": "synced",
        "sentence classification": "many_to_one",
    }


def check_scheme_map(answer: object) -> Verdict:
    """Exercise 1: a dict mapping every application to one of SCHEME_NAMES."""
    name = "Exercise 1 (scheme of each application)"
    if isinstance(answer, dict) and any(v is Ellipsis for v in answer.values()):
        answer = ...  # some entries are still the placeholder
    if (pending := unanswered(answer, name)) is not None:
        return pending
    if not isinstance(answer, dict) or set(answer) != set(APPLICATIONS):
        return verdict(False, name, f"give a dict with exactly the keys {list(APPLICATIONS)}")
    wrong = [app for app, scheme in solution_scheme_map().items() if answer[app] != scheme]
    hint = (
        f"{len(wrong)} wrong, e.g. {wrong[0]!r}: how many inputs, how many outputs?"
        if wrong
        else ""
    )
    return verdict(not wrong, name, hint)


def check_bow_ceiling(answer: object) -> Verdict:
    """Exercise 2: the best test accuracy any bag-of-words model can reach on the review task."""
    name = "Exercise 2 (bag-of-words ceiling)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    try:
        value = float(answer)
    except (TypeError, ValueError):
        value = float("nan")
    ok = abs(value - 0.5) <= 0.02 or abs(value - 50) <= 2
    return verdict(ok, name, "swap the two clauses: same words, opposite label, equally likely")


def check_decoder_steps(answer: object) -> Verdict:
    """Exercise 3: how many outputs the decoder writes for 'we see the black cat'."""
    name = "Exercise 3 (decoder steps)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    ok = isinstance(answer, int) and answer == 6
    return verdict(
        ok, name, "write the French sentence out and do not forget the token that stops it"
    )
