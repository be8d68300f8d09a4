"""Exercises of notebook 10 (what did the network learn?)."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict

__all__ = ["check_correlations"]


def _cases(rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Fresh (acts (T, H), feature (T,)) pairs: a binary and a counting feature, offset units."""
    cases = []
    for T, H, binary in ((50, 4, True), (80, 6, False), (30, 1, True)):
        feature = rng.integers(0, 2, T) if binary else rng.integers(0, 9, T)
        feature = feature.astype(np.float64)
        acts = rng.normal(size=(T, H)) + 3.0  # nonzero means: centring matters
        acts[:, 0] += rng.uniform(-2, 2) * feature  # one unit that follows the feature
        cases.append((acts, feature))
    return cases


def check_correlations(fn: object) -> Verdict:
    """Exercise 1: correlations(acts (T, H), feature (T,)) -> Pearson's r of each unit, (H,)."""

    def reference(acts, feature):
        a = acts - acts.mean(axis=0)
        f = feature - feature.mean()
        return (a * f[:, None]).sum(axis=0) / np.sqrt((a**2).sum(axis=0) * (f**2).sum())

    def cosine(acts, feature):
        return (acts * feature[:, None]).sum(axis=0) / np.sqrt(
            (acts**2).sum(axis=0) * (feature**2).sum()
        )

    def covariance(acts, feature):
        return ((acts - acts.mean(axis=0)) * (feature - feature.mean())[:, None]).mean(axis=0)

    def absolute(acts, feature):
        return np.abs(reference(acts, feature))

    def sample_std(acts, feature):  # 1/T above the line, 1/(T - 1) below it
        a, f = acts - acts.mean(axis=0), feature - feature.mean()
        return (a * f[:, None]).mean(axis=0) / (acts.std(axis=0, ddof=1) * feature.std(ddof=1))

    mistakes = [
        Mistake(cosine, "subtract the means first: without centring this is a cosine, not r"),
        Mistake(covariance, "divide by both standard deviations, so that r lies in [-1, 1]"),
        Mistake(absolute, "keep the sign: a cell that is low inside strings has r < 0"),
        Mistake(sample_std, "use the same normalisation (1/T or 1/(T-1)) above and below the line"),
    ]
    return check_function(
        "Exercise 1 (correlations)",
        fn,
        reference=reference,
        cases=_cases(np.random.default_rng()),
        mistakes=mistakes,
        hint="centre each column of acts and the feature, then r = sum(a f) / sqrt(sum a² sum f²)"
        " per unit (axis 0 is time)",
    )
