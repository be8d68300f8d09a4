"""The verdict that every check_* helper returns."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Verdict", "unanswered", "verdict"]


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
