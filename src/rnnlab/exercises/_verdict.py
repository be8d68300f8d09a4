"""The verdict that every check_* helper returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Verdict", "as_number", "check_choice", "check_number", "unanswered", "verdict"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: truthy when correct; shows as its message in a notebook."""

    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return self.message


def unanswered(answer: object, name: str) -> Verdict | None:
    """A 'not answered yet' Verdict when `answer` is still the placeholder None or `...`."""
    if answer is None or answer is Ellipsis:
        return Verdict(
            False,
            f"{name}: not answered yet; replace the ... with your answer and run the cell again.",
        )
    return None


def verdict(ok: bool, name: str, hint: str) -> Verdict:
    """The Verdict for exercise `name`; `hint` is shown when the answer is wrong."""
    return Verdict(bool(ok), f"{name}: correct." if ok else f"{name}: not yet. Hint: {hint}")


def as_number(answer: object) -> float | None:
    """`answer` as a float when it is a real number of any numeric type (int, float, numpy
    scalar, 0-d array); None for bools, strings, NaN and anything else. Never truncates."""
    if isinstance(answer, bool | np.bool_ | str | bytes):
        return None
    try:
        arr = np.asarray(answer)
    except Exception:  # an object numpy cannot even look at
        return None
    if arr.shape != () or arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.number):
        return None
    if np.iscomplexobj(arr):
        return None
    value = float(arr)
    return value if np.isfinite(value) else None


def check_number(
    answer: object,
    name: str,
    expected: float,
    *,
    hint: str,
    wrong: Sequence[tuple[float, str]] = (),
    rtol: float = 1e-3,
    atol: float = 1e-3,
) -> Verdict:
    """The Verdict for a numeric exercise: correct within `rtol`/`atol` of `expected`.

    A placeholder gets 'not answered yet'; a bool or a non-number a hint saying so; an answer
    close to one of the `wrong` values (a typical mistake) that mistake's hint; else `hint`.
    """
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = as_number(answer)
    if value is None:
        return verdict(False, name, f"give a number (an int or a float), not {answer!r}")

    def close(target: float) -> bool:
        return abs(value - target) <= atol + rtol * abs(target)

    if close(expected):
        return verdict(True, name, "")
    for target, wrong_hint in wrong:
        if close(target):
            return verdict(False, name, wrong_hint)
    return verdict(False, name, hint)


def check_choice(
    answer: object,
    name: str,
    expected: str,
    *,
    choices: str,
    why: str,
    wrong: dict[str, str] | None = None,
) -> Verdict:
    """The Verdict for a prediction among lettered `choices` ("abcd"): correct when `answer`
    is the letter `expected` ("c", "C" and "(c)" alike). `why`, the explanation with the
    numbers to look at, follows every verdict on a valid letter, right or wrong; a wrong letter
    gets its own hint from `wrong` first."""
    if (pending := unanswered(answer, name)) is not None:
        return pending
    letter = answer.strip().strip("()").strip().lower() if isinstance(answer, str) else None
    if letter is None or len(letter) != 1 or letter not in choices:
        listed = ", ".join(repr(c) for c in choices)
        return verdict(False, name, f"give one letter as a string: {listed}; not {answer!r}")
    if letter == expected:
        return Verdict(True, f"{name}: correct. {why}")
    hint = (wrong or {}).get(letter, "")
    return verdict(False, name, f"{hint} {why}".strip())
