import numpy as np

from rnnlab.exercises import vanishing as ex
from rnnlab.scratch import clip_by_norm


def test_steps_to_vanish():
    t = ex.solution_steps_to_vanish()
    assert 0.9**t < 1e-3 <= 0.9 ** (t - 1)
    assert ex.check_steps_to_vanish(t) and not ex.check_steps_to_vanish(t - 1)
    assert "not answered" in repr(ex.check_steps_to_vanish(...))


def test_norm_after():
    assert ex.check_norm_after(1.05**100)
    assert not ex.check_norm_after(0.95**100)
    assert not ex.check_norm_after("x")


def test_clipped_matches_clip_by_norm():
    clipped, total = clip_by_norm([np.array([3.0, 4.0]), np.array([12.0])], 1.3)
    assert total == 13.0
    assert ex.check_clipped(clipped)
    assert ex.check_clipped(ex.solution_clipped())
    assert not ex.check_clipped([[3, 4], [12]])
    assert not ex.check_clipped(5)


def test_sigmoid_bound():
    assert ex.check_sigmoid_bound(4) and not ex.check_sigmoid_bound(1)
