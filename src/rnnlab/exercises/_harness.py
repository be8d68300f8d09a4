"""The checker behind every implementation exercise: run the student's function on fresh cases,
compare with the reference, and name the mistake when it is a known one.

An exercise module builds its cases and its list of typical mistakes, and calls
:func:`check_function`; references and mistakes are imported or defined *inside* the check
function, so that nothing a student can tab-complete on the module is a solution.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rnnlab.exercises._verdict import Verdict, verdict

__all__ = ["Mistake", "check_function", "same"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong implementation (same signature as the reference) and the hint for it."""

    wrong: Callable[..., object]
    hint: str


def _shape(value: object) -> object:
    """The shape of an array, or of each part of a tuple/list/dict of arrays."""
    if isinstance(value, Mapping):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return tuple(_shape(v) for v in value)
    return tuple(np.shape(value))


def same(a: object, b: object, atol: float = 1e-8) -> bool:
    """Whether two outputs agree: arrays to `atol`, tuples, lists and dicts part by part."""
    if isinstance(b, Mapping):
        return (
            isinstance(a, Mapping) and set(a) == set(b) and all(same(a[k], b[k], atol) for k in b)
        )
    if isinstance(b, tuple | list):
        return (
            isinstance(a, tuple | list)
            and len(a) == len(b)
            and all(same(x, y, atol) for x, y in zip(a, b, strict=True))
        )
    try:
        a_arr, b_arr = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    return a_arr.shape == b_arr.shape and bool(np.allclose(a_arr, b_arr, atol=atol, rtol=1e-6))


def _call(fn: Callable, case: Sequence[object]) -> object:
    return fn(*copy.deepcopy(tuple(case)))  # the student's code may modify its inputs


def _reproduces(
    wrong: Callable,
    got: Sequence[object],
    cases: Sequence[Sequence[object]],
    failure: tuple[Sequence[object], type[BaseException]] | None = None,
) -> bool:
    """Whether `wrong` gives the outputs `got` on `cases` and, with `failure` = (case, type),
    raises that exception type on that case too; a mistake that breaks elsewhere never does."""
    try:
        if not all(same(g, _call(wrong, c)) for g, c in zip(got, cases, strict=True)):
            return False
    except Exception:
        return False
    if failure is None:
        return True
    try:
        _call(wrong, failure[0])
    except Exception as exc:
        return isinstance(exc, failure[1])
    return False


def _known(
    mistakes: Sequence[Mistake],
    got: Sequence[object],
    cases: Sequence[Sequence[object]],
    failure: tuple[Sequence[object], type[BaseException]] | None = None,
) -> str:
    """The hint of the first mistake that reproduces what the student's function did, or ''."""
    return next((m.hint for m in mistakes if _reproduces(m.wrong, got, cases, failure)), "")


def check_function(
    name: str,
    fn: object,
    *,
    reference: Callable[..., object],
    cases: Sequence[Sequence[object]],
    mistakes: Sequence[Mistake] = (),
    hint: str,
    atol: float = 1e-8,
) -> Verdict:
    """Run `fn` on every case (a tuple of arguments) and compare with `reference`.

    Returns a Verdict: 'not answered yet' while `fn` is the placeholder or raises
    NotImplementedError; the exception (type and message) if `fn` raises; the expected and the
    actual shape if they differ; the hint of the first mistake that reproduces `fn`'s outputs
    on every case; otherwise `hint`. A shape error or an exception that a known mistake also
    produces (on the same cases) carries that mistake's hint too. Nothing `fn` does can make
    the checker itself raise.
    """
    if fn is None or fn is Ellipsis:
        return Verdict(False, f"{name}: not answered yet; pass your function (no brackets).")
    if not callable(fn):
        return verdict(False, name, f"pass the function itself, not {type(fn).__name__}")
    outputs: list[tuple[object, object]] = []
    for k, case in enumerate(cases):
        expected = _call(reference, case)
        try:
            got = _call(fn, case)
        except NotImplementedError:
            return Verdict(False, f"{name}: not answered yet; write the function, then run again.")
        except Exception as exc:  # the student's code may fail in any way
            shapes = ", ".join(str(_shape(a)) for a in case)
            known = _known(mistakes, [g for g, _ in outputs], cases[:k], (case, type(exc)))
            known = f"; {known}" if known else ""
            return verdict(False, name, f"your function raised {type(exc).__name__}: {exc} "
                           f"(arguments of shapes {shapes}){known}")  # fmt: skip
        if _shape(got) != _shape(expected):
            known = _known(mistakes, [*(g for g, _ in outputs), got], cases[: k + 1])
            return verdict(False, name, f"expected an output of shape {_shape(expected)}, "
                           f"got {_shape(got)}" + (f"; {known}" if known else ""))  # fmt: skip
        outputs.append((got, expected))
    if all(same(got, expected, atol) for got, expected in outputs):
        return verdict(True, name, "")
    return verdict(False, name, _known(mistakes, [g for g, _ in outputs], cases) or hint)
