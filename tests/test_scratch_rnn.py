"""The numpy RNN against torch.nn.RNN, autograd and finite differences; its input errors."""

import numpy as np
import pytest
import torch

from rnnlab.models.convert import rnn_from_torch, rnn_to_torch
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads, rnn_step


def make(D=3, H=5, V=4, seed=0):
    return init_rnn_params(D, H, V, rng=np.random.default_rng(seed))


@pytest.mark.parametrize(
    "T,B,D,H,V", [(1, 1, 1, 1, 1), (1, 3, 4, 5, 2), (7, 2, 3, 6, 4), (20, 4, 8, 16, 8)]
)
@pytest.mark.parametrize("with_h0", [False, True])
def test_forward_matches_torch(T, B, D, H, V, with_h0):
    rng = np.random.default_rng(1)
    params = make(D, H, V)
    xs = rng.normal(size=(T, B, D))
    h0 = rng.normal(size=(B, H)) if with_h0 else None
    hs, ys = rnn_forward(params, xs, h0)
    rnn, head = rnn_to_torch(params)
    h0_t = None if h0 is None else torch.from_numpy(h0)[None]
    out, h_last = rnn(torch.from_numpy(xs), h0_t)
    np.testing.assert_allclose(hs, out.detach().numpy(), atol=1e-10, rtol=0)
    np.testing.assert_allclose(ys, head(out).detach().numpy(), atol=1e-10, rtol=0)
    np.testing.assert_allclose(hs[-1], h_last[0].detach().numpy(), atol=1e-10, rtol=0)


def test_step_is_one_application_of_the_formula():
    params = make()
    rng = np.random.default_rng(2)
    xs, h0 = rng.normal(size=(4, 2, 3)), rng.normal(size=(2, 5))
    hs, _ = rnn_forward(params, xs, h0)
    h = h0
    for t in range(4):
        h = rnn_step(params, xs[t], h)
        np.testing.assert_allclose(h, hs[t], atol=1e-14)
    by_hand = np.tanh(params["W_hh"] @ h0[0] + params["W_xh"] @ xs[0, 0] + params["b_h"])
    np.testing.assert_allclose(hs[0, 0], by_hand, atol=1e-14)


def test_round_trip_through_torch_sums_the_biases():
    torch.manual_seed(0)
    rnn = torch.nn.RNN(3, 5, dtype=torch.float64)
    head = torch.nn.Linear(5, 4, dtype=torch.float64)
    params = rnn_from_torch(rnn, head)
    expected_bias = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().numpy()
    np.testing.assert_allclose(params["b_h"], expected_bias)
    again = rnn_from_torch(*rnn_to_torch(params))
    for key, value in params.items():
        np.testing.assert_allclose(again[key], value, atol=1e-15)


@pytest.mark.parametrize("T,B", [(1, 1), (6, 3)])
@pytest.mark.parametrize("with_h0", [False, True])
def test_loss_and_grads_match_autograd(T, B, with_h0):
    rng = np.random.default_rng(3)
    params = make(D=4, H=6, V=5)
    xs = rng.normal(size=(T, B, 4))
    targets = rng.integers(0, 5, size=(T, B))
    h0 = rng.normal(size=(B, 6)) if with_h0 else None
    loss, grads, h_last = rnn_loss_and_grads(params, xs, targets, h0)

    tp = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    h = torch.zeros(B, 6, dtype=torch.float64) if h0 is None else torch.from_numpy(h0)
    logits = []
    for t in range(T):
        h = torch.tanh(h @ tp["W_hh"].T + torch.from_numpy(xs[t]) @ tp["W_xh"].T + tp["b_h"])
        logits.append(h @ tp["W_hy"].T + tp["b_y"])
    ref = torch.nn.functional.cross_entropy(
        torch.cat(logits), torch.from_numpy(targets).reshape(-1)
    )
    ref.backward()
    assert loss == pytest.approx(ref.item(), abs=1e-12)
    for key in params:
        np.testing.assert_allclose(grads[key], tp[key].grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(h_last, h.detach().numpy(), atol=1e-14)


def test_loss_and_grads_pass_a_finite_difference_check():
    rng = np.random.default_rng(4)
    params = make(D=3, H=4, V=3)
    xs, targets = rng.normal(size=(5, 2, 3)), rng.integers(0, 3, size=(5, 2))
    _, grads, _ = rnn_loss_and_grads(params, xs, targets)
    eps = 1e-6
    for key, value in params.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            old = value[idx]
            value[idx] = old + eps
            plus = rnn_loss_and_grads(params, xs, targets)[0]
            value[idx] = old - eps
            minus = rnn_loss_and_grads(params, xs, targets)[0]
            value[idx] = old
            numeric[idx] = (plus - minus) / (2 * eps)
        rel = np.abs(numeric - grads[key]).max() / max(np.abs(numeric).max(), 1e-12)
        assert rel < 1e-7, (key, rel)


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda p: {k: v for k, v in p.items() if k != "W_hh"}, "missing \\['W_hh'\\]"),
        (
            lambda p: {**p, "W_hh": np.zeros((5, 4))},
            "params\\['W_hh'\\] must have shape \\(5, 5\\)",
        ),
        (lambda p: {**p, "b_y": np.zeros(3)}, "params\\['b_y'\\]"),
    ],
)
def test_bad_params_name_the_key(bad, message):
    params = bad(make())
    with pytest.raises(ValueError, match=message):
        rnn_forward(params, np.zeros((2, 1, 3)))


@pytest.mark.parametrize(
    "xs, message",
    [
        (np.zeros((2, 3)), "xs must be \\(T, B, D\\), got shape \\(2, 3\\); for a single sequence"),
        (np.zeros((2, 1, 1, 3)), "xs must be \\(T, B, D\\), got shape \\(2, 1, 1, 3\\)"),
        (np.zeros((2, 1, 7)), "expected 3 \\(D, to match params\\['W_xh'\\]\\)"),
        (np.zeros((0, 1, 3)), "empty sequence"),
    ],
)
def test_bad_xs_names_the_argument(xs, message):
    with pytest.raises(ValueError, match=message):
        rnn_forward(make(), xs)


def test_bad_h0_and_targets():
    params = make()
    with pytest.raises(
        ValueError, match="h0 must be \\(B, H\\) = \\(2, 5\\), got shape \\(2, 4\\)"
    ):
        rnn_forward(params, np.zeros((3, 2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="targets must be ids in \\[0, 4\\).*got 4"):
        rnn_loss_and_grads(params, np.zeros((3, 2, 3)), np.full((3, 2), 4))
    with pytest.raises(ValueError, match="targets must be \\(T, B\\) = \\(3, 2\\)"):
        rnn_loss_and_grads(params, np.zeros((3, 2, 3)), np.zeros((2, 3), dtype=int))
    with pytest.raises(ValueError, match="integer ids"):
        rnn_loss_and_grads(params, np.zeros((3, 2, 3)), np.zeros((3, 2)))


def test_init_rejects_bad_sizes_and_rng():
    with pytest.raises(ValueError, match="hidden_size must be an int >= 1, got 0"):
        init_rnn_params(3, 0, 4, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy Generator"):
        init_rnn_params(3, 4, 4, rng=0)
