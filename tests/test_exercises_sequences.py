from rnnlab.exercises.sequences import (
    check_batch_sizes,
    check_mlp_growth,
    check_padded_shape,
    solution_batch_sizes,
    solution_mlp_growth,
    solution_padded_shape,
)


def test_solutions_are_accepted_and_wrong_answers_are_not():
    assert solution_padded_shape() == (7, 3, 3)
    assert check_padded_shape((7, 3, 3)) and check_padded_shape([7, 3, 3])
    assert not check_padded_shape((3, 7, 3)) and not check_padded_shape("7, 3, 3")
    assert solution_batch_sizes() == [3, 3, 2, 2, 1, 1, 1]
    assert check_batch_sizes([3, 3, 2, 2, 1, 1, 1])
    assert not check_batch_sizes([3, 3, 2, 2]) and not check_batch_sizes([1, 1, 1, 2, 2, 3, 3])
    assert solution_mlp_growth() == 27 * 64
    assert check_mlp_growth(1728) and not check_mlp_growth(1729) and not check_mlp_growth("1728x")


def test_unanswered_gets_a_reminder():
    for check in (check_padded_shape, check_batch_sizes, check_mlp_growth):
        verdict = check(...)
        assert not verdict and "not answered yet" in repr(verdict)
