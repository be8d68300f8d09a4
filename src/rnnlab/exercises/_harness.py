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

__all__ = ["ATOL", "RTOL", "Mistake", "check_function", "container_problem", "same"]

# One tolerance rule for every checker: |got - expected| <= ATOL + RTOL * |expected|, entry by
# entry, in float64. A correct float64 answer is ~1e-15 off; float32 is ~1e-7 off, and is told
# so before any formula hint. A mistake's hint is given only when the student's output matches
# that mistake under the same rule.
ATOL = 1e-8
RTOL = 1e-6


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


def _kind(value: object) -> str:
    """'None', 'a list', 'a torch.Tensor': what a value is, for a message."""
    if value is None:
        return "None"
    module, name = type(value).__module__.split(".")[0], type(value).__name__
    return f"a {name}" if module == "builtins" else f"a {module}.{name}"


def _is_torch(value: object) -> bool:
    return type(value).__module__.split(".")[0] == "torch"


def _array_problem(got: object, expected: np.ndarray | np.floating | float) -> str:
    """What is wrong with the container or the dtype of `got` where an array or float is due."""
    if _is_torch(got):
        return "returned a torch tensor: return a numpy array (tensor.detach().numpy())"
    if isinstance(got, list | tuple):
        return f"returned a {type(got).__name__}: return a numpy array (np.array(...))"
    if got is None:
        return "returned None: did you forget the return statement?"
    if not isinstance(got, np.ndarray | np.generic | int | float):
        return f"returned {_kind(got)}: return a numpy array"
    dtype = np.asarray(got).dtype
    if dtype in (np.float32, np.float16):
        return f"computed in {dtype}: use float64, the check compares to {ATOL:.0e}"
    if not np.issubdtype(dtype, np.number) or np.issubdtype(dtype, np.complexfloating):
        return f"returned values of type {dtype}: return real numbers"
    arr = np.asarray(got, dtype=np.float64)
    if np.isnan(arr).any() and not np.isnan(np.asarray(expected, dtype=np.float64)).any():
        return "your output contains NaN: look for a division by zero or a log of 0"
    return ""


def container_problem(got: object, expected: object) -> str:
    """A problem of `got`'s container or dtype against `expected` ('' if none), said before any
    formula hint: a list for an array, a torch tensor, float32, a missing return, a tuple of the
    wrong length, NaN."""
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"return a dict with the keys {sorted(expected)}, not {_kind(got)}"
        if set(got) != set(expected):
            return f"return a dict with the keys {sorted(expected)}, got {sorted(got, key=str)}"
        return next(
            (f"{k!r}: {p}" for k in expected if (p := container_problem(got[k], expected[k]))), ""
        )
    if isinstance(expected, tuple | list):
        what = f"a {type(expected).__name__} of {len(expected)} values"
        if not isinstance(got, tuple | list):
            return f"return {what}, not {_kind(got)}"
        if len(got) != len(expected):
            return f"return {what}, got {len(got)}"
        parts = zip(got, expected, strict=True)
        return next(
            (f"item {i}: {p}" for i, (g, e) in enumerate(parts) if (p := container_problem(g, e))),
            "",
        )
    if isinstance(expected, np.ndarray | np.floating | float) and not isinstance(expected, bool):
        return _array_problem(got, expected)
    return ""


def same(a: object, b: object, atol: float = ATOL) -> bool:
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
        return a_arr.shape == b_arr.shape and bool(np.allclose(a_arr, b_arr, atol=atol, rtol=RTOL))
    except Exception:  # a tensor that requires grad, an object numpy cannot read
        return False


def _call(fn: Callable, case: Sequence[object]) -> object:
    return fn(*copy.deepcopy(tuple(case)))  # the student's code may modify its inputs


def _reproduces(
    wrong: Callable,
    got: Sequence[object],
    cases: Sequence[Sequence[object]],
    failure: tuple[Sequence[object], type[BaseException]] | None = None,
    atol: float = ATOL,
) -> bool:
    """Whether `wrong` gives the outputs `got` on `cases` and, with `failure` = (case, type),
    raises that exception type on that case too; a mistake that breaks elsewhere never does."""
    try:
        if not all(same(g, _call(wrong, c), atol) for g, c in zip(got, cases, strict=True)):
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
    *,
    atol: float = ATOL,
) -> str:
    """The hint of the first mistake that reproduces what the student's function did, or ''."""
    return next((m.hint for m in mistakes if _reproduces(m.wrong, got, cases, failure, atol)), "")


def check_function(
    name: str,
    fn: object,
    *,
    reference: Callable[..., object],
    cases: Sequence[Sequence[object]],
    mistakes: Sequence[Mistake] = (),
    hint: str,
    atol: float = ATOL,
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
    try:
        return _check(name, fn, reference, cases, mistakes, hint, atol)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # nothing a submission does may crash the checker
        problem = f"the check could not read your output ({type(exc).__name__}: {exc})"
        return verdict(False, name, f"{problem}; return what the task asks for")


def _check(name, fn, reference, cases, mistakes, hint, atol) -> Verdict:
    outputs: list[tuple[object, object]] = []
    for k, case in enumerate(cases):
        expected = _call(reference, case)
        try:
            got = _call(fn, case)
        except KeyboardInterrupt:
            raise
        except NotImplementedError as exc:
            if k == 0 and not str(exc):  # the placeholder body, untouched
                return Verdict(
                    False, f"{name}: not answered yet; write the function, then run again."
                )
            return _raised(name, exc, case, mistakes, outputs, cases[:k], atol)
        except BaseException as exc:  # the student's code may fail in any way, exit included
            return _raised(name, exc, case, mistakes, outputs, cases[:k], atol)
        if problem := container_problem(got, expected):
            return verdict(False, name, problem)
        if _shape(got) != _shape(expected):
            known = _known(mistakes, [*(g for g, _ in outputs), got], cases[: k + 1], atol=atol)
            shapes = f"expected an output of shape {_shape(expected)}, got {_shape(got)}"
            return verdict(False, name, shapes + (f"; {known}" if known else ""))
        outputs.append((got, expected))
    if all(same(got, expected, atol) for got, expected in outputs):
        return verdict(True, name, "")
    return verdict(False, name, _known(mistakes, [g for g, _ in outputs], cases, atol=atol) or hint)


def _raised(name, exc, case, mistakes, outputs, done, atol) -> Verdict:
    """The verdict for a submission that raised `exc` on `case` after the `done` cases."""
    shapes = ", ".join(str(_shape(a)) for a in case)
    known = _known(mistakes, [g for g, _ in outputs], done, (case, type(exc)), atol=atol)
    known = f"; {known}" if known else ""
    raised = f"your function raised {type(exc).__name__}: {exc}"
    return verdict(False, name, f"{raised} (arguments of shapes {shapes}){known}")
