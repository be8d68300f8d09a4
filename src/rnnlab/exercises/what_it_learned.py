"""Exercises of notebook 10 (what did the network learn?): Pearson's r for every unit, and the
r a perfect string cell reaches against 'string or comment' (transfer)."""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number

__all__ = ["check_correlations", "check_union_r"]


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


def check_union_r(answer: object) -> Verdict:
    """Exercise 3 (transfer): Pearson's r between a perfect string cell (1 inside strings, else
    0) and the feature 'string or comment', on a text with 10 % strings and 10 % comments."""
    strings, comments = 0.1, 0.1  # shares of the characters, never both at once
    union = strings + comments
    cov = strings - strings * union  # E[a φ] - E[a] E[φ], with a φ = a (strings lie in the union)
    r = cov / math.sqrt(strings * (1 - strings) * union * (1 - union))
    return check_number(
        answer,
        "Exercise 3 (a string cell against 'string or comment')",
        r,
        rtol=1e-3,
        atol=1e-4,
        hint="both series are 0/1: write E[a], E[φ] and E[a φ] from the shares, then r ="
        " cov / (std_a std_φ), with variance p (1 - p) for a 0/1 series of mean p",
        wrong=[
            (1.0, "the cell is 0 inside comments, where the feature is 1: it cannot be r = 1"),
            (strings / union, "that is the share of the union that is string, not a correlation"),
            (cov, "that is the covariance; divide by both standard deviations"),
            (r * r, "that is r²; Pearson's r itself is its square root"),
            (-r, "the sign: the cell is high exactly where the feature is high"),
        ],
    )
