"""03_schemes: the four schemes trained on their toy tasks, the parity check and the swap test."""

from claim_specs import Spec, measured
from rnnlab.experiments import scheme_checks, schemes

NB = "03_schemes"


@measured
def trained(seed: int):
    return schemes.run_all_schemes(seed=seed)


@measured
def swapped(seed: int):
    return scheme_checks.swap_test(trained(seed)[1], n=500)


def _parity(results) -> float:
    return max(scheme_checks.numpy_vs_torch(r).max_abs_diff for r in results)


def _same(results) -> bool:
    checks = [scheme_checks.numpy_vs_torch(r) for r in results]
    return all(c.max_abs_diff < 1e-10 and c.same_predictions for c in checks)


SPECS = [
    Spec(
        NB,
        "every scheme learns its task",
        trained,
        lambda rs: min(r.accuracy for r in rs),
        lambda rs: min(r.accuracy for r in rs) > 0.9,
    ),
    Spec(
        NB,
        "the first three baselines stay below 60%",
        trained,
        lambda rs: max(r.baseline_accuracy for r in rs[:3]),
        lambda rs: max(r.baseline_accuracy for r in rs[:3]) < 0.6,
    ),
    Spec(NB, "numpy computes what the trained torch model computes: ", trained, _parity, _same),
    Spec(
        NB,
        "the bag of words gives a review and its swap the same answer",
        swapped,
        lambda s: s.bow_changed,
        lambda s: s.bow_changed == 0.0,
    ),
    Spec(
        NB,
        "the RNN changes its answer when the clauses swap, and is right on the swapped reviews",
        swapped,
        lambda s: min(s.rnn_changed, s.rnn_accuracy_swapped),
        lambda s: s.rnn_changed > 0.95 and s.rnn_accuracy_swapped > 0.95,
    ),
]
