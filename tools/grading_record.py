"""What `make student` records inside the instructor kernel, right after an exercise's check
(tools/grading.py injects the call, then drops it): the worked solution's outputs on the cases
the checker draws, as python literals for the hidden tests and the student edition's self-checks.

Nothing here is shipped to students; the values it prints are.
"""

from __future__ import annotations

import base64
import builtins
import copy
import inspect
import json
import pickle
import re
import signal
import sys
import types

import numpy as np
from grading_tests import reaches

from rnnlab.exercises._harness import same

MARK = "@@grading-record@@"
VERDICT_WORDS = re.compile(r": (?:correct\.|not yet\.|not answered yet)")


def literal(value: object) -> str:
    """Python source that rebuilds `value` exactly (floats by repr, arrays with their dtype)."""
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r}, dtype={str(value.dtype)!r})"
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}({value.item()!r})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + "".join(f"{literal(v)}, " for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    if type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach"):
        return literal(value.detach().cpu().numpy())
    # anything else (a torch model among a case's arguments): its pickle, as a bytes literal
    blob = base64.b64encode(pickle.dumps(value)).decode()
    return f"__import__('pickle').loads(__import__('base64').b64decode({blob!r}))"


def _outputs(fn, cases) -> list[object]:
    """fn's output on every case, or ('raised', exception type name) where it raises."""
    outs = []
    for case in cases:
        try:
            outs.append(("ok", fn(*copy.deepcopy(tuple(case)))))
        except Exception as exc:  # a mistake may raise on a case; its type is the hint's clue
            name = type(exc).__name__
            outs.append(("raised", name if hasattr(builtins, name) else "RuntimeError"))
    return outs


def _capture(module, names):
    """Wrap module.<name> for each name so that every call's arguments are kept."""
    calls, saved = [], {}
    for name in names:
        real = getattr(module, name, None)
        if real is None:
            continue
        saved[name] = real

        def spy(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, args, kwargs))
            return _real(*args, **kwargs)

        setattr(module, name, spy)
    return calls, saved


def _run(checker_call, module, answer):
    """Call the checker on `answer` with check_function / check_number / check_choice spied:
    (verdict, calls)."""
    calls, saved = _capture(module, ["check_function", "check_number", "check_choice"])
    try:
        result = checker_call(answer)
    finally:
        for name, real in saved.items():
            setattr(module, name, real)
    return result, calls


def _function_part(answer, args, kwargs, *, with_mistakes):
    """One check_function call as the data of a self-check or of a hidden test: its cases and
    the worked solution's outputs on them, called as the hidden test calls it (a checker that
    wraps the answer gets no record: the solution raises or returns something else there)."""
    name = args[0]
    cases = [tuple(c) for c in kwargs["cases"]]
    outputs = _outputs(answer, cases)
    part = {"name": name, "cases": cases, "expected": [out for _, out in outputs]}
    part |= {"hint": kwargs["hint"], "atol": kwargs.get("atol", 1e-8)}
    part["raised"] = any(status != "ok" for status, _ in outputs)
    if with_mistakes:
        part["mistakes"] = [(_outputs(m.wrong, cases), m.hint) for m in kwargs.get("mistakes", ())]
    return part


def _candidates(user_ns: dict) -> dict[str, object]:
    """Every rnnlab callable the notebook can reach by a name it imported: 'module.name' -> obj."""
    found = {}
    for value in list(user_ns.values()):
        if isinstance(value, types.ModuleType) and value.__name__.startswith("rnnlab"):
            members = [getattr(value, a, None) for a in dir(value) if not a.startswith("_")]
        else:
            members = [value]
        for obj in members:
            owner = getattr(obj, "__module__", "") or ""
            if callable(obj) and owner.startswith("rnnlab") and hasattr(obj, "__qualname__"):
                if not owner.startswith("rnnlab.exercises") and "." not in obj.__qualname__:
                    found[f"{owner}.{obj.__qualname__}"] = obj
    return found


class _TooLongError(Exception):
    pass


def _alarm(signum, frame):
    raise _TooLongError


def _passes(fn, parts, seconds: int = 2) -> bool:
    """Whether `fn` gives the expected outputs on every case (a function that runs longer than
    `seconds`, a training loop say, does not)."""
    from rnnlab.exercises._harness import same

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return all(
            same(fn(*copy.deepcopy(tuple(c))), e, p["atol"])
            for p in parts
            for c, e in zip(p["cases"], p["expected"], strict=True)
        )
    except BaseException:
        return False
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _solvers(answer, parts, user_ns):
    """(imported rnnlab functions, notebook functions) that pass the hidden cases as they are."""
    imported = {p: obj for p, obj in _candidates(user_ns).items() if _passes(obj, parts)}
    own = [
        k
        for k, v in user_ns.items()
        if inspect.isfunction(v)
        and v is not answer
        and not k.startswith("_")
        and v.__module__ == "__main__"
        and _passes(v, parts)
    ]
    return imported, own


def record(checker, checker_call, answer, user_ns) -> str:
    """The record of one exercise, as MARK + JSON of python literal sources (printed)."""
    module = sys.modules[checker.__module__]
    visible, calls_a = _run(checker_call, module, answer)
    hidden, calls_b = _run(checker_call, module, answer)
    rec = {"check": checker.__name__, "ok": bool(visible) and bool(hidden)}
    rec["doc"] = inspect.getdoc(checker) or ""
    # the exercise's name: what comes before the verdict (a prediction's explanation after
    # "correct." may hold ": " too, and must not reach the student's self-check)
    rec["name"] = VERDICT_WORDS.split(repr(visible), maxsplit=1)[0]
    if callable(answer):
        fn_calls_a = [(a, k) for n, a, k in calls_a if n == "check_function"]
        fn_calls_b = [(a, k) for n, a, k in calls_b if n == "check_function"]
        parts_a = [_function_part(answer, a, k, with_mistakes=True) for a, k in fn_calls_a]
        parts_b = [_function_part(answer, a, k, with_mistakes=False) for a, k in fn_calls_b]
        raised = [p.pop("raised") for p in parts_a + parts_b]
        raised += [not same(e, e) for p in parts_b for e in p["expected"]]  # comparable outputs
        rec["ok"] = rec["ok"] and not any(raised)
        rec["kind"] = "function"
        rec["visible"] = literal(parts_a)
        rec["hidden"] = literal(parts_b)
        # a checker whose cases are fixed shows the hidden cases' outputs in the self-check
        rec["same_cases"] = literal([p["cases"] for p in parts_a]) == literal(
            [p["cases"] for p in parts_b]
        )
        imported, rec["notebook_solvers"] = _solvers(answer, parts_b, user_ns)
        rec["imported_solvers"] = sorted(imported)
        # the worked solution must pass its own hidden test: it may not call a banned function
        rec["ok"] = rec["ok"] and bool(parts_b) and not reaches(answer, list(imported.values()))
        return MARK + json.dumps(rec)
    rec["kind"] = "value"
    rec["value"] = literal(answer)
    # a lettered prediction: the hidden test reads "B" and "(b)" as check_choice does
    rec["choice"] = any(n == "check_choice" for n, _, _ in calls_a)
    numbers = [k | {"name": a[1]} for n, a, k in calls_a if n == "check_number" and len(a) >= 2]
    if numbers:
        k = numbers[0]
        spec = {"name": k["name"], "hint": k.get("hint", ""), "wrong": list(k.get("wrong", ()))}
        rec["number"] = literal(spec | {"atol": k.get("atol", 1e-3), "rtol": k.get("rtol", 1e-3)})
    return MARK + json.dumps(rec)
