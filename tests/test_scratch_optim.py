"""numpy Adam and global-norm clipping against torch."""

import numpy as np
import pytest
import torch

from rnnlab.scratch.clip import clip_by_norm
from rnnlab.scratch.optim import adam_init, adam_update


def test_clip_by_norm_and_adam():
    grads = {"a": np.array([3.0, 4.0]), "b": np.array([0.0])}
    clipped, norm = clip_by_norm(grads, 1.0)
    assert norm == pytest.approx(5.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.8], rtol=1e-6)
    params = {"w": np.array([1.0, -2.0])}
    w_t = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([w_t], lr=0.1)
    state = adam_init(params)
    for _ in range(3):
        g = 2 * params["w"]  # gradient of |w|^2
        adam_update(params, {"w": g}, state, 0.1)
        opt.zero_grad()
        (w_t**2).sum().backward()
        opt.step()
    np.testing.assert_allclose(params["w"], w_t.detach().numpy(), atol=1e-12)
    assert state.t == 3
