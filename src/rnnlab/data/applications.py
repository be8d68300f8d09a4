"""Real data for notebook 11: the Mauna Loa CO2 record and the 8x8 UCI handwritten digits.

Both files ship inside this folder (see README.md here for their sources and licences) and are
checked against their sha256 every time they are read, so no notebook needs the network.

- ``co2_mauna_loa_weekly.csv``: weekly mean CO2 (ppm) at Mauna Loa, March 1958 to December
  2001, as statsmodels ships it (public domain); :func:`load_co2` averages it to months, from
  1965 on.
- ``uci_digits_8x8.csv.gz``: the 1,797 8x8 digits of the UCI "Optical Recognition of
  Handwritten Digits" test set, as scikit-learn ships it (CC BY 4.0); :func:`load_digits`.

Forecasting works on windows: :func:`forecast_windows` cuts a series into (window, next value)
pairs, time-major, and :class:`Scaler` is the normalisation and its inverse, kept visible.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnlab._validate import as_array, check_int

__all__ = [
    "CO2_FILE",
    "DIGITS_FILE",
    "DataFileError",
    "load_co2",
    "load_digits",
    "forecast_windows",
    "Scaler",
    "digits_split",
]

HERE = Path(__file__).resolve().parent
CO2_FILE = "co2_mauna_loa_weekly.csv"
DIGITS_FILE = "uci_digits_8x8.csv.gz"
FIRST_YEAR = 1965
_SHA256 = {
    CO2_FILE: "16695fa2786e53414e5a6b54767a3fdf5de99cfbc68617f69d1362d92776a92f",
    DIGITS_FILE: "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22",
}


class DataFileError(RuntimeError):
    """A packaged data file is missing or is not the file rnnlab shipped (its sha256 differs)."""


def _read_checked(name: str) -> bytes:
    path = HERE / name
    if not path.exists():
        raise DataFileError(f"{path} is missing: reinstall rnnlab (pip install -e .)")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != _SHA256[name]:
        raise DataFileError(f"{path} is not the file rnnlab shipped (sha256 differs)")
    return data


@dataclass(frozen=True)
class Series:
    """A monthly series: `values` (N,) and the `year` and `month` (1-12) of each, (N,) each."""

    values: np.ndarray
    year: np.ndarray
    month: np.ndarray

    @property
    def time(self) -> np.ndarray:
        """(N,) the middle of each month in years, e.g. 1958.21 for March 1958."""
        return self.year + (self.month - 0.5) / 12


def load_co2() -> Series:
    """The Mauna Loa CO2 record, monthly: the mean of each month's weekly values (ppm).

    January 1965 to December 2001, 444 months. The file starts in March 1958, but five months
    before 1965 have no weekly value at all (in 1958 and 1964); from 1965 on every month has at
    least one, so nothing is filled in.
    """
    lines = _read_checked(CO2_FILE).decode("ascii").split()[1:]  # skip 'date,co2'
    sums: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        date, value = line.split(",")
        if value and int(date[:4]) >= FIRST_YEAR:
            sums.setdefault((int(date[:4]), int(date[4:6])), []).append(float(value))
    keys = sorted(sums)
    values = np.array([np.mean(sums[k]) for k in keys])
    year, month = (np.array(col) for col in zip(*keys, strict=True))
    if len(keys) != (year[-1] - year[0]) * 12 + month[-1] - month[0] + 1:
        raise DataFileError(f"{CO2_FILE}: a month has no weekly value")
    return Series(values, year, month)


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI digits: images (N, 8, 8) as floats in [0, 1] (the counts 0-16 over 16)
    and labels (N,) ints 0-9. Row r of an image is its r-th row of pixels, top first."""
    text = gzip.decompress(_read_checked(DIGITS_FILE)).decode("ascii")
    table = np.array([[int(v) for v in line.split(",")] for line in text.split()])  # (N, 65)
    return table[:, :64].reshape(-1, 8, 8) / 16.0, table[:, 64]


def digits_split(n: int, n_test: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """A fixed split of n images into (train indices, test indices), the same on every machine
    and for every seed (a permutation drawn with seed 11)."""
    check_int(n_test, "n_test")
    if n_test >= n:
        raise ValueError(f"n_test must be below n = {n}, got {n_test}")
    order = np.random.default_rng(11).permutation(n)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def forecast_windows(series: object, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (window, next value) pair of a 1-D series, time-major.

    series (N,) -> xs (window, M, 1), ys (M,) with M = N - window: column m holds
    series[m : m + window] and its target series[m + window].
    """
    s = as_array(series, "series", dtype=np.float64)
    if s.ndim != 1:
        raise ValueError(f"series must be 1-D (N,), got shape {s.shape}")
    w = check_int(window, "window")
    if len(s) <= w:
        raise ValueError(f"the series must be longer than window = {w}, got {len(s)} values")
    idx = np.arange(len(s) - w)[None, :] + np.arange(w)[:, None]  # (window, M)
    return s[idx][..., None], s[w:]


@dataclass(frozen=True)
class Scaler:
    """Normalisation of windows for a trending series, and its inverse.

    A window is made relative to its own last value and divided by `scale` (the spread of the
    month-to-month changes in the training part), so the network sees the same kind of numbers
    in 1960 and in 2000: x' = (x - x_last) / scale. The target is the next change,
    y' = (y - x_last) / scale, and a prediction y' maps back with y = x_last + scale * y'.
    """

    scale: float

    @classmethod
    def fit(cls, train: object) -> Scaler:
        """The standard deviation of the month-to-month changes of the training series (N,)."""
        s = as_array(train, "train", dtype=np.float64)
        return cls(float(np.std(np.diff(s))))

    def windows(self, xs: np.ndarray) -> np.ndarray:
        """xs (T, B, 1) in the series' units -> (T, B, 1) relative to each window's last value."""
        return (xs - xs[-1:]) / self.scale

    def targets(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """ys (B,) -> the change from each window's last value, in units of `scale`."""
        return (ys - xs[-1, :, 0]) / self.scale

    def inverse(self, xs: np.ndarray, predicted: np.ndarray) -> np.ndarray:
        """The inverse: normalised predictions (B,) -> values in the series' units (B,)."""
        return xs[-1, :, 0] + self.scale * predicted
