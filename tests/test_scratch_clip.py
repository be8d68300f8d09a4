"""Norm and value clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_."""

import numpy as np
import pytest
import torch

from rnnlab.scratch.clip import clip_by_norm, clip_by_value, global_norm


def grads(seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    return {"W_hh": scale * rng.normal(size=(4, 4)), "b_h": scale * rng.normal(size=4)}


def torch_params(g):
    params = []
    for value in g.values():
        p = torch.zeros(value.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.from_numpy(value.copy())
        params.append(p)
    return params


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 4.0, 1e3])
@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e4])
def test_clip_by_norm_matches_torch(max_norm, scale):
    g = grads(scale=scale)
    clipped, total = clip_by_norm(g, max_norm)
    params = torch_params(g)
    ref_total = torch.nn.utils.clip_grad_norm_(params, max_norm)
    assert total == pytest.approx(ref_total.item(), rel=1e-12)
    for (key, value), p in zip(clipped.items(), params, strict=True):
        np.testing.assert_allclose(value, p.grad.numpy(), rtol=1e-12, atol=0, err_msg=key)
    assert global_norm(clipped) <= max_norm * (1 + 1e-12)


def test_clip_by_norm_keeps_direction_and_leaves_small_grads_alone():
    g = grads()
    norm = global_norm(g)
    clipped, _ = clip_by_norm(g, norm / 4)
    for key in g:
        np.testing.assert_allclose(clipped[key] * 4, g[key], rtol=1e-5)
    unchanged, total = clip_by_norm(g, 10 * norm)
    assert total == pytest.approx(norm)
    for key in g:
        np.testing.assert_allclose(unchanged[key], g[key], rtol=1e-15)
    assert g["b_h"] is not unchanged["b_h"]  # a new array, the input is untouched


@pytest.mark.parametrize("clip_value", [0.05, 0.5, 5.0])
def test_clip_by_value_matches_torch(clip_value):
    g = grads()
    clipped = clip_by_value(list(g.values()), clip_value)
    params = torch_params(g)
    torch.nn.utils.clip_grad_value_(params, clip_value)
    assert isinstance(clipped, list)
    for value, p in zip(clipped, params, strict=True):
        np.testing.assert_array_equal(value, p.grad.numpy())


def test_global_norm_is_the_norm_of_everything():
    g = grads()
    flat = np.concatenate([v.ravel() for v in g.values()])
    assert global_norm(g) == pytest.approx(np.linalg.norm(flat), rel=1e-14)
    assert global_norm([]) == 0.0


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), "x"])
def test_thresholds_must_be_positive(bad):
    with pytest.raises(ValueError, match="max_norm must be a positive"):
        clip_by_norm(grads(), bad)
    with pytest.raises(ValueError, match="clip_value must be a positive"):
        clip_by_value(grads(), bad)


def test_grads_container_is_checked():
    with pytest.raises(ValueError, match="grads must be a dict or list of arrays, got a single"):
        clip_by_norm(np.ones(3), 1.0)
    with pytest.raises(ValueError, match="grads must be a dict or list of arrays, got int"):
        clip_by_value(3, 1.0)
