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


def _forget_biases():
    """(total forget-gate bias per unit, bias_ih_l0, bias_hh_l0) of the packaged LSTM."""
    from rnnlab.training.checkpoints import load_pretrained

    rnn = load_pretrained("lstm_python").model.rnn
    H = rnn.hidden_size
    b_ih, b_hh = (b.detach().double().numpy() for b in (rnn.bias_ih_l0, rnn.bias_hh_l0))
    k = TORCH_ORDER.index("f")
    return (b_ih + b_hh)[k * H : (k + 1) * H], b_ih, b_hh, H


def test_forget_bias():
    total, b_ih, b_hh, H = _forget_biases()
    assert ex.check_forget_bias(total.mean()) and ex.check_forget_bias(np.float32(total.mean()))
    wrong = {
        "bias_ih_l0 alone": b_ih[H : 2 * H].mean(),
        "bias_hh_l0 alone": b_hh[H : 2 * H].mean(),
        "all four blocks": (b_ih + b_hh).mean(),
        "input gate": (b_ih + b_hh)[:H].mean(),
        "candidate's bias": (b_ih + b_hh)[2 * H : 3 * H].mean(),
        "output gate": (b_ih + b_hh)[3 * H :].mean(),
    }
    for needle, value in wrong.items():
        assert abs(value - total.mean()) > 1e-3, needle  # every mistake is told apart
        verdict = ex.check_forget_bias(value)
        assert not verdict and needle in repr(verdict), (needle, repr(verdict))
    assert "not answered yet" in repr(ex.check_forget_bias(...))
    for bad in ("1.0", True, [1.0], float("nan")):
        assert "give a number" in repr(ex.check_forget_bias(bad))


def test_forget_prediction_quotes_the_widget():
    from rnnlab.widgets.lstm_gates import compute_gates

    run = compute_gates("one pulse", "set", forget=0.9, input_gate=1.0, output=1.0)
    text = repr(ex.check_forget_prediction("c"))
    assert f"c_3 = {run['cell'][3]:.3f}" in text and f"c_39 = {run['cell'][39]:.3g}" in text
    assert abs(run["cell"][39] - np.tanh(2.0) * 0.9**36) < 1e-12


def test_forget_prediction():
    right = ex.check_forget_prediction("c")
    assert right and "c_39 = 0.0217" in repr(right) and "0.9^36 = 0.023" in repr(right)
    assert "36 steps multiply" in repr(ex.check_forget_prediction("A"))
    assert "never makes it exactly 0" in repr(ex.check_forget_prediction("d"))
    for bad in ("e", 3, None, ("c",)):
        assert not ex.check_forget_prediction(bad)


@pytest.mark.parametrize(
    "answer, ok, hint",
    [
        (4, True, ""),
        (4.0, True, ""),
        (np.float64(4.0), True, ""),
        (0.4, False, "what one step writes"),
        (0.4 / 0.9, False, "not by f"),
        (3.6, False, "what is kept"),
        (np.tanh(4.0), False, "h = tanh(c)"),
        (40, False, "solve c = f c + i c~"),
        ("4", False, "give a number"),
        (..., False, "not answered"),
    ],
)
def test_settled_cell(answer, ok, hint):
    verdict = ex.check_settled_cell(answer)
    assert bool(verdict) is ok and hint in repr(verdict), repr(verdict)


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
            try:
                exec(block.group(1), namespace)  # the notebook's own worked solution
            except NameError:  # a numeric answer read off the notebook's own variables
                continue
            found.update({k: v for k, v in namespace.items() if k not in given})
    return found


def test_the_notebooks_worked_solutions_pass():
    found = solution_functions("08_lstm.ipynb")
    assert ex.check_lstm_step(found["lstm_step_stacked"])
    assert ex.check_lstm_step_backward(found["lstm_step_backward_stacked"])
