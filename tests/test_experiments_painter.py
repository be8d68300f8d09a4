import numpy as np
import pytest

from rnnlab.experiments.painter import digit_levels, judge_probs, sample_uniforms, train_painter
from rnnlab.models.painter import LEVELS


@pytest.fixture(scope="module")
def run():
    return train_painter(hidden_size=8, steps=5, per_class=2, temperatures=(0.0, 1.0), seed=0)


def test_levels_and_uniforms():
    levels, labels = digit_levels()
    assert levels.shape == (1797, 8, 8) and levels.min() == 0 and levels.max() == LEVELS - 1
    assert sample_uniforms(4, 3).shape == (8, 3, 8)
    np.testing.assert_array_equal(sample_uniforms(4, 3), sample_uniforms(4, 3))


def test_run_reports_every_measure(run):
    assert run.steps == 5
    assert set(run.recognised) == {0.0, 1.0}
    assert all(0 <= v <= 1 for v in run.recognised.values())
    assert run.recognised_by_class[1.0].shape == (10,)
    assert 0 < run.baseline_nats < np.log(LEVELS) and run.test_nats > 0
    assert run.judge_accuracy > 0.9  # the judge reads real quantised digits well
    assert 0 <= run.baseline_recognised <= 1


def test_judge_probs_are_distributions(run):
    levels, _ = digit_levels()
    p = judge_probs(run.judge_weight, run.judge_bias, levels[:7])
    assert p.shape == (7, 10)
    np.testing.assert_allclose(p.sum(-1), 1.0)


def test_bad_budget_names_the_argument():
    with pytest.raises(ValueError, match="steps"):
        train_painter(steps=0)
    with pytest.raises(ValueError, match="batch"):
        sample_uniforms(0, 0)
