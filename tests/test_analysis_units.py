"""Unit analysis on models and data where the answer is known."""

import numpy as np
import pytest
import torch

from rnnlab.analysis.units import (
    best_unit,
    correlations,
    input_gradient,
    loss_vs_context,
    saturation,
    shift_null,
    trace,
)
from rnnlab.data.python_source import python_features
from rnnlab.data.text import Vocab
from rnnlab.models.char_lm import CharLM

BIG = 30.0


def counter_lstm(vocab: Vocab, H: int = 8, seed: int = 0) -> CharLM:
    """An LSTM whose unit 0 counts open brackets in its cell: c_0 += 1 at '(' and -= 1 at ')'."""
    torch.manual_seed(seed)
    model = CharLM(len(vocab), H, "lstm")
    o, c = vocab.encode("(")[0], vocab.encode(")")[0]
    with torch.no_grad():
        w, u = model.rnn.weight_ih_l0, model.rnn.weight_hh_l0  # (4H, V), (4H, H) rows i f g o
        b = model.rnn.bias_ih_l0
        model.rnn.bias_hh_l0[[0, H, 2 * H, 3 * H]] = 0.0
        for gate in range(4):
            w[gate * H], u[gate * H] = 0.0, 0.0
        w[0, [o, c]], b[0] = 2 * BIG, -BIG  # i: open only at a bracket
        b[H] = BIG  # f: keep everything
        w[2 * H, o], w[2 * H, c], b[2 * H] = BIG, -BIG, 0.0  # g: +1 at '(', -1 at ')'
        b[3 * H] = BIG  # o: always show the cell
    return model.eval()


def bracket_text(rng: np.random.Generator, n: int = 3000) -> str:
    out, depth = [], 0
    while len(out) < n:
        r = rng.random()
        if r < 0.15 and depth < 4:
            out.append("(")
            depth += 1
        elif r < 0.3 and depth > 0:
            out.append(")")
            depth -= 1
        else:
            out.append("a" if rng.random() < 0.5 else " ")
    return "x = " + "".join(out) + ")" * depth + "\n"


def test_correlations_match_numpy_and_handle_constant_units():
    rng = np.random.default_rng(0)
    f = rng.normal(size=500)
    acts = np.stack([2 * f + 1, -f, rng.normal(size=500), np.ones(500)], axis=1)
    r = correlations(acts, f)
    assert r[:2] == pytest.approx([1.0, -1.0]) and r[3] == 0.0
    assert r[2] == pytest.approx(np.corrcoef(acts[:, 2], f)[0, 1])
    assert best_unit(acts, f)[0] in (0, 1)
    with pytest.raises(ValueError, match="acts must be"):
        correlations(acts[:, 0], f)


def test_a_built_bracket_cell_is_found_with_r_near_one_and_random_ones_are_not():
    rng = np.random.default_rng(1)
    text = bracket_text(rng)
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    counted = np.cumsum([{"(": 1, ")": -1}.get(ch, 0) for ch in text])  # open after x_t
    tr = trace(counter_lstm(vocab), ids)
    unit, r = best_unit(tr.c, counted)
    assert unit == 0 and r > 0.999
    assert shift_null(tr.c, counted, rng).max() < 0.9  # shifted, even the counter is far off
    torch.manual_seed(9)
    untrained = trace(CharLM(len(vocab), 8, "lstm").eval(), ids)
    assert np.abs(correlations(untrained.c, counted)).max() < 0.5
    # the tokenizer's depth differs only on the brackets themselves
    unit, r = best_unit(tr.c, python_features(text)["brackets"])
    assert unit == 0 and r > 0.95


def test_trace_matches_torch_and_streams_read_the_pieces_side_by_side():
    vocab = Vocab.from_text("abcdefgh")
    ids = np.random.default_rng(2).integers(0, 8, size=60)
    torch.manual_seed(3)
    for cell in ("rnn", "lstm"):
        model = CharLM(8, 5, cell).eval()
        with torch.no_grad():
            out, _ = model.rnn(
                torch.nn.functional.one_hot(torch.from_numpy(ids), 8).float()[:, None]
            )
        tr = trace(model, ids)
        assert np.allclose(tr.h, out[:, 0].numpy(), atol=1e-6)
        four = trace(model, ids, streams=4)
        assert np.allclose(four.h[15:30], trace(model, ids[15:30]).h, atol=1e-6)
        if cell == "lstm":
            assert np.allclose(tr.gates["o"] * np.tanh(tr.c), tr.h, atol=1e-6)
            assert set(tr.states()) == {"h", "c"}
    assert vocab.encode("a")[0] == 0


def test_saturation_fractions():
    gate = np.array([[0.05, 0.5], [0.95, 0.5], [0.99, 0.92], [0.5, 0.01]])
    left, right = saturation(gate)
    assert left.tolist() == [0.25, 0.25] and right.tolist() == [0.5, 0.25]


def test_without_recurrence_nothing_before_the_last_input_matters():
    torch.manual_seed(4)
    model = CharLM(6, 7, "rnn").eval()
    with torch.no_grad():
        model.rnn.weight_hh_l0.zero_()
    ids = np.random.default_rng(5).integers(0, 6, size=400)
    rng = np.random.default_rng(6)
    grad = input_gradient(model, ids, 10, rng, n_positions=32, warmup=5)
    assert grad.shape == (11,) and grad[0] > 0 and np.all(grad[1:] == 0)
    losses, full = loss_vs_context(model, ids, [1, 4, 16], rng, n_positions=64)
    assert np.allclose(losses, losses[0]) and full == pytest.approx(losses[0])


def test_the_counter_looks_back_through_its_cell():
    text = bracket_text(np.random.default_rng(7), 600)
    vocab = Vocab.from_text(text)
    grad = input_gradient(counter_lstm(vocab), vocab.encode(text), 20, np.random.default_rng(8))
    assert grad[20] > 0


def test_bad_models_and_ids_are_refused():
    with pytest.raises(ValueError, match="one-layer rnn or lstm"):
        trace(CharLM(4, 3, "gru"), np.array([0, 1]))
    with pytest.raises(ValueError, match="ids must be"):
        trace(CharLM(4, 3, "rnn"), np.array([0, 9]))


def test_shift_null_keeps_autocorrelation_that_a_shuffle_destroys():
    """A slow feature and a unit that follows a different slow signal: shifted, they still
    correlate by chance far more than 1/sqrt(T)."""
    t = np.arange(4000)
    feature = (np.sin(t / 150) > 0).astype(float)
    acts = np.stack([np.sin(t / 170 + 1.0), np.cos(t / 90)], axis=1)  # (T, 2)
    null = shift_null(acts, feature, np.random.default_rng(0), shifts=20)
    assert null.shape == (20,) and np.median(null) > 10 / np.sqrt(len(t))
    with pytest.raises(ValueError, match="min_shift"):
        shift_null(acts, feature, np.random.default_rng(0), min_shift=2000)
