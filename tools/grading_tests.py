"""The hidden tests that nbgrader grades: expected values as literals, no reference code.

Each test is self-contained (numpy and rnnlab's tolerance rule, `same`); the helpers below are
written into every hidden test as source, and used at build time as they are.
"""

from __future__ import annotations

import inspect
import re

import numpy as np


def reaches(fn, banned, depth=0):
    """Whether `fn` is, wraps or calls by a global, closure or module name one of `banned`."""
    if any(fn is b for b in banned):
        return True
    inner = getattr(fn, "__wrapped__", None) or getattr(fn, "func", None)
    if depth > 4 or (inner is not None and reaches(inner, banned, depth + 1)):
        return inner is not None
    code, names, stack = getattr(fn, "__code__", None), set(), []
    if code is not None:
        stack.append(code)
    while stack:
        c = stack.pop()
        names |= set(c.co_names)
        stack += [k for k in c.co_consts if hasattr(k, "co_names")]
    glb = getattr(fn, "__globals__", {})
    seen = [glb[n] for n in names if n in glb]
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            seen.append(cell.cell_contents)
        except ValueError:  # an empty cell
            pass
    modules = [o for o in seen if inspect.ismodule(o)]
    for _ in range(4):  # rnnlab.scratch.rnn.rnn_step: modules within modules
        subs = [getattr(m, n, None) for m in modules for n in names]
        seen += subs
        modules = [o for o in subs if inspect.ismodule(o)]
    for obj in seen:
        if any(obj is b for b in banned):
            return True
        if inspect.isfunction(obj) and obj is not fn and obj.__module__ == "__main__":
            if reaches(obj, banned, depth + 1):
                return True
    return False


def match(got, want, atol, rtol):
    """Whether a value answer is the expected one: strings and keys exactly, numbers within
    atol + rtol * |want|, entry by entry."""
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(match(got[k], want[k], atol, rtol) for k in want)
        )
    if isinstance(want, str) or want is None:
        return isinstance(got, str) and got == want if want is not None else got is None
    if isinstance(want, list | tuple) and any(isinstance(w, str | dict) for w in want):
        return (
            isinstance(got, list | tuple)
            and len(got) == len(want)
            and all(match(g, w, atol, rtol) for g, w in zip(got, want, strict=False))
        )
    if got is None or got is Ellipsis or isinstance(got, bool | str | np.bool_):
        return False
    try:
        g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    except Exception:
        return False
    return g.shape == w.shape and bool(np.allclose(g, w, atol=atol, rtol=rtol))


def _source(fn) -> str:
    """fn's source with its name (and its recursive calls) prefixed by an underscore."""
    return re.sub(rf"(?<![\w.]){fn.__name__}\(", f"_{fn.__name__}(", inspect.getsource(fn))


def function_test(answer: str, parts: str, solvers: list[str]) -> str:
    """The hidden test of an implementation exercise: the submitted function on the stored cases
    (the self-check's container and dtype rule first, then its tolerance), and not one of the
    notebook's imported functions that would pass as it is."""
    banned = ", ".join(
        f"getattr(_import({m!r}), {a!r})" for m, a in (s.rsplit(".", 1) for s in solvers)
    )
    return "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "import copy as _copy",
            "import inspect",
            "from importlib import import_module as _import",
            "",
            "import numpy as np",
            "",
            "from rnnlab.exercises._harness import container_problem as _problem, same as _same",
            "",
            _source(reaches),
            f"for _part in {parts}:",
            '    for _case, _want in zip(_part["cases"], _part["expected"], strict=True):',
            f"        _got = {answer}(*_copy.deepcopy(_case))",
            "        assert not _problem(_got, _want), _problem(_got, _want)  # float32, a list",
            '        assert _same(_got, _want, _part["atol"]), "wrong on a hidden case"',
            f"assert not _reaches({answer}, [{banned}]), 'submit your own function'",
            "### END HIDDEN TESTS",
        ]
    )


def value_test(answer: str, value: str, number: str | None, *, choice: bool = False) -> str:
    """The hidden test of a value answer: the worked solution's value, within the checker's
    tolerance (check_number's; 1e-3 for other floats; integers and strings exactly). A lettered
    prediction (`choice`) is read as check_choice reads it: "B", " b " and "(b)" are "b"."""
    if number is not None:
        spec = eval(number, {"np": np})  # a literal written by grading_record.literal
        atol, rtol = spec["atol"], spec["rtol"]
    else:
        want = eval(value, {"np": np})
        exact = isinstance(want, dict | str | int | np.integer) or (
            isinstance(want, np.ndarray) and np.issubdtype(want.dtype, np.integer)
        )
        atol, rtol = (0.0, 0.0) if exact else (1e-3, 1e-3)
    return "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "import numpy as np",
            "",
            _source(match),
            *(
                [
                    f"if isinstance({answer}, str):",
                    f"    {answer} = {answer}.strip().strip('()').strip().lower()",
                ]
                if choice
                else []
            ),
            f"assert _match({answer}, {value}, {atol!r}, {rtol!r}), 'not the expected answer'",
            "### END HIDDEN TESTS",
        ]
    )
