"""Notebook 10's experiments on small models where the answer is known."""

import numpy as np
import pytest

from rnnlab.data.text import Vocab
from rnnlab.experiments.results.learned import ContextCurve
from rnnlab.experiments.what_it_learned import (
    analysis_text,
    context_curve,
    find_cells,
    gate_saturation,
    samples_as_training_goes,
    untrained_like,
)
from rnnlab.training.config import TrainConfig
from tests.test_analysis_units import bracket_text, counter_lstm


def test_find_cells_finds_the_built_counter_against_chance_and_untrained():
    text = bracket_text(np.random.default_rng(0), 2000)
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    counted = np.cumsum([{"(": 1, ")": -1}.get(ch, 0) for ch in text])
    search = find_cells(counter_lstm(vocab), ids, {"depth": counted}, np.random.default_rng(1),
                        streams=1)  # fmt: skip
    row = search.best("depth")
    assert (row.state, row.unit) == ("c", 0) and row.r > 0.999
    assert row.null_median <= row.null_max < 0.9 and row.beats_chance and row.untrained < 0.5
    assert "| depth | c | 0 | +1.00 |" in search.table()
    with pytest.raises(ValueError, match="no row"):
        search.best("quotes")


def test_analysis_text_adds_the_union_of_string_and_comment(tmp_path):
    (tmp_path / "calendar.py").write_text('x = "s"  # c\n', encoding="ascii")  # a held-out name
    vocab = Vocab.from_text('x = "s"  # c\n')
    feats = analysis_text(vocab, n_chars=100, root=str(tmp_path)).features
    assert list(feats)[:3] == ["string", "comment", "string or comment"]
    assert (feats["string or comment"] == np.maximum(feats["string"], feats["comment"])).all()


def test_the_built_counters_forget_gate_is_always_right_saturated():
    text = bracket_text(np.random.default_rng(2), 500)
    vocab = Vocab.from_text(text)
    model = counter_lstm(vocab, H=4)
    gates = {g.gate: g for g in gate_saturation(model, vocab.encode(text), streams=2)}
    assert gates["f"].right[0] == 1.0 and gates["o"].right[0] == 1.0
    assert gates["i"].left[0] > 0.5 and gates["f"].units_mostly("right") >= 1
    with pytest.raises(ValueError, match="lstm"):
        gate_saturation(untrained_like(model).__class__(len(vocab), 3, "rnn"), vocab.encode(text))


def test_reach_reads_the_curve():
    curve = ContextCurve(
        cell="lstm",
        contexts=np.array([1, 2, 4, 8]),
        loss=np.array([3.0, 2.5, 2.05, 2.0]),
        full=2.0,
        gradient=np.array([1.0, 0.5, 0.1, 0.005]),
    )
    assert curve.reach(0.9) == 4 and curve.reach(1.0) == 8 and curve.gradient_reach(0.01) == 3


def test_context_curve_and_samples_on_a_tiny_model():
    text = bracket_text(np.random.default_rng(3), 3000)
    vocab = Vocab.from_text(text)
    curve = context_curve(counter_lstm(vocab), vocab.encode(text), [1, 4], 6,
                          np.random.default_rng(4), n_positions=16)  # fmt: skip
    assert curve.loss.shape == (2,) and curve.gradient.shape == (7,)
    config = TrainConfig(hidden_size=8, seq_len=8, batch_size=4, minutes=None, max_steps=5)
    rows = samples_as_training_goes(text, config, at=(2, 5), prompt="x = ", length=10)
    assert [r.step for r in rows] == [2, 5] and all(len(r.sample) == 14 for r in rows)


def test_analysis_text_is_held_out_source_with_its_features():
    from rnnlab.data.python_source import load_python_stdlib

    at = analysis_text(Vocab.from_text(load_python_stdlib()), 6000, per_file=2500)
    assert len(at.text) == 6000 and len(at.files) == 3
    assert all(len(v) == 6000 for v in at.features.values())
    assert at.features["column"][at.text.index("\n") + 1] == 0


def test_packaged_models_retrains_with_the_recorded_commands(monkeypatch):
    from rnnlab.experiments import what_it_learned as wil

    calls = []
    monkeypatch.setattr(wil.subprocess, "run", lambda args, check: calls.append(args))
    monkeypatch.setattr(wil, "load_checkpoint", lambda path: path.name)
    assert wil.packaged_models(retrain=True) == ("lstm_python.pt", "rnn_python.pt")
    for args, name in zip(calls, wil.MODELS, strict=True):
        assert args[1:3] == ["-m", "rnnlab.train"] and args[-1] == "--no-progress"
        assert args[args.index("--out") + 1].endswith(f"{name}.pt")
        assert "--hidden" in args  # the rest of the recorded command is kept
