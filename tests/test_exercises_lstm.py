"""Notebook 08's exercises: correct implementations pass, each typical mistake gets its hint."""

import numpy as np
import pytest

from rnnlab.exercises import lstm as ex
from rnnlab.scratch.lstm import TORCH_ORDER, lstm_step, lstm_step_backward


def sig(z):
    return 1 / (1 + np.exp(-z))


def to_params(W, U, b):
    """torch's stacked blocks as the scratch LSTM's twelve arrays."""
    params = {}
    for kind, arr in [("W", W), ("U", U), ("b", b)]:
        for g, block in zip(TORCH_ORDER, np.split(arr, 4, axis=0), strict=True):
            params[f"{kind}_{g}"] = block
    return params


def step_via_package(W, U, b, x, h, c):  # correct, written differently: the scratch LSTM
    h_t, c_t, _ = lstm_step(to_params(W, U, b), x, (h, c))
    return h_t, c_t


def step_concatenated(W, U, b, x, h, c):  # correct: one matrix on [x, h], gates by slicing
    H = h.shape[1]
    z = np.concatenate([x, h], axis=1) @ np.concatenate([W, U], axis=1).T + b
    i, f, g, o = (z[:, k * H : (k + 1) * H] for k in range(4))
    c_new = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


def wrong_step(W, U, b, x, h, c, order="ifgo", gate=sig, cand=np.tanh, bias=1, squash=True):
    blocks = dict(zip(order, np.split(x @ W.T + h @ U.T + bias * b, 4, axis=1), strict=True))
    i, f, o, g = gate(blocks["i"]), gate(blocks["f"]), gate(blocks["o"]), cand(blocks["g"])
    c_new = f * c + i * g
    return o * (np.tanh(c_new) if squash else c_new), c_new


def swapped_gates(W, U, b, x, h, c):
    i, f, g, o = np.split(x @ W.T + h @ U.T + b, 4, axis=1)
    c_new = sig(i) * c + sig(f) * np.tanh(g)
    return sig(o) * np.tanh(c_new), c_new


@pytest.mark.parametrize("fn", [step_via_package, step_concatenated])
def test_lstm_step_accepts_correct_implementations(fn):
    assert ex.check_lstm_step(fn)


@pytest.mark.parametrize(
    "fn, hint",
    [
        (lambda *a: wrong_step(*a, order="ifog"), "lecture's order i, f, o"),
        (lambda *a: wrong_step(*a, gate=np.tanh), "a gate is a sigmoid"),
        (lambda *a: wrong_step(*a, cand=sig), "candidate c~_t is a tanh"),
        (lambda *a: wrong_step(*a, squash=False), "h_t = o_t * tanh(c_t)"),
        (lambda *a: wrong_step(*a, bias=0), "every gate has its bias"),
        (swapped_gates, "f_t multiplies the old cell"),
        (lambda *a: wrong_step(*a)[::-1], "return (h_t, c_t) in this order"),
    ],
)
def test_lstm_step_mistakes_get_their_hint(fn, hint):
    verdict = ex.check_lstm_step(fn)
    assert not verdict and hint in repr(verdict)


def placeholder(*args):
    raise NotImplementedError


def test_unanswered_crashing_and_misshaped_functions():
    assert "not answered yet" in repr(ex.check_lstm_step(placeholder))
    assert "not answered yet" in repr(ex.check_lstm_step_backward(placeholder))
    assert "raised ZeroDivisionError" in repr(ex.check_lstm_step(lambda *a: 1 / 0))
    assert "return a tuple of 2 values" in repr(ex.check_lstm_step(lambda W, U, b, x, h, c: h))


def backward_via_package(W, U, b, x, h, c, dh, dc):  # correct: the scratch backward
    _, dx, (dh_prev, dc_prev) = lstm_step_backward(to_params(W, U, b), x, (h, c), dh, dc)
    return dx, dh_prev, dc_prev


