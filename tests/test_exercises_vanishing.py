"""Notebook 07's checkers: right answers pass, each typical mistake gets its own hint."""

import numpy as np
import pytest

from rnnlab.exercises import vanishing as ex
from rnnlab.scratch.clip import clip_by_norm


def test_nothing_public_is_a_solution():
    assert not [n for n in dir(ex) if n.startswith("solution")]
    assert not hasattr(ex, "clip_by_norm")


def test_steps_to_vanish():
    assert 0.9**66 < 1e-3 <= 0.9**65
    assert ex.check_steps_to_vanish(66) and ex.check_steps_to_vanish(66.0)
    assert ex.check_steps_to_vanish(np.int64(66))
    assert "one step more" in repr(ex.check_steps_to_vanish(65))
    assert "whole numbers" in repr(ex.check_steps_to_vanish(65.56))
    assert not ex.check_steps_to_vanish(True) and not ex.check_steps_to_vanish("66")
    assert "not answered" in repr(ex.check_steps_to_vanish(...))


def test_norm_after():
    assert ex.check_norm_after(1.05**100) and ex.check_norm_after(131.5)
    assert "vanished" in repr(ex.check_norm_after(0.95**100))
    assert "power" in repr(ex.check_norm_after(105))
    assert not ex.check_norm_after("x") and not ex.check_norm_after(True)


def clip_with_torch_semantics(grads, c):
    """Written differently: the scratch reference (which adds torch's 1e-6), list in, list out."""
    clipped, total = clip_by_norm(list(grads), c)
    return tuple(clipped), total


def clip_by_concatenation(grads, c):
    flat = np.concatenate([g.ravel() for g in grads])
    n = np.linalg.norm(flat)
    if n <= c:
        return [g.copy() for g in grads], n
    return [g / n * c for g in grads], n


@pytest.mark.parametrize("right", [clip_with_torch_semantics, clip_by_concatenation])
def test_a_correct_version_written_differently_passes(right):
    assert ex.check_clip_global(right, seed=0)
    assert ex.check_clip_global(right)


def norm(gs):
    return np.sqrt(sum((g**2).sum() for g in gs))


MISTAKES = [
    (lambda gs, c: ([g * min(1, c / np.linalg.norm(g)) for g in gs], norm(gs)), "each array"),
    (lambda gs, c: ([np.clip(g, -c, c) for g in gs], norm(gs)), "clipping by value"),
    (lambda gs, c: ([g * min(1, c / norm(gs)) for g in gs], min(c, norm(gs))), "BEFORE"),
    (lambda gs, c: ([g * c / norm(gs) for g in gs], norm(gs)), "must stay as it is"),
    (
        lambda gs, c: (
            [g * min(1, c / sum(np.linalg.norm(g) for g in gs)) for g in gs],
            sum(np.linalg.norm(g) for g in gs),
        ),
        "not the sum of the arrays' norms",
    ),
    (lambda gs, c: ([g * min(1, c / norm(gs) ** 2) for g in gs], norm(gs) ** 2), "squared"),
    (lambda gs, c: ([g * max(1, c / norm(gs)) for g in gs], norm(gs)), "min, not max"),
]


@pytest.mark.parametrize("wrong, needle", MISTAKES)
def test_each_mistake_gets_its_hint(wrong, needle):
    out = ex.check_clip_global(wrong, seed=5)
    assert not out and needle in repr(out), repr(out)


def test_student_code_never_crashes_the_checker():
    def placeholder(grads, c):
        # YOUR CODE HERE
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_clip_global(placeholder))
    assert "raised" in repr(ex.check_clip_global(lambda gs, c: gs[10]))
    assert "tuple of 2 values" in repr(ex.check_clip_global(lambda gs, c: gs))
    assert "not answered yet" in repr(ex.check_clip_global(...))


def test_eigen_prediction():
    right = ex.check_eigen_prediction("d")
    assert right and "1.05^500 = 3.9e+10" in repr(right)
    assert ex.check_eigen_prediction(" (D) ")
    assert "compound" in repr(ex.check_eigen_prediction("b"))
    assert "cannot pull" in repr(ex.check_eigen_prediction("a"))
    for bad in ("e", "dd", 4, True, None, ["d"]):
        assert not ex.check_eigen_prediction(bad)
    assert "not answered" in repr(ex.check_eigen_prediction(...))


def test_eigen_prediction_quotes_the_widget():
    from rnnlab.widgets.eigen import compute_eigen_dynamics

    at_start = compute_eigen_dynamics([0.5, 0.95, 1.05], 500)["norm_grad"][0]
    assert 1e9 < at_start and f"{at_start:.2g}" in repr(ex.check_eigen_prediction("d"))


@pytest.mark.parametrize(
    "answer, ok, needle",
    [
        (0.75**20, True, ""),
        (0.00317, True, ""),
        (np.float32(0.75**20), True, ""),
        (3.0**20, False, "at most 1/4"),
        (0.25**20, False, "σ_max is 3"),
        (0.75, False, "one step back"),
        (15, False, "a power"),
        (12, False, "not σ_max / γ"),
        (0.5, False, "bound the first by γ"),
        ("0.003", False, "give a number"),
        (float("inf"), False, "give a number"),
        (None, False, "not answered"),
    ],
)
def test_sigmoid_bound(answer, ok, needle):
    verdict = ex.check_sigmoid_bound(answer)
    assert bool(verdict) == ok and needle in repr(verdict), repr(verdict)
