"""The check helpers of notebooks 08 and 09 accept the solutions and reject wrong answers."""

import pytest

from rnnlab.exercises import long_memory as ex09
from rnnlab.exercises import lstm as ex08


@pytest.mark.parametrize(
    "check, right, wrongs",
    [
        (ex08.check_memory_left, 0.9**20, [0.9, 0.5, "x", 0.9 * 20]),
        (
            ex08.check_cell_update,
            ex08.solution_cell_update,
            [lambda f, c, i, ct: f * c, lambda f, c, i, ct: 1 / 0, 3.0],
        ),
        (ex08.check_forget_rows, (8, 16), [(0, 8), (16, 24), 8, ["a", "b"]]),
        (ex09.check_adding_baseline, 1 / 6, [1 / 12, 0.0, "?"]),
        (ex09.check_half_memory, 1 / 12, [1 / 6, 0.5]),
        (ex09.check_copy_baseline, 0.125, [0.1, 1.0]),
    ],
)
def test_checks_accept_the_solution_and_reject_wrong_answers(check, right, wrongs):
    ok = check(right)
    assert ok and "correct" in repr(ok)
    for wrong in wrongs:
        verdict = check(wrong)
        assert not verdict and "Hint" in repr(verdict)
    pending = check(...)
    assert not pending and "not answered yet" in repr(pending)


def test_solutions():
    assert ex08.solution_forget_rows(3) == (3, 6)
    assert ex09.solution_copy_baseline(4) == 0.25
