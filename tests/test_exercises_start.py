from rnnlab.exercises.start import check_half_life, solution_half_life


def test_solution_is_accepted_and_wrong_answers_are_not():
    assert solution_half_life() == 7
    assert check_half_life(7)
    assert not check_half_life(6)
    assert not check_half_life("seven")
    assert not check_half_life(7.5)


def test_unanswered_gets_a_reminder():
    verdict = check_half_life(...)
    assert not verdict
    assert "not answered yet" in repr(verdict)
