import numpy as np

from rnnlab.exercises.rnn_formula import (
    HAND_PARAMS,
    HAND_XS,
    check_h2,
    check_param_count,
    check_whh_uses,
    solution_h2,
    solution_param_count,
)
from rnnlab.scratch import rnn_forward


def test_h2_matches_the_package_rnn():
    params = {**HAND_PARAMS, "W_hy": np.eye(2), "b_y": np.zeros(2)}
    hs, _ = rnn_forward(params, HAND_XS[:, None, :])
    np.testing.assert_allclose(solution_h2(), hs[1, 0])


def test_solutions_are_accepted_and_wrong_answers_are_not():
    assert check_h2([0.3634, 0.9640]) and check_h2(np.array([[0.36340, 0.96403]]))
    assert not check_h2([0.7616, 0.0]) and not check_h2("x") and not check_h2([1, 2, 3])
    assert check_whh_uses(6) and not check_whh_uses(5) and not check_whh_uses(6.0)
    assert solution_param_count() == 50 * 27 + 50 * 50 + 50 + 27 * 50 + 27
    assert check_param_count(solution_param_count()) and not check_param_count(5277 * 1000)


def test_unanswered_gets_a_reminder():
    for check in (check_h2, check_whh_uses, check_param_count):
        verdict = check(...)
        assert not verdict and "not answered yet" in repr(verdict)
