"""The self-checks of the graded student edition (copied beside its notebooks by `make student`).

They hold no reference solution: an implementation check replays the outputs that the worked
solution gave, at build time, on a few fixed cases (and the outputs of the typical mistakes on
the same cases, for the hints), through rnnlab's own harness; a value check says whether the
answer has the right form and names a known wrong value, but never whether it is right. The
grade comes from nbgrader's hidden tests, on other cases.
"""

from __future__ import annotations

import builtins
import copy

from rnnlab.exercises._harness import Mistake, check_function, same
from rnnlab.exercises._verdict import Verdict, as_number, unanswered, verdict

__all__ = ["Replay", "alike", "check_recorded", "check_value"]


class Replay:
    """A function known only by its outputs on some argument tuples: called with one of them,
    it returns the stored output (or raises the stored exception type); otherwise LookupError."""

    def __init__(self, cases, outputs):
        self.cases, self.outputs = [tuple(c) for c in cases], list(outputs)

    def __call__(self, *args):
        for case, (status, out) in zip(self.cases, self.outputs, strict=True):
            if len(case) == len(args) and all(map(alike, args, case)):
                if status == "raised":
                    raise getattr(builtins, out, RuntimeError)("as the mistake raises")
                return copy.deepcopy(out)
        raise LookupError("no stored output for these arguments")


def alike(a: object, b: object) -> bool:
    """Whether two arguments are equal: arrays and numbers by value, a torch model by its
    parameters, anything else by ==."""
    if same(a, b, 0.0):
        return True
    state = getattr(a, "state_dict", None)
    if callable(state) and type(a) is type(b):
        values = {k: v.detach().cpu().numpy() for k, v in a.state_dict().items()}
        return same(values, {k: v.detach().cpu().numpy() for k, v in b.state_dict().items()}, 0.0)
    try:
        return bool(a == b)
    except Exception:  # an array-like == gives no single truth value
        return False


def check_recorded(fn: object, parts: list[dict]) -> Verdict:
    """The verdict of `fn` on the stored cases of each part (a check_function call at build
    time): the first part that fails, else the last verdict."""
    result = Verdict(False, "no stored cases")
    for part in parts:
        mistakes = [Mistake(Replay(part["cases"], outs), hint) for outs, hint in part["mistakes"]]
        outputs = [("ok", out) for out in part["expected"]]
        result = check_function(
            part["name"],
            fn,
            reference=Replay(part["cases"], outputs),
            cases=part["cases"],
            mistakes=mistakes,
            hint=part["hint"],
            atol=part["atol"],
        )
        if not result:
            return result
    return result


def check_value(answer: object, name: str, number: dict | None = None) -> Verdict:
    """What can be said of a value answer without knowing the right one: not answered yet, not a
    number, or a known wrong value (with its hint); else that the hidden test will grade it."""
    if (pending := unanswered(answer, name)) is not None:
        return pending
    if number is not None:
        value = as_number(answer)
        if value is None:
            return verdict(False, name, f"give a number (an int or a float), not {answer!r}")
        for target, hint in number["wrong"]:
            if abs(value - target) <= number["atol"] + number["rtol"] * abs(target):
                return verdict(False, name, hint)
    return Verdict(True, f"{name}: answered; the graded check of this answer is hidden.")
