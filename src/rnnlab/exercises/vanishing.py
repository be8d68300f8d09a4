"""Exercises of notebook 07 (vanishing and exploding gradients, clipping).

Numeric: how fast 0.9^t vanishes; the norm of h_100 for three eigenvalues.
Implementation: clipping a list of gradient arrays by their global norm.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, unanswered, verdict

__all__ = ["check_steps_to_vanish", "check_norm_after", "check_clip_global"]


def _number(answer: object) -> float | None:
    """`answer` as a float if it is a real number (bools are not numbers here), else None."""
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, numbers.Real):
        return None
    value = float(answer)
    return value if math.isfinite(value) else None


def check_steps_to_vanish(answer: object, lam: float = 0.9, level: float = 1e-3) -> Verdict:
    """Exercise 1: the first whole t at which lam**t drops below `level`."""
    name = "Exercise 1 (how fast 0.9^t vanishes)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = _number(answer)
    exact = math.log(level) / math.log(lam)  # where lam**t == level
    first = math.floor(exact) + 1  # the first whole t strictly past it
    hint = "take logarithms of λ^t < 10⁻³ (mind the sign: ln 0.9 is negative)"
    if value is None:
        hint = f"give a whole number of steps (int), not {type(answer).__name__}"
    elif value != round(value):
        hint = "steps are whole numbers: which whole t is the first one past your value?"
    elif value == first - 1:
        hint = f"at t = {first - 1}, λ^t is still above the level; one step more"
    return verdict(value == first, name, hint)


def check_norm_after(answer: object, lams=(0.5, 0.95, 1.05), T: int = 100) -> Verdict:
    """Exercise 2: ‖h_T‖ for a symmetric W with eigenvalues `lams` and h_0 with one unit along
    each eigen-direction (within 1%)."""
    name = "Exercise 2 (the norm after 100 steps)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    value = _number(answer)
    lams = np.asarray(lams, dtype=np.float64)
    expected = float(np.sqrt(np.sum(lams ** (2 * T))))
    hint = "in the eigen-coordinates Q h_T each entry is λ_i^T; ‖h_T‖ = ‖Q h_T‖ as Q is orthogonal"
    if value is None:
        hint = f"give a number (int or float), not {type(answer).__name__}"
    elif any(math.isclose(value, lam * T, rel_tol=0.01) for lam in lams):
        hint = "each step multiplies by λ: after T steps that is λ^T, a power, not λ·T"
    elif any(math.isclose(value, lam**T, rel_tol=0.01) for lam in lams[:-1]):
        hint = "that direction has |λ| < 1 and has vanished; which one is left after 100 steps?"
    ok = value is not None and math.isclose(value, expected, rel_tol=0.01)
    return verdict(ok, name, hint)


def _clip_mistakes() -> list[Mistake]:
    """Typical wrong versions of clip_global(grads, m), each with its hint."""

    def norm(grads):
        return float(np.sqrt(sum(float(np.sum(g**2)) for g in grads)))

    def scaled(grads, s):
        return [g * s for g in grads]

    table = [
        (
            lambda gs, m: ([g * min(1.0, m / np.linalg.norm(g)) for g in gs], norm(gs)),
            "you clipped each array by its own norm; the threshold applies to the global norm of"
            " all arrays together, and every array is scaled by the same factor",
        ),
        (
            lambda gs, m: ([np.clip(g, -m, m) for g in gs], norm(gs)),
            "that is clipping by value (each entry to [-max_norm, max_norm]); clip by norm"
            " rescales the whole gradient, keeping its direction",
        ),
        (
            lambda gs, m: (scaled(gs, min(1.0, m / norm(gs))), min(norm(gs), m)),
            "return the norm BEFORE clipping (as torch's clip_grad_norm_ does): it says how large"
            " the gradient really was",
        ),
        (
            lambda gs, m: (scaled(gs, m / norm(gs)), norm(gs)),
            "a gradient whose norm is already at most max_norm must stay as it is: scale by"
            " min(1, max_norm/‖g‖)",
        ),
        (
            lambda gs, m: (
                scaled(gs, min(1.0, m / sum(np.linalg.norm(g) for g in gs))),
                sum(np.linalg.norm(g) for g in gs),
            ),
            "the global norm is sqrt of the sum of ALL squared entries, not the sum of the arrays'"
            " norms",
        ),
        (
            lambda gs, m: (scaled(gs, min(1.0, m / norm(gs) ** 2)), norm(gs) ** 2),
            "that is the squared norm: take the square root of the sum of squares",
        ),
        (
            lambda gs, m: (scaled(gs, max(1.0, m / norm(gs))), norm(gs)),
            "min, not max: clipping only ever shrinks the gradient",
        ),
    ]
    return [Mistake(wrong, hint) for wrong, hint in table]


def check_clip_global(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 3: the student's clip_global(grads, m) -> (clipped, norm).

    grads: a list of arrays of any shapes, max_norm > 0. clipped: the arrays scaled by
    min(1, m / ‖g‖) with ‖g‖ their global L2 norm; norm: ‖g‖ before clipping. Checked on fresh
    random gradients (`seed` fixes them, for tests), some above the threshold and one below.
    """
    name = "Exercise 3 (clip by global norm)"

    def reference(grads, m):
        total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
        return [g * min(1.0, m / total) for g in grads], total

    rng = np.random.default_rng(seed)

    def grads(*shapes, scale=1.0):
        return [rng.normal(size=s) * scale for s in shapes]

    cases = [
        (grads((4, 3), (3,), (2, 2), scale=3.0), 1.0),
        (grads((5,), (5, 5)) + grads((2,), scale=20.0), 5.0),  # one array dominates
        (grads((3, 3), (3,), scale=0.05), 2.0),  # already small: nothing to clip
        (grads((6,), (2, 3), scale=2.0), 0.5),
    ]
    hint = (
        "‖g‖ = sqrt(sum of every squared entry of every array); scale all by min(1, max_norm/‖g‖)"
    )
    return check_function(
        name, fn, reference=reference, cases=cases, mistakes=_clip_mistakes(), hint=hint
    )
