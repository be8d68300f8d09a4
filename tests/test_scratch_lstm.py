"""The numpy LSTM against torch.nn.LSTM (forward and backward), finite differences, its trace
identities, gate overrides and input errors."""

import numpy as np
import pytest
import torch

from rnnlab.analysis.gradcheck import gradient_check, numerical_gradient, relative_error
from rnnlab.models.convert import lstm_from_torch, lstm_to_torch
from rnnlab.scratch.lstm import (
    LSTM_KEYS,
    TORCH_ORDER,
    TRACE_KEYS,
    init_lstm_params,
    lstm_backward,
    lstm_forward,
    lstm_step,
    lstm_step_backward,
    sigmoid,
)


def make(D=3, H=5, seed=0, forget_bias=0.0):
    return init_lstm_params(D, H, rng=np.random.default_rng(seed), forget_bias=forget_bias)


def torch_run(lstm, xs, state):
    st = None if state is None else tuple(torch.from_numpy(s)[None] for s in state)
    out, (h, c) = lstm(torch.from_numpy(xs), st)
    return out.detach().numpy(), h[0].detach().numpy(), c[0].detach().numpy()


@pytest.mark.parametrize("T,B,D,H", [(1, 1, 1, 1), (1, 3, 4, 5), (7, 2, 3, 6), (25, 4, 8, 16)])
@pytest.mark.parametrize("with_state", [False, True])
def test_forward_matches_torch(T, B, D, H, with_state):
    rng = np.random.default_rng(1)
    params = make(D, H, forget_bias=1.0)
    xs = rng.normal(size=(T, B, D))
    state = (rng.normal(size=(B, H)), rng.normal(size=(B, H))) if with_state else None
    hs, trace = lstm_forward(params, xs, state)
    out, h_last, c_last = torch_run(lstm_to_torch(params), xs, state)
    np.testing.assert_allclose(hs, out, atol=1e-10, rtol=0)
    np.testing.assert_allclose(hs[-1], h_last, atol=1e-10, rtol=0)
    np.testing.assert_allclose(trace["cell"][-1], c_last, atol=1e-10, rtol=0)


def test_from_torch_reads_a_torch_lstm_and_sums_its_biases():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(4, 6, dtype=torch.float64)
    params = lstm_from_torch(lstm)
    H = 6
    forget_rows = slice(H, 2 * H)  # torch order: input, forget, cell, output
    expected_b_f = (lstm.bias_ih_l0 + lstm.bias_hh_l0)[forget_rows].detach().numpy()
    np.testing.assert_allclose(params["b_f"], expected_b_f)
    np.testing.assert_allclose(params["W_o"], lstm.weight_ih_l0[3 * H :].detach().numpy())
    np.testing.assert_allclose(params["U_c"], lstm.weight_hh_l0[2 * H : 3 * H].detach().numpy())
    xs = np.random.default_rng(2).normal(size=(9, 3, 4))
    hs, _ = lstm_forward(params, xs)
    out, _, _ = torch_run(lstm, xs, None)
    np.testing.assert_allclose(hs, out, atol=1e-10, rtol=0)
    again = lstm_from_torch(lstm_to_torch(params))
    for key in LSTM_KEYS:
        np.testing.assert_allclose(again[key], params[key], atol=1e-15)


def test_from_torch_accepts_float32_and_bias_free():
    torch.manual_seed(0)
    params = lstm_from_torch(torch.nn.LSTM(2, 3, bias=False))
    assert all(params[k].dtype == np.float64 for k in LSTM_KEYS)
    assert not any(params[f"b_{g}"].any() for g in "ifoc")


