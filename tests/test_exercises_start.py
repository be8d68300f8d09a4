"""Notebook 00's checkers: the growth prediction, powers of λ (code), the half-life of 0.9^t and
the factor that keeps a hundredth over 100 steps (numbers)."""

import numpy as np
import pytest

from rnnlab.exercises import start as ex


def test_a_correct_powers_written_differently_passes():
    def powers(lam, steps):
        out, value = [], 1.0
        for _ in range(steps + 1):
            out.append(value)
            value *= abs(lam)
        return np.array(out)

    assert ex.check_powers(powers)


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda lam, steps: lam ** np.arange(steps + 1), "absolute value"),
        (lambda lam, steps: abs(lam) ** np.arange(1, steps + 1), "start at t = 0"),
        (lambda lam, steps: abs(lam) ** np.arange(1, steps + 2), "first value is |λ|^0 = 1"),
        (lambda lam, steps: abs(lam) * np.arange(steps + 1), "multiplies λ by itself"),
    ],
)
def test_each_typical_mistake_gets_its_hint(wrong, hint):
    for seed in (None, *range(20)):  # on every draw of the cases
        verdict = ex.check_powers(wrong, seed=seed)
        assert not verdict and hint in repr(verdict), seed


def _cases(seed):
    """The cases check_powers draws for `seed`, as the harness receives them."""
    seen = []

    def spy(lam, steps):
        seen.append((lam, steps))
        return np.abs(lam) ** np.arange(steps + 1)

    assert ex.check_powers(spy, seed=seed)
    return seen


def test_the_cases_are_fresh_on_every_call_so_the_graded_ones_are_not_the_visible_ones():
    assert _cases(None) != _cases(None)
    assert _cases(3) == _cases(3) and _cases(3) != _cases(4)
    cases = _cases(None)
    assert any(lam < -1 for lam, _ in cases) and any(-1 < lam < 0 for lam, _ in cases)
    assert any(steps == 0 for _, steps in cases) and any(lam > 1 for lam, _ in cases)


def test_powers_unanswered():
    def powers(lam, steps):
        # YOUR CODE HERE
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_powers(powers))


def test_half_life_accepts_any_numeric_type_and_rejects_bools():
    for answer in (7, 7.0, np.int64(7), np.float32(7.0), np.array(7)):
        assert ex.check_half_life(answer), answer
    for answer in (True, "7", 7.5, 8, None):
        assert not ex.check_half_life(answer), answer
    assert "not below 1/2 yet" in repr(ex.check_half_life(6))
    assert "not answered yet" in repr(ex.check_half_life(...))


def test_growth_prediction_is_a_letter_and_always_explains():
    for answer in ("c", "C", "(c)", " c "):
        assert ex.check_growth_prediction(answer), answer
    for answer in ("a", "b", "d"):
        verdict = ex.check_growth_prediction(answer)
        assert not verdict and "|λ|^50 = 117" in repr(verdict), answer
    assert "|λ|^50 = 117" in repr(ex.check_growth_prediction("c"))
    for answer in (3, "e", "cd", True, 117.0):
        assert "one letter" in repr(ex.check_growth_prediction(answer)), answer
    assert "not answered yet" in repr(ex.check_growth_prediction(...))


def test_memory_factor():
    assert ex.check_memory_factor(0.01 ** (1 / 100)) and ex.check_memory_factor(0.955)
    assert ex.check_memory_factor(np.float32(0.955))
    assert "far below" in repr(ex.check_memory_factor(0.9))
    assert "smaller λ" in repr(ex.check_memory_factor(0.99))
    assert "99%" in repr(ex.check_memory_factor(0.9999))
    assert "0.01^100" in repr(ex.check_memory_factor(0.0))
    for answer in (True, "0.955", None):
        assert not ex.check_memory_factor(answer), answer
