"""claim(): a verdict for students, a failure for the tests."""

import pytest

from rnnlab.claims import ClaimError, claim, strict


def test_a_claim_that_holds_prints_a_tick(capsys, monkeypatch):
    monkeypatch.setenv("RNNLAB_STRICT", "1")
    assert claim(1 < 2, "one is less than two", "by 1") is True
    assert capsys.readouterr().out == "✓ one is less than two (by 1)\n"


def test_a_failed_claim_is_friendly_for_students(capsys, monkeypatch):
    monkeypatch.delenv("RNNLAB_STRICT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert not strict()
    assert claim(False, "the gradient vanishes") is False
    assert "with your settings this does not hold: the gradient vanishes" in capsys.readouterr().out


@pytest.mark.parametrize("env", [("RNNLAB_STRICT", "1"), ("CI", "true")])
def test_a_failed_claim_raises_under_the_tests(monkeypatch, env):
    monkeypatch.delenv("RNNLAB_STRICT", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(*env)
    with pytest.raises(ClaimError, match="the gradient vanishes"):
        claim(False, "the gradient vanishes")


def test_says_must_be_text():
    with pytest.raises(ValueError, match="says must be a non-empty str"):
        claim(True, "")
