"""The baselines of notebook 11: the linear autoregression and the logistic regression."""

import numpy as np
import pytest

from rnnlab.data.applications import forecast_windows
from rnnlab.models.applications import fit_autoregression, fit_logistic, predict_autoregression


def test_autoregression_recovers_a_linear_recursion():
    z = np.zeros(60)
    z[:2] = 1.0, 2.0
    for t in range(2, 60):
        z[t] = 0.5 + 0.6 * z[t - 1] - 0.2 * z[t - 2] + 0.01 * np.sin(t)
    coef = fit_autoregression(z, 2)
    np.testing.assert_allclose(coef, [-0.2, 0.6, 0.5], atol=0.02)
    xs, ys = forecast_windows(z, 4)
    np.testing.assert_allclose(predict_autoregression(coef, xs), ys, atol=0.05)


def test_autoregression_errors():
    with pytest.raises(ValueError, match="at least"):
        fit_autoregression(np.arange(4.0), 3)
    with pytest.raises(ValueError, match="T >= 3"):
        predict_autoregression(np.zeros(4), np.zeros((2, 1, 1)))


def test_logistic_separates_two_blobs():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1], 50)
    images = rng.normal(size=(100, 8, 8)) * 0.1 + labels[:, None, None]
    model = fit_logistic(images, labels)
    import torch

    with torch.no_grad():
        pred = model(torch.from_numpy(images.reshape(100, -1)).float()).argmax(-1).numpy()
    assert (pred == labels).all()