def test_trace_identities():
    rng = np.random.default_rng(3)
    params = make(D=3, H=4)
    xs = rng.normal(size=(6, 2, 3))
    h0, c0 = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    hs, tr = lstm_forward(params, xs, (h0, c0))
    assert set(tr) == set(TRACE_KEYS)
    assert all(tr[k].shape == (6, 2, 4) for k in TRACE_KEYS)
    c_prev = np.concatenate([c0[None], tr["cell"][:-1]])
    np.testing.assert_allclose(tr["cell"], tr["f"] * c_prev + tr["i"] * tr["c_tilde"], atol=1e-14)
    np.testing.assert_allclose(hs, tr["o"] * np.tanh(tr["cell"]), atol=1e-14)
    for g in ("i", "f", "o"):
        assert ((tr[g] > 0) & (tr[g] < 1)).all()
    assert (np.abs(tr["c_tilde"]) < 1).all()
    # the first gate by hand, in the lecture's column-vector form
    by_hand = sigmoid(params["W_f"] @ xs[0, 0] + params["U_f"] @ h0[0] + params["b_f"])
    np.testing.assert_allclose(tr["f"][0, 0], by_hand, atol=1e-14)


def test_step_is_one_application_of_forward():
    rng = np.random.default_rng(4)
    params = make()
    xs = rng.normal(size=(4, 2, 3))
    hs, tr = lstm_forward(params, xs)
    h, c = np.zeros((2, 5)), np.zeros((2, 5))
    for t in range(4):
        h, c, gates = lstm_step(params, xs[t], (h, c))
        np.testing.assert_allclose(h, hs[t], atol=1e-14)
        np.testing.assert_allclose(gates["f"], tr["f"][t], atol=1e-14)
    h1, _, _ = lstm_step(params, xs[0])
    np.testing.assert_allclose(h1, hs[0], atol=1e-14)


def test_forget_bias_shifts_only_b_f():
    a, b = make(forget_bias=0.0), make(forget_bias=1.0)
    np.testing.assert_allclose(b["b_f"] - a["b_f"], 1.0)
    for key in LSTM_KEYS:
        if key != "b_f":
            np.testing.assert_array_equal(a[key], b[key])


def test_set_and_scale_gates():
    rng = np.random.default_rng(5)
    params = make(D=2, H=3)
    xs = rng.normal(size=(10, 1, 2))
    c0 = np.ones((1, 3))
    # forget gate held at 1 and input gate at 0: the cell keeps c0 unchanged
    _, tr = lstm_forward(params, xs, (np.zeros((1, 3)), c0), set_gates={"f": 1.0, "i": 0.0})
    np.testing.assert_allclose(tr["cell"], np.ones((10, 1, 3)))
    # output gate closed: h is zero whatever the cell holds
    hs, _ = lstm_forward(params, xs, set_gates={"o": 0.0})
    np.testing.assert_array_equal(hs, 0.0)
    free_hs, free = lstm_forward(params, xs[:1])
    _, half = lstm_forward(params, xs[:1], scale_gates={"i": 0.5})
    np.testing.assert_allclose(half["i"], 0.5 * free["i"], atol=1e-15)


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda p: {k: v for k, v in p.items() if k != "U_f"}, "missing \\['U_f'\\]"),
        (lambda p: {**p, "U_o": np.zeros((5, 4))}, "params\\['U_o'\\] must have shape \\(5, 5\\)"),
        (lambda p: {**p, "b_c": np.zeros(4)}, "params\\['b_c'\\] must have shape \\(5,\\)"),
        (lambda p: {**p, "W_i": np.zeros(5)}, "params\\['W_i'\\] must be \\(H, D\\)"),
    ],
)
def test_bad_params_name_the_key(bad, message):
    with pytest.raises(ValueError, match=message):
        lstm_forward(bad(make()), np.zeros((2, 1, 3)))


