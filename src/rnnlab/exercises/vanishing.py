"""Exercises of notebook 07 (vanishing and exploding gradients, clipping).

A prediction before the eigenvalue widget. Numeric: how fast 0.9^t vanishes; the norm of h_100
for three eigenvalues; the bound on a sigmoid RNN's gradient (transfer). Implementation:
clipping a list of gradient arrays by their global norm.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number, unanswered, verdict

__all__ = [
    "check_eigen_prediction",
    "check_steps_to_vanish",
    "check_norm_after",
    "check_clip_global",
    "check_sigmoid_bound",
]


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


def check_eigen_prediction(answer: object) -> Verdict:
    """The prediction before the widget: with |λ| = 0.5, 0.95, 1.05 and T = 500, the backward
    norm ‖∂h_T/∂h_0‖ (T - t = 500) is (a) below 1, (b) between 1 and 10, (c) between 10^3 and
    10^5, (d) above 10^9. The explanation quotes the widget's numbers (worked out here with
    its fixed Q; the tests compare them with compute_eigen_dynamics)."""
    from rnnlab.analysis.spectral import (
        linear_jacobian_products,
        matrix_with_eigenvalues,
        random_orthogonal,
        spectral_norms,
    )

    lams, T = (0.5, 0.95, 1.05), 500
    Q = random_orthogonal(3, rng=np.random.default_rng(0))  # the widget's fixed eigenvectors
    W, _ = matrix_with_eigenvalues(lams, Q=Q)  # what the widget builds at these slider values
    at_start = float(spectral_norms(linear_jacobian_products(W, T))[0])  # T - t = 500
    powers = np.abs(np.asarray(lams)) ** T  # the dashed lines |λ_i|^500
    tenfold = math.log(10) / math.log(lams[-1])
    why = (
        f"Set T = 500: the right panel ends at ‖∂h_T/∂h_0‖ = {at_start:.2g}, where the dashed"
        f" lines are 1.05^500 = {powers[2]:.2g}, 0.95^500 = {powers[1]:.1g} and 0.5^500 ="
        f" {powers[0]:.1g}. The largest |λ| wins, and 1.05 per step is a factor of 10 every"
        f" {tenfold:.0f} steps: close to 1 is not close enough over 500 steps."
    )
    return check_choice(
        answer,
        "Prediction (‖∂h_T/∂h_0‖ after 500 steps)",
        "d",
        choices="abcd",
        why=why,
        wrong={
            "a": "the directions below 1 vanish; they cannot pull the largest one down.",
            "b": "1.05 is close to 1, but 500 steps compound it.",
            "c": "more than that.",
        },
    )


def check_sigmoid_bound(answer: object) -> Verdict:
    """Exercise 4 (transfer): the bound (γ σ_max)^20 on ‖∂h_T/∂h_{T-20}‖ for a sigmoid RNN whose
    W_hh = 3 Q, Q orthogonal (every singular value 3); γ = 1/4 bounds the sigmoid's slope."""
    gamma, sigma, d = 0.25, 3.0, 20
    return check_number(
        answer,
        "Exercise 4 (a sigmoid RNN's bound)",
        (gamma * sigma) ** d,
        rtol=1e-2,
        atol=0.0,
        hint="each step back multiplies by diag(σ'(a_s)) W_hh: bound the first by γ and the"
        " second by σ_max, then take 20 steps",
        wrong=[
            (sigma**d, "that is the linear RNN's σ_max^20: the sigmoid's slope is at most 1/4"),
            (gamma**d, "W_hh = 3 Q multiplies every direction by 3: σ_max is 3, not 1"),
            (gamma * sigma, "that is one step back; the bound is for 20 of them"),
            (gamma * sigma * d, "20 steps multiply the factor 20 times: a power, not a product"),
            (sigma / gamma, "the slope multiplies: the factor is γ σ_max, not σ_max / γ"),
        ],
    )
