"""Exercises of notebook 08 (the LSTM cell).

The weights come stacked as torch stores them (rows: input gate, forget gate, candidate, output
gate, H rows each), so that reading the blocks in the right order is part of the exercise.
The reference step and its backward pass, with switches that make the typical mistakes, are
private (:func:`_lstm_step`, :func:`_lstm_step_backward`): nothing public is a solution.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number, unanswered, verdict

__all__ = [
    "check_forget_prediction",
    "check_lstm_step",
    "check_lstm_step_backward",
    "check_half_life",
    "check_forget_bias",
    "check_settled_cell",
]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _cases(n: int = 4, backward: bool = False) -> list[tuple]:
    """Fresh random (W (4H, D), U (4H, H), b (4H,), x_t (B, D), h_prev, c_prev (B, H)[, dh, dc])."""
    rng = np.random.default_rng()
    cases = []
    for B, D, H in [(1, 1, 2), (3, 2, 3), (2, 4, 5), (4, 3, 4)][:n]:
        shapes = [(4 * H, D), (4 * H, H), (4 * H,), (B, D), (B, H), (B, H)]
        shapes += [(B, H), (B, H)] if backward else []  # dh, dc
        cases.append(tuple(rng.normal(size=shape) for shape in shapes))
    return cases


def _blocks(z, order):
    """The four (B, H) blocks of z (B, 4H) named by `order`, e.g. 'ifgo' (torch's)."""
    return dict(zip(order, np.split(z, 4, axis=1), strict=True))


def _lstm_step(
    W,
    U,
    b,
    x,
    h,
    c,
    *,
    order="ifgo",
    gate=_sigmoid,
    cand=np.tanh,
    bias=True,
    squash=True,
    swap_if=False,
):
    """One LSTM step on weights stacked in `order` (torch's 'ifgo'), with switches that make the
    typical mistakes: the wrong block order, a tanh gate, a sigmoid candidate, no bias, c_t shown
    unsquashed, i and f swapped.

    W (4H, D), U (4H, H), b (4H,), x (B, D), h = h_{t-1} and c = c_{t-1} (B, H).
    Returns h_t (B, H), c_t (B, H) and the gates {'i', 'f', 'o', 'g': (B, H)} (g: the candidate).
    """
    z = x @ W.T + h @ U.T + (b if bias else 0.0)  # (B, 4H)
    a = _blocks(z, order)
    i, f, o, g = gate(a["i"]), gate(a["f"]), gate(a["o"]), cand(a["g"])
    if swap_if:
        i, f = f, i
    c_t = f * c + i * g
    h_t = o * (np.tanh(c_t) if squash else c_t)
    return h_t, c_t, {"i": i, "f": f, "o": o, "g": g}


def _lstm_step_backward(
    W,
    U,
    b,
    x,
    h,
    c,
    dh,
    dc,
    *,
    order="ifgo",
    cell_path=True,
    via_h=True,
    tanh_slope=True,
    sig_slope=True,
):
    """Back through :func:`_lstm_step`, with switches that make the typical mistakes: no path
    to c_{t-1}, dh not added into the cell, tanh's or the sigmoid's slope left out, the gates'
    gradients stacked in the wrong order.

    dh = ∂J/∂h_t and dc = ∂J/∂c_t (B, H) arrive from above; the other arguments as for
    :func:`_lstm_step`. Returns dx (B, D), dh_prev (B, H) and dc_prev (B, H).
    """
    _, c_t, g = _lstm_step(W, U, b, x, h, c, order=order)
    tanh_c = np.tanh(c_t)
    into_cell = dh * g["o"] * ((1 - tanh_c**2) if tanh_slope else 1.0)
    dc = dc + (into_cell if via_h else 0.0)

    def slope(s):
        return s * (1 - s) if sig_slope else s

    da = {
        "i": dc * g["g"] * slope(g["i"]),
        "f": dc * c * slope(g["f"]),
        "o": dh * tanh_c * slope(g["o"]),
        "g": dc * g["i"] * (1 - g["g"] ** 2),
    }
    stacked = np.concatenate([da[k] for k in order], axis=1)  # (B, 4H) in the weights' order
    return stacked @ W, stacked @ U, dc * g["f"] if cell_path else dc


def check_lstm_step(fn: object) -> Verdict:
    """Exercise 1: lstm_step_stacked(W, U, b, x_t, h_prev, c_prev) -> (h_t, c_t), on torch's
    stacking.

    W (4H, D), U (4H, H), b (4H,) stacked as input, forget, candidate, output; x_t (B, D);
    h_prev, c_prev, h_t, c_t (B, H).
    """

    def variant(**switches):
        return lambda *args: _lstm_step(*args, **switches)[:2]

    mistakes = [
        Mistake(
            variant(order="ifog"),
            "you read the blocks in the lecture's order i, f, o, c~; "
            "torch stacks them as input, forget, candidate (its 'g'), output.",
        ),
        Mistake(
            variant(gate=np.tanh),
            "a gate is a sigmoid, a number between 0 and 1; tanh "
            "belongs to the candidate and to the squashing of c_t only.",
        ),
        Mistake(
            variant(cand=_sigmoid),
            "the candidate c~_t is a tanh (content between -1 and "
            "1), not a sigmoid like the gates.",
        ),
        Mistake(
            variant(squash=False),
            "h_t = o_t * tanh(c_t): the cell is squashed before the output gate shows it.",
        ),
        Mistake(variant(bias=False), "every gate has its bias: add b to the affine part."),
        Mistake(
            variant(swap_if=True),
            "f_t multiplies the old cell c_{t-1} and i_t the candidate, not the other way round.",
        ),
        Mistake(lambda *args: _lstm_step(*args)[1::-1], "return (h_t, c_t) in this order."),
    ]
    return check_function(
        "Exercise 1 (lstm_step_stacked)",
        fn,
        reference=variant(),
        cases=_cases(),
        mistakes=mistakes,
        hint="compare each of your four steps with the formulas above, one array at a time.",
    )


def check_lstm_step_backward(fn: object) -> Verdict:
    """Exercise 2: lstm_step_backward_stacked(W, U, b, x_t, h_prev, c_prev, dh, dc) ->
    (dx (B, D), dh_prev (B, H), dc_prev (B, H)), with dh = ∂J/∂h_t and dc = ∂J/∂c_t arriving
    from above, on torch's stacking as in exercise 1.
    """

    def variant(**switches):
        return lambda *args: _lstm_step_backward(*args, **switches)

    mistakes = [
        Mistake(
            variant(cell_path=False),
            "going back to c_{t-1}, the cell's gradient is "
            "multiplied by f_t (c_t = f_t * c_{t-1} + ...).",
        ),
        Mistake(
            variant(via_h=False),
            "c_t also reaches the loss through h_t = o_t * tanh(c_t): "
            "add that part of dh to dc before going further.",
        ),
        Mistake(
            variant(tanh_slope=False),
            "the path from h_t into c_t passes tanh: multiply by its slope 1 - tanh(c_t)^2.",
        ),
        Mistake(variant(sig_slope=False), "the slope of a sigmoid s is s * (1 - s), not s."),
        Mistake(
            variant(order="ifog"),
            "the weights are stacked input, forget, candidate, "
            "output: put the gates' gradients in that order before multiplying by W and U.",
        ),
    ]
    return check_function(
        "Exercise 2 (lstm_step_backward_stacked)",
        fn,
        reference=variant(),
        cases=_cases(backward=True),
        mistakes=mistakes,
        hint="write the forward step first, then go back through it line by line, last line first.",
    )


def _number(answer: object) -> float | None:
    """`answer` as a float if it is a real number (not a bool), else None."""
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, Real | np.number):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def check_half_life(answer: object) -> Verdict:
    """Exercise 3: the first step n at which less than half of a stored value is left, with the
    input gate shut and the forget gate at 0.95 at every step."""
    name = "Exercise 3 (the forget gate's half-life)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = _number(answer)
    expected = math.ceil(math.log(0.5) / math.log(0.95))
    if value is not None and value == expected:
        return verdict(True, name, "")
    if value is not None and not value.is_integer():
        hint = "a step is a whole number: which is the first step where less than half is left?"
    elif value == expected - 1:
        hint = "at that step a little more than half is still there; check 0.95**n."
    else:
        hint = "each step keeps 0.95 of the cell, so after n steps 0.95**n of it is left."
    return verdict(False, name, hint)


