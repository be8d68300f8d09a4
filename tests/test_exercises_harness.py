"""The implementation-exercise checker: verdicts for right, unanswered, broken and known-wrong."""

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function, same

CASES = [(np.arange(6.0).reshape(2, 3), 2.0), (np.ones((4, 1)), -1.0)]


def scale(x, a):
    return a * x


def check(fn):
    mistakes = [Mistake(lambda x, a: x, "multiply by a"), Mistake(lambda x, a: a * x.T, "no .T")]
    return check_function("Ex", fn, reference=scale, cases=CASES, mistakes=mistakes, hint="look")


def test_a_correct_function_written_differently_passes():
    verdict = check(lambda x, a: np.multiply(x, a))
    assert verdict.ok and repr(verdict) == "Ex: correct."


def test_placeholders_and_stubs_are_not_answered():
    def stub(x, a):
        raise NotImplementedError

    for fn in (None, ..., stub):
        assert "not answered yet" in repr(check(fn)) and not check(fn)


def test_a_known_mistake_gets_its_hint_and_an_unknown_one_the_generic_hint():
    assert repr(check(lambda x, a: x)) == "Ex: not yet. Hint: multiply by a"
    assert repr(check(lambda x, a: x + a)) == "Ex: not yet. Hint: look"


def test_shape_errors_name_both_shapes_and_exceptions_never_escape():
    assert "expected an output of shape (2, 3), got (3, 2)" in repr(check(lambda x, a: a * x.T))
    broken = repr(check(lambda x, a: x @ x))
    assert "raised ValueError" in broken and "(2, 3)" in broken
    assert "pass the function itself, not int" in repr(check(3))


def test_the_students_function_cannot_change_the_cases():
    def sneaky(x, a):
        x *= 0
        return a * x

    check(sneaky)
    assert CASES[0][0][1, 2] == 5.0


def test_same_compares_nested_outputs():
    assert same({"a": (1.0, np.ones(2))}, {"a": (1.0, np.ones(2))})
    assert not same({"a": 1.0}, {"b": 1.0}) and not same((1.0,), (1.0, 2.0))
    assert not same("text", 1.0)


def test_a_shape_error_that_a_known_mistake_makes_carries_its_hint():
    text = repr(check(lambda x, a: a * x.T))
    assert "expected an output of shape (2, 3), got (3, 2); no .T" in text


def test_an_exception_that_a_known_mistake_raises_carries_its_hint():
    cases = [(np.ones((2, 2)), np.ones((2, 2))), (np.ones((2, 3)), np.ones((3, 4)))]

    def check_matmul(fn):
        mistakes = [Mistake(lambda a, b: a @ b.T, "use b, not b.T")]
        return check_function("M", fn, reference=lambda a, b: a @ b, cases=cases,
                              mistakes=mistakes, hint="multiply")  # fmt: skip

    text = repr(check_matmul(lambda a, b: a @ b.T))
    assert "raised ValueError" in text and text.endswith("; use b, not b.T")
    assert "use b" not in repr(check_matmul(lambda a, b: a[5]))  # an unrelated crash
