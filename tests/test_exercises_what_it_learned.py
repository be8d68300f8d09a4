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
        "Mistake", "Verdict", "annotations", "check_correlations", "check_function", "np",
    ]  # fmt: skip