def backward_by_hand(W, U, b, x, h, c, dh, dc, order="ifgo", f_path=1, via_h=1, slope=1, ds=1):
    z = dict(zip(order, np.split(x @ W.T + h @ U.T + b, 4, axis=1), strict=True))
    i, f, o, g = sig(z["i"]), sig(z["f"]), sig(z["o"]), np.tanh(z["g"])
    tc = np.tanh(f * c + i * g)
    dc_t = dc + via_h * dh * o * ((1 - tc**2) if slope else 1)

    def d(s):
        return s * (1 - s) if ds else s

    grads = {"i": dc_t * g * d(i), "f": dc_t * c * d(f), "o": dh * tc * d(o),
             "g": dc_t * i * (1 - g**2)}  # fmt: skip
    dz = np.hstack([grads[k] for k in order])
    return dz @ W, dz @ U, dc_t * f if f_path else dc_t


def test_lstm_step_backward_accepts_correct_implementations():
    assert ex.check_lstm_step_backward(backward_via_package)
    assert ex.check_lstm_step_backward(backward_by_hand)


@pytest.mark.parametrize(
    "switch, hint",
    [
        (dict(f_path=0), "multiplied by f_t"),
        (dict(via_h=0), "c_t also reaches the loss through h_t"),
        (dict(slope=0), "its slope 1 - tanh(c_t)^2"),
        (dict(ds=0), "the slope of a sigmoid"),
        (dict(order="ifog"), "stacked input, forget, candidate, output"),
    ],
)
def test_lstm_step_backward_mistakes_get_their_hint(switch, hint):
    verdict = ex.check_lstm_step_backward(lambda *a: backward_by_hand(*a, **switch))
    assert not verdict and hint in repr(verdict)


@pytest.mark.parametrize(
    "answer, ok, hint",
    [
        (14, True, ""),
        (np.int64(14), True, ""),
        (14.0, True, ""),
        (13, False, "a little more than half"),
        (13.51, False, "a step is a whole number"),
        (True, False, "0.95**n"),
        (20, False, "0.95**n"),
        ("14", False, "0.95**n"),
    ],
)
def test_half_life(answer, ok, hint):
    verdict = ex.check_half_life(answer)
    assert bool(verdict) is ok and hint in repr(verdict)


@pytest.mark.parametrize(
    "answer, ok, hint",
    [
        ((24, 32), True, ""),
        ([np.int32(24), 32.0], True, ""),
        ((16, 24), False, "lecture's order i, f, o"),
        ((8, 16), False, "forget gate"),
        ((24, 31), False, "stop is exclusive"),
        ((3, 4), False, "count rows, not blocks"),
        ((24, 32.5), False, "whole numbers"),
        ((True, 32), False, "whole numbers"),
        ((0, 8), False, "H rows each"),
        (24, False, "whole numbers"),
    ],
)
def test_output_rows(answer, ok, hint):
    verdict = ex.check_output_rows(answer)
    assert bool(verdict) is ok and hint in repr(verdict)
    assert "not answered yet" in repr(ex.check_output_rows(...))


def test_nothing_public_is_a_solution():
    assert not [n for n in dir(ex) if "solution" in n.lower()]
    public = [n for n in dir(ex) if callable(getattr(ex, n)) and not n.startswith(("check_", "_"))]
    harness = {"Mistake", "Real", "Verdict", "check_function", "unanswered", "verdict"}
    assert set(public) <= harness  # the references with their mistakes are private (_lstm_step)


class _AnyChecks:
    """Stands in for a notebook's `ex`: a numeric solution starts with its solved ex.check_* call,
    which the tests of the check functions cover; here only the defined functions matter."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def solution_functions(notebook):
    """The functions defined by the first python block of each `solution` cell of a notebook."""
    import re
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parents[1] / "notebooks" / notebook
    found = {}
    for cell in nbformat.read(str(path), as_version=4).cells:
        block = re.search(r"```python\n(.*?)```", cell.source, re.S)
        if "solution" in cell.metadata.get("tags", []) and block:
            given = {"np": np, "sigmoid": sig, "ex": _AnyChecks(), "TORCH_ORDER": TORCH_ORDER}
            namespace = dict(given)  # what the notebook's imports cell provides
            exec(block.group(1), namespace)  # the notebook's own worked solution
            found.update({k: v for k, v in namespace.items() if k not in given})
    return found


def test_the_notebooks_worked_solutions_pass():
    found = solution_functions("08_lstm.ipynb")
    assert ex.check_lstm_step(found["lstm_step"])
    assert ex.check_lstm_step_backward(found["lstm_step_backward"])
