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
