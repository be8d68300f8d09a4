from rnnlab.exercises.schemes import (
    APPLICATIONS,
    SCHEME_NAMES,
    check_bow_ceiling,
    check_decoder_steps,
    check_scheme_map,
    solution_scheme_map,
)
from rnnlab.plots.graphs import SCHEMES


def test_scheme_names_are_the_diagram_names():
    assert set(SCHEME_NAMES) == set(SCHEMES)
    assert set(solution_scheme_map()) == set(APPLICATIONS)


def test_solutions_are_accepted_and_wrong_answers_are_not():
    assert check_scheme_map(solution_scheme_map())
    wrong = {**solution_scheme_map(), "machine translation": "synced"}
    verdict = check_scheme_map(wrong)
    assert not verdict and "machine translation" in repr(verdict)
    assert not check_scheme_map({"image annotation": "one_to_many"})
    assert not check_scheme_map(["one_to_many"])
    assert check_bow_ceiling(0.5) and check_bow_ceiling(50) and not check_bow_ceiling(1.0)
    assert not check_bow_ceiling("half")
    assert check_decoder_steps(6) and not check_decoder_steps(5)


def test_unanswered_gets_a_reminder():
    partial = {**solution_scheme_map(), "video annotation": ...}
    assert "not answered yet" in repr(check_scheme_map(partial))
    for check in (check_scheme_map, check_bow_ceiling, check_decoder_steps):
        verdict = check(...)
        assert not verdict and "not answered yet" in repr(verdict)
