"""The packaged CO2 record and UCI digits: checked reads, windows, the normalisation's inverse."""

import numpy as np
import pytest

from rnnlab.data import applications as app
from rnnlab.data.applications import (
    Scaler,
    digits_split,
    forecast_windows,
    load_co2,
    load_digits,
)


def test_co2_is_monthly_from_1965():
    s = load_co2()
    assert len(s.values) == 444 and (s.year[0], s.month[0]) == (1965, 1)
    assert (s.year[-1], s.month[-1]) == (2001, 12)
    assert 300 < s.values.min() < s.values.max() < 400
    np.testing.assert_allclose(np.diff(s.time), 1 / 12)


def test_digits_shape_and_labels():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert images.min() == 0 and images.max() == 1
    assert set(labels.tolist()) == set(range(10))


def test_a_changed_file_is_refused(tmp_path, monkeypatch):
    (tmp_path / app.CO2_FILE).write_text("date,co2\n19650101,1.0\n")
    monkeypatch.setattr(app, "HERE", tmp_path)
    with pytest.raises(app.DataFileError, match="sha256"):
        load_co2()
    with pytest.raises(app.DataFileError, match="missing"):
        load_digits()


def test_split_is_fixed_and_disjoint():
    train, test = digits_split(100, 30)
    assert len(test) == 30 and len(train) == 70 and not set(train) & set(test)
    np.testing.assert_array_equal(digits_split(100, 30)[1], test)
    with pytest.raises(ValueError, match="n_test must be below"):
        digits_split(10, 10)


def test_windows_are_time_major():
    xs, ys = forecast_windows(np.arange(10.0), 3)
    assert xs.shape == (3, 7, 1) and ys.shape == (7,)
    np.testing.assert_array_equal(xs[:, 2, 0], [2, 3, 4])
    assert ys[2] == 5
    with pytest.raises(ValueError, match="longer than window"):
        forecast_windows(np.arange(3.0), 3)
    with pytest.raises(ValueError, match="1-D"):
        forecast_windows(np.zeros((3, 2)), 1)


def test_scaler_round_trip():
    series = np.cumsum(np.random.default_rng(0).normal(size=50))
    scaler = Scaler.fit(series)
    assert scaler.scale == pytest.approx(np.std(np.diff(series)))
    xs, ys = forecast_windows(series, 5)
    w = scaler.windows(xs)
    np.testing.assert_allclose(w[-1], 0.0)
    np.testing.assert_allclose(scaler.inverse(xs, scaler.targets(xs, ys)), ys)