def check_forget_bias(answer: object) -> Verdict:
    """Exercise 4: the mean over the units of the forget gate's total bias in the packaged
    LSTM (`load_pretrained('lstm_python').model.rnn`, torch's stacking, two biases)."""
    from rnnlab.scratch.lstm import TORCH_ORDER
    from rnnlab.training.checkpoints import load_pretrained

    rnn = load_pretrained("lstm_python").model.rnn
    H = rnn.hidden_size
    b_ih, b_hh = (b.detach().double().numpy() for b in (rnn.bias_ih_l0, rnn.bias_hh_l0))

    def rows(name: str) -> slice:
        k = TORCH_ORDER.index(name)
        return slice(k * H, (k + 1) * H)

    f = rows("f")
    wrong = [
        (b_ih[f].mean(), "that is bias_ih_l0 alone: torch adds bias_hh_l0 inside the same σ"),
        (b_hh[f].mean(), "that is bias_hh_l0 alone: torch adds bias_ih_l0 inside the same σ"),
        ((b_ih + b_hh).mean(), "that mean runs over all four blocks; take the forget gate's"),
        ((b_ih + b_hh)[rows("i")].mean(), "those rows hold the input gate's bias"),
        ((b_ih + b_hh)[rows("o")].mean(), "those rows hold the output gate's bias"),
        (
            (b_ih + b_hh)[rows("c")].mean(),
            "those rows hold the candidate's bias (block 'c' of TORCH_ORDER; the lecture's"
            " order i, f, o, c~ would put o there)",
        ),
    ]
    return check_number(
        answer,
        "Exercise 4 (the trained forget-gate bias)",
        float((b_ih + b_hh)[f].mean()),
        rtol=1e-4,
        atol=1e-4,
        hint="take the forget gate's block of rows (TORCH_ORDER says which) in both bias"
        " vectors, add them, and average over the units",
        wrong=[(float(value), hint) for value, hint in wrong],
    )


