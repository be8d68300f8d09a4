"""Notebook 10's exercise accepts Pearson's r written any way and names the typical mistakes."""

import numpy as np

from rnnlab.analysis.units import correlations
from rnnlab.exercises import what_it_learned as ex


def test_correct_implementations_pass():
    assert ex.check_correlations(correlations)
    assert ex.check_correlations(
        lambda a, f: np.array([np.corrcoef(a[:, k], f)[0, 1] for k in range(a.shape[1])])
    )


def test_mistakes_get_their_hints():
    def stub(acts, feature):
        raise NotImplementedError

    assert "not answered yet" in repr(ex.check_correlations(stub))
    cosine = ex.check_correlations(
        lambda a, f: (a * f[:, None]).sum(0) / np.sqrt((a**2).sum(0) * (f**2).sum())
    )
    assert not cosine and "subtract the means" in repr(cosine)
    signless = ex.check_correlations(lambda a, f: np.abs(correlations(a, f)))
    assert "keep the sign" in repr(signless)
    assert "shape" in repr(ex.check_correlations(lambda a, f: correlations(a, f)[:1]))
    assert "Hint" in repr(ex.check_correlations(lambda a, f: a.mean(0)))


def test_nothing_public_is_a_solution():
    assert [n for n in dir(ex) if not n.startswith("_")] == [
        "Mistake", "Verdict", "annotations", "check_correlations", "check_function", "check_number",
        "check_union_r", "math", "np",
    ]  # fmt: skip


def test_union_r_matches_the_formula_on_a_text():
    rng = np.random.default_rng(0)
    kind = rng.choice(3, size=200_000, p=[0.8, 0.1, 0.1])  # code, string, comment
    cell, union = (kind == 1).astype(float), (kind > 0).astype(float)
    assert abs(correlations(cell[:, None], union)[0] - 2 / 3) < 5e-3


def test_union_r():
    assert ex.check_union_r(2 / 3) and ex.check_union_r(0.6667)
    for wrong, needle in [
        (1, "cannot be r = 1"),
        (0.5, "share of the union"),
        (0.08, "covariance"),
        (4 / 9, "r²"),
        (-2 / 3, "sign"),
        (0.3, "variance p (1 - p)"),
        ("2/3", "give a number"),
        (True, "give a number"),
        (None, "not answered"),
    ]:
        verdict = ex.check_union_r(wrong)
        assert not verdict and needle in repr(verdict), (wrong, repr(verdict))
