"""Gradient norms against distance: autograd through the hand-stepped recurrence."""

import numpy as np
import pytest
import torch

from rnnlab.analysis.gradient_flow import (
    decay_per_step,
    gradient_norms,
    lstm_cell_gradients,
    lstm_forget_factors,
    rnn_state_gradients,
    rnn_step_factors,
)
from rnnlab.data.memory_tasks import adding_problem
from rnnlab.experiments.gradient_flow import gradient_flow_experiment
from rnnlab.models.convert import lstm_to_torch, rnn_to_torch
from rnnlab.models.memory import MemoryModel
from rnnlab.scratch.lstm import init_lstm_params
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_norms_have_one_value_per_step(cell):
    torch.manual_seed(0)
    model = MemoryModel(cell, 2, 6, 1)
    xs, ys = adding_problem(4, 12, np.random.default_rng(0))
    norms = gradient_norms(model, xs, ys)
    assert norms.shape == (12,) and (norms > 0).all()


def test_rnn_norms_match_a_hand_written_rnn():
    torch.manual_seed(0)
    model = MemoryModel("rnn", 2, 5, 1)
    xs, ys = adding_problem(3, 7, np.random.default_rng(1))
    norms = gradient_norms(model, xs, ys)
    W_ih, W_hh = model.rnn.weight_ih_l0, model.rnn.weight_hh_l0
    b = model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0
    h = torch.zeros(3, 5)
    hs = []
    for x in torch.from_numpy(xs).float():
        h = torch.tanh(x @ W_ih.T + h @ W_hh.T + b)
        h.retain_grad()
        hs.append(h)
    loss = torch.mean((model.head(h)[:, 0] - torch.from_numpy(ys).float()) ** 2)
    loss.backward()
    expected = [g.grad.norm(dim=-1).mean().item() for g in hs]
    np.testing.assert_allclose(norms, expected, rtol=1e-5)


def test_rnn_gradient_shrinks_with_distance_at_init():
    torch.manual_seed(0)
    xs, ys = adding_problem(16, 30, np.random.default_rng(2))
    norms = gradient_norms(MemoryModel("rnn", 2, 16, 1), xs, ys)
    assert norms[0] < 1e-3 * norms[-1]
    assert 0 < decay_per_step(norms) < 1


def test_forget_bias_one_carries_the_gradient_further():
    xs, ys = adding_problem(16, 30, np.random.default_rng(3))
    ratios = {}
    for bias in (0.0, 1.0):
        torch.manual_seed(0)
        norms = gradient_norms(MemoryModel("lstm", 2, 16, 1, forget_bias=bias), xs, ys)
        ratios[bias] = norms[0] / norms[-1]
    assert ratios[1.0] > 10 * ratios[0.0]


def test_experiment_small_returns_all_curves():
    flow = gradient_flow_experiment(seq_len=6, hidden_size=4, train_steps=2, batch_size=4)
    assert set(flow.curves) == {
        "RNN init",
        "RNN trained",
        "LSTM b_f=0 init",
        "LSTM b_f=0 trained",
        "LSTM b_f=1 init",
        "LSTM b_f=1 trained",
    }
    np.testing.assert_array_equal(flow.distance, [5, 4, 3, 2, 1, 0])
    assert all(v.shape == (6,) for v in flow.curves.values())


def test_decay_per_step():
    assert decay_per_step(np.array([0.25, 0.5, 1.0])) == pytest.approx(0.5)
    assert decay_per_step(np.array([0.0, 1.0])) == 0.0
    with pytest.raises(ValueError, match="norms must be a 1-d array of length >= 2"):
        decay_per_step(np.array([1.0]))


def test_bad_inputs():
    model = MemoryModel("lstm", 2, 4, 1)
    with pytest.raises(ValueError, match="xs must be \\(T, B, D\\) with D=2"):
        gradient_norms(model, np.zeros((5, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="ys must be \\(B,\\) = \\(3,\\)"):
        gradient_norms(model, np.zeros((5, 3, 2)), np.zeros(4))
    with pytest.raises(ValueError, match="model must be a rnnlab.models.memory.MemoryModel"):
        gradient_norms(torch.nn.LSTM(2, 4), np.zeros((5, 3, 2)), np.zeros(3))


def torch_state_grads(cell, params, xs, dh_last):
    """‖∂L/∂h_t‖ (RNN) or ‖∂L/∂c_t‖ (LSTM) by autograd, L = <dh_last, h_T>, stepping by hand."""
    module = rnn_to_torch(params)[0] if cell == "rnn" else lstm_to_torch(params)
    T, B, _ = xs.shape
    state = torch.zeros(1, B, module.hidden_size, dtype=torch.float64)
    state = state if cell == "rnn" else (state, state.clone())
    watched = []
    for t in range(T):
        _, state = module(torch.from_numpy(xs[t : t + 1]), state)
        node = state if cell == "rnn" else state[1]
        node.retain_grad()
        watched.append(node)
    h_last = state if cell == "rnn" else state[0]  # (1, B, H), the node the watched ones feed
    (h_last[0] * torch.from_numpy(dh_last)).sum().backward()
    # torch's fused LSTM makes h_T and c_T siblings, so c_T itself gets no .grad: leave it out
    watched = watched if cell == "rnn" else watched[:-1]
    return np.array([w.grad[0].norm(dim=-1).mean().item() for w in watched])


def test_numpy_state_gradients_match_autograd():
    rng = np.random.default_rng(4)
    xs, dh = rng.normal(size=(7, 3, 2)), rng.normal(size=(3, 5))
    rnn = init_rnn_params(2, 5, 1, rng=rng)
    lstm = init_lstm_params(2, 5, rng=rng, forget_bias=1.0)
    ours = {"rnn": rnn_state_gradients(rnn, xs, dh), "lstm": lstm_cell_gradients(lstm, xs, dh)}
    for cell, params in [("rnn", rnn), ("lstm", lstm)]:
        expected = torch_state_grads(cell, params, xs, dh)
        np.testing.assert_allclose(ours[cell][: len(expected)], expected, rtol=1e-10, err_msg=cell)


def test_step_factors():
    rng = np.random.default_rng(5)
    xs = rng.normal(size=(4, 2, 3))
    rnn = init_rnn_params(3, 6, 1, rng=rng)
    hs = rnn_forward(rnn, xs)[0]
    jac = np.diag(1 - hs[2, 1] ** 2) @ rnn["W_hh"]  # ∂h_t/∂h_{t-1} of example 1 at t = 2
    factors = rnn_step_factors(rnn, xs)
    assert factors.shape == (4,)
    single = rnn_step_factors(rnn, xs[:, 1:])
    assert single[2] == pytest.approx(np.linalg.norm(jac, 2))
    f = lstm_forget_factors(init_lstm_params(3, 6, rng=rng), xs)
    assert f.shape == (4, 2, 6) and ((0 < f) & (f < 1)).all()
    with pytest.raises(ValueError, match="dh_last must be \\(B, H\\) = \\(2, 6\\)"):
        rnn_state_gradients(rnn, xs, np.zeros((6,)))