@pytest.mark.parametrize(
    "xs, message",
    [
        (np.zeros((2, 3)), "xs must be \\(T, B, D\\), got shape \\(2, 3\\); for a single"),
        (np.zeros((2, 1, 1, 3)), "xs must be \\(T, B, D\\), got shape \\(2, 1, 1, 3\\)"),
        (np.zeros((2, 1, 7)), "expected 3 \\(D, to match params\\['W_i'\\]\\)"),
        (np.zeros((0, 1, 3)), "empty sequence"),
    ],
)
def test_bad_xs_names_the_argument(xs, message):
    with pytest.raises(ValueError, match=message):
        lstm_forward(make(), xs)


def test_bad_state_and_overrides():
    params, xs = make(), np.zeros((3, 2, 3))
    with pytest.raises(ValueError, match="state must be a pair \\(h0, c0\\)"):
        lstm_forward(params, xs, np.zeros((2, 5)))
    with pytest.raises(ValueError, match="state c0 must be \\(B, H\\) = \\(2, 5\\), got shape"):
        lstm_forward(params, xs, (np.zeros((2, 5)), np.zeros((1, 5))))
    with pytest.raises(ValueError, match="set_gates may only name the gates"):
        lstm_forward(params, xs, set_gates={"c": 1.0})
    with pytest.raises(ValueError, match="x_t has size 4 on axis 1"):
        lstm_step(params, np.zeros((2, 4)))


def test_init_and_conversion_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="hidden_size must be an int >= 1, got 0"):
        init_lstm_params(3, 0, rng=rng)
    with pytest.raises(ValueError, match="rng must be a numpy Generator"):
        init_lstm_params(3, 4, rng=0)
    with pytest.raises(ValueError, match="forget_bias must be a finite number"):
        init_lstm_params(3, 4, rng=rng, forget_bias=float("inf"))
    with pytest.raises(ValueError, match="lstm must be a torch.nn.LSTM, got GRU"):
        lstm_from_torch(torch.nn.GRU(2, 3))
    with pytest.raises(ValueError, match="single-layer"):
        lstm_from_torch(torch.nn.LSTM(2, 3, num_layers=2))


# --- the backward pass -----------------------------------------------------------------------


def linear_loss(params, xs, dhs, state):
    """L = sum_t <dhs[t], h_t>: its ∂L/∂h_t from above is exactly dhs[t]."""
    hs, _ = lstm_forward(params, xs, state)
    return float(np.sum(hs * dhs))


def backward_case(T, B, D, H, seed=2):
    rng = np.random.default_rng(seed)
    params = make(D, H, seed=seed, forget_bias=1.0)
    xs, dhs = rng.normal(size=(T, B, D)), rng.normal(size=(T, B, H))
    state = (rng.normal(size=(B, H)), rng.normal(size=(B, H)))
    return params, xs, dhs, state


SHAPES = [(1, 1, 1, 1), (1, 3, 2, 4), (4, 2, 3, 5), (9, 3, 2, 3)]


@pytest.mark.parametrize("T,B,D,H", SHAPES)
def test_backward_matches_torch_autograd(T, B, D, H):
    params, xs, dhs, state = backward_case(T, B, D, H)
    grads, dxs, (dh0, dc0) = lstm_backward(params, xs, dhs, state)
    lstm = lstm_to_torch(params)
    x = torch.from_numpy(xs).requires_grad_()
    h0, c0 = (torch.from_numpy(s)[None].requires_grad_() for s in state)
    out, _ = lstm(x, (h0, c0))
    out.backward(torch.from_numpy(dhs))
    theirs = lstm_from_torch_grads(lstm)
    assert set(grads) == set(LSTM_KEYS)
    for key in LSTM_KEYS:
        assert grads[key].shape == params[key].shape and grads[key].dtype == np.float64
        np.testing.assert_allclose(grads[key], theirs[key], atol=1e-10, rtol=0, err_msg=key)
    np.testing.assert_allclose(dxs, x.grad.numpy(), atol=1e-10, rtol=0)
    np.testing.assert_allclose(dh0, h0.grad[0].numpy(), atol=1e-10, rtol=0)
    np.testing.assert_allclose(dc0, c0.grad[0].numpy(), atol=1e-10, rtol=0)