def check_forget_prediction(answer: object) -> Verdict:
    """The prediction before the gate widget: in 'set' mode, one pulse, f = 0.9 and i = o = 1,
    the share of c_3 left in the cell at step 39 is (a) about 90 %, (b) about half,
    (c) about 2 %, (d) nothing, exactly 0. The explanation quotes the widget's numbers (its
    demo cell, worked out here; the tests compare them with compute_gates)."""
    c3 = math.tanh(2.0)  # the widget's candidate tanh(2 x_t) at the pulse x_3 = 1, times i = 1
    c39 = c3 * 0.9**36  # then 36 steps of f = 0.9, with nothing written (x_t = 0)
    why = (
        f"Set f to 0.9: the cell holds c_3 = {c3:.3f} right after the pulse and c_39 = {c39:.3g}"
        f" at the end, {c39 / c3:.1%} of it. Each of the 36 steps in between keeps 0.9 of the"
        f" cell, and the candidate adds nothing after the pulse: 0.9^36 = {0.9**36:.3f}."
    )
    return check_choice(
        answer,
        "Prediction (what f = 0.9 leaves after 36 steps)",
        "c",
        choices="abcd",
        why=why,
        wrong={
            "a": "0.9 is what one step keeps; 36 steps multiply 36 such factors.",
            "b": "half is gone after only a handful of steps at f = 0.9.",
            "d": "a factor below 1 shrinks the cell at every step but never makes it exactly 0.",
        },
    )


def check_settled_cell(answer: object) -> Verdict:
    """Exercise 5 (transfer): where c_t settles on a stream with i_t = 0.5, c~_t = 0.8 and
    f_t = 0.9 at every step (the fixed point of c = f c + i c~)."""
    f, i, cand = 0.9, 0.5, 0.8
    return check_number(
        answer,
        "Exercise 5 (where the cell settles)",
        i * cand / (1 - f),
        rtol=1e-3,
        atol=1e-6,
        hint="once c_t stops changing, c_t = c_{t-1} = c: solve c = f c + i c~ for c",
        wrong=[
            (
                i * cand,
                "that is what one step writes, i c~; the cell keeps most of it and adds more",
            ),
            (i * cand / f, "c - f c = i c~: divide by 1 - f, not by f"),
            (f * i * cand / (1 - f), "that is f c, what is kept of the settled value"),
            (math.tanh(i * cand / (1 - f)), "that is h = tanh(c) with o = 1; the question asks c"),
        ],
    )
