"""Highlighted text is exact HTML of the text; the picker and the text box redraw on change."""

import html
import re

import numpy as np
import pytest
import torch

from rnnlab.data.text import Vocab
from rnnlab.models.char_lm import CharLM
from rnnlab.widgets.cell_text import (
    activation_color,
    cell_activations,
    encode_known,
    highlight_html,
    make_cell_picker_widget,
    make_cell_textbox_widget,
)

VOCAB = Vocab.from_text('abc ()"=#\nxy')


def _model(cell="lstm"):
    torch.manual_seed(0)
    return CharLM(len(VOCAB), 6, cell).eval()


def _plain(page: str) -> str:
    return html.unescape(re.sub("<[^>]+>", "", page))  # the text a reader sees


def test_colours_run_from_blue_through_white_to_red():
    assert activation_color(0.0) == "transparent"
    assert activation_color(1.0).startswith("rgba(220,40,40,0.85")
    assert activation_color(-2.0, scale=2.0).startswith("rgba(40,90,220,0.85")
    assert activation_color(5.0) == activation_color(1.0)  # clipped


def test_highlight_keeps_the_text_escaped_and_merges_runs():
    text = 'a<b\n"&'
    out = highlight_html(text, np.array([1.0, 1.0, 0.0, 0.0, -1.0, -1.0]), title="h[3]")
    assert "a&lt;" in out and "&quot;&amp;" in out and "h[3]" in out
    assert out.count("<span") == 3 and _plain(out).endswith(text)
    with pytest.raises(ValueError, match="acts must be"):
        highlight_html(text, np.zeros(3))


def test_cell_activations_pick_one_unit_and_unknown_characters_read_as_spaces():
    model = _model()
    acts = cell_activations(model, VOCAB, 'x = "a"', "c", 2)
    assert acts.shape == (7,)
    assert np.array_equal(encode_known(VOCAB, "aQb"), VOCAB.encode("a b"))
    with pytest.raises(ValueError, match="no cell state"):
        cell_activations(_model("rnn"), VOCAB, "ab", "c", 0)
    with pytest.raises(ValueError, match="unit must be below"):
        cell_activations(model, VOCAB, "ab", "h", 6)


def test_the_picker_and_the_text_box_redraw_when_changed():
    model = _model()
    picker = make_cell_picker_widget(model, VOCAB, "abc (xy)\n", "c", 0)
    before = picker.html
    picker.unit.value = 3
    assert picker.html != before and "c[3]" in picker.html
    picker.state.value = "h"
    assert "h[3]" in picker.html
    box = make_cell_textbox_widget(model, VOCAB, "c", 1, 'a = "b"')
    assert box.acts.shape == (7,)
    box.box.value = 'x = "abc" # y'
    assert box.acts.shape == (13,) and 'x = "abc" # y' in _plain(box.view.value)
    box.box.value = ""
    assert box.view.value == ""