def lstm_from_torch_grads(lstm):
    """The gradients of a torch LSTM's stacked weights, split into the twelve scratch keys."""
    out = {}
    stacked = [("W", lstm.weight_ih_l0), ("U", lstm.weight_hh_l0), ("b", lstm.bias_ih_l0)]
    for kind, tensor in stacked:
        blocks = np.split(tensor.grad.numpy(), 4, axis=0)
        for g, block in zip(TORCH_ORDER, blocks, strict=True):
            out[f"{kind}_{g}"] = block
    return out


@pytest.mark.parametrize("T,B,D,H", SHAPES)
def test_backward_passes_the_finite_difference_check(T, B, D, H):
    params, xs, dhs, state = backward_case(T, B, D, H, seed=3)
    grads, dxs, (dh0, dc0) = lstm_backward(params, xs, dhs, state)
    errors = gradient_check(lambda p: linear_loss(p, xs, dhs, state), params, grads)
    assert max(errors.values()) < 1e-7, errors
    numeric = {
        "xs": numerical_gradient(lambda v: linear_loss(params, v, dhs, state), xs),
        "h0": numerical_gradient(lambda v: linear_loss(params, xs, dhs, (v, state[1])), state[0]),
        "c0": numerical_gradient(lambda v: linear_loss(params, xs, dhs, (state[0], v)), state[1]),
    }
    for name, analytic in [("xs", dxs), ("h0", dh0), ("c0", dc0)]:
        assert relative_error(analytic, numeric[name]) < 1e-7, name


def test_backward_without_state_and_the_step_backward_agree():
    params, xs, dhs, _ = backward_case(1, 2, 3, 4)
    full = lstm_backward(params, xs, dhs)
    step = lstm_step_backward(params, xs[0], None, dhs[0], np.zeros((2, 4)))
    for key in LSTM_KEYS:
        np.testing.assert_allclose(full[0][key], step[0][key], atol=1e-15)
    np.testing.assert_allclose(full[1][0], step[1], atol=1e-15)
    np.testing.assert_allclose(full[2][1], step[2][1], atol=1e-15)


def test_cell_gradient_is_multiplied_by_the_forget_gate():
    params, xs, _, state = backward_case(1, 2, 3, 4)
    dc = np.random.default_rng(0).normal(size=(2, 4))
    _, _, (_, dc_prev) = lstm_step_backward(params, xs[0], state, np.zeros((2, 4)), dc)
    _, _, gates = lstm_step(params, xs[0], state)
    np.testing.assert_allclose(dc_prev, gates["f"] * dc, atol=1e-15)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda p: lstm_backward(p, np.zeros((3, 2, 3)), np.zeros((3, 2, 4))),
         "dhs must be .* = \\(3, 2, 5\\), got shape \\(3, 2, 4\\)"),
        (lambda p: lstm_backward(p, np.zeros((3, 2, 3)), np.zeros((2, 2, 5))),
         "dhs must be \\(T, B, H\\)"),
        (lambda p: lstm_backward(p, np.zeros((3, 2)), np.zeros((3, 2, 5))),
         "xs must be \\(T, B, D\\)"),
        (lambda p: lstm_backward(p, np.zeros((3, 2, 3)), np.zeros((3, 2, 5)), (np.zeros((2, 5)),)),
         "state must be a pair"),
        (lambda p: lstm_step_backward(p, np.zeros((2, 3)), None, np.zeros((2, 5)), np.zeros(5)),
         "dc must be \\(B, H\\) = \\(2, 5\\), got shape \\(5,\\)"),
        (lambda p: lstm_step_backward(p, np.zeros((2, 4)), None, np.zeros((2, 5)), np.zeros(5)),
         "x_t has size 4 on axis 1"),
    ],
)  # fmt: skip
def test_backward_bad_shapes_name_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call(make())
