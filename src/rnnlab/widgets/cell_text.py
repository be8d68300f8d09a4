"""Text coloured by one cell's activation (the famous picture), a cell picker, a live text box.

:func:`highlight_html` is pure: characters and activations in, an HTML string out (red for
positive, blue for negative, white near zero). :func:`cell_activations` reads a text with a
one-layer CharLM and returns one unit of h or c. The two widgets are thin: a state/unit picker
over a fixed text, and a text box where a student types code and watches a cell (the quote cell).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from rnnlab._validate import as_array, check_choice, check_int
from rnnlab.analysis.units import trace
from rnnlab.data.text import Vocab

__all__ = [
    "LEVELS",
    "activation_color",
    "highlight_html",
    "encode_known",
    "cell_activations",
    "CellPicker",
    "CellTextBox",
    "make_cell_picker_widget",
    "make_cell_textbox_widget",
]

LEVELS = 10  # colour steps on each side of zero: coarse enough to merge runs of characters
_SHOW = {"\t": "    "}


def activation_color(value: float, scale: float = 1.0) -> str:
    """The CSS background of an activation: white at 0, red at +scale, blue at -scale."""
    level = int(np.clip(np.round(value / scale * LEVELS), -LEVELS, LEVELS))
    alpha = abs(level) / LEVELS * 0.85
    rgb = "220,40,40" if level > 0 else "40,90,220"
    return f"rgba({rgb},{alpha:.2f})" if level else "transparent"


def highlight_html(text: str, acts: np.ndarray, scale: float | None = None, title: str = "") -> str:
    """HTML of `text` with character t on the colour of acts[t] (acts (T,), T = len(text)).

    `scale` is the activation drawn at full colour (default: the largest |acts|). Neighbouring
    characters of the same colour share one span, so a page of text stays small.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty str, got {text!r:.40}")
    acts = as_array(acts, "acts", dtype=np.float64)
    if acts.shape != (len(text),):
        raise ValueError(f"acts must be (T,) with T = len(text) = {len(text)}, got {acts.shape}")
    scale = (float(np.abs(acts).max()) or 1.0) if scale is None else float(scale)
    colors = [activation_color(a, scale) for a in acts]
    spans, start = [], 0
    for t in range(1, len(text) + 1):
        if t == len(text) or colors[t] != colors[start]:
            chunk = html.escape("".join(_SHOW.get(c, c) for c in text[start:t]))
            spans.append(f'<span style="background:{colors[start]}">{chunk}</span>')
            start = t
    head = (
        f"<div style='font-size:14px;margin-bottom:4px'>{html.escape(title)}</div>" if title else ""
    )
    body = "".join(spans)
    return (
        f"<div>{head}<pre style='font-family:monospace;line-height:1.3;margin:0;"
        f"white-space:pre-wrap'>{body}</pre></div>"
    )


def encode_known(vocab: Vocab, text: str) -> np.ndarray:
    """Ids (T,) of `text`, a character the vocabulary lacks read as a space (or its first id)."""
    fallback = " " if " " in vocab else vocab.symbols[0]
    return vocab.encode("".join(c if c in vocab else fallback for c in text))


def cell_activations(model, vocab: Vocab, text: str, state: str, unit: int) -> np.ndarray:
    """Unit `unit` of state 'h' or 'c' (LSTM only) after each character of `text` -> (T,)."""
    check_choice(state, "state", ("h", "c"))
    check_int(unit, "unit", minimum=0)
    if unit >= model.hidden_size:
        raise ValueError(f"unit must be below H={model.hidden_size}, got {unit}")
    states = trace(model, encode_known(vocab, text)).states()
    if state not in states:
        raise ValueError(f"state must be 'h' for a {model.cell} (it has no cell state c)")
    return states[state][:, unit]


class CellPicker(widgets.VBox):
    """Pick a state (h or c) and a unit; the fixed text is redrawn coloured by that unit.

    Attributes: ``state``, ``unit`` (the controls), ``view`` (an HTML widget), ``html`` (str).
    """

    def __init__(self, model, vocab: Vocab, text: str, state: str = "c", unit: int = 0) -> None:
        self.model, self.vocab, self.text = model, vocab, text
        states = ["h", "c"] if model.cell == "lstm" else ["h"]
        self.states = trace(model, encode_known(vocab, text)).states()  # read once, pick many
        self.state = widgets.ToggleButtons(options=states, value=state, description="state")
        self.unit = widgets.BoundedIntText(
            value=unit, min=0, max=model.hidden_size - 1, description="unit"
        )
        self.view = widgets.HTML()
        super().__init__([widgets.HBox([self.state, self.unit]), self.view])
        self.state.observe(self.redraw, names="value")
        self.unit.observe(self.redraw, names="value")
        self.redraw()

    @property
    def html(self) -> str:
        return self.view.value

    def redraw(self, change: object = None) -> None:
        acts = self.states[self.state.value][:, self.unit.value]
        title = f"{self.state.value}[{self.unit.value}] (red > 0, blue < 0)"
        self.view.value = highlight_html(self.text[: len(acts)], acts, title=title)


class CellTextBox(widgets.VBox):
    """A text box: type code and watch one cell, coloured under it as you type.

    Attributes: ``box`` (the Textarea), ``view`` (HTML widget), ``acts`` (the last activations).
    """

    def __init__(self, model, vocab: Vocab, state: str, unit: int, text: str, scale=None) -> None:
        self.model, self.vocab, self.cell_state, self.cell_unit = model, vocab, state, unit
        self.scale = scale
        self.box = widgets.Textarea(value=text, layout=widgets.Layout(width="95%", height="110px"))
        # room for a few lines: the panel keeps its height while a line is typed or deleted
        self.view = widgets.HTML(layout=widgets.Layout(min_height="120px"))
        self.acts = np.zeros(0)
        super().__init__([self.box, self.view])
        self.box.observe(self.redraw, names="value")
        self.redraw()

    def redraw(self, change: object = None) -> None:
        text = self.box.value
        if not text:
            self.view.value, self.acts = "", np.zeros(0)
            return
        self.acts = cell_activations(self.model, self.vocab, text, self.cell_state, self.cell_unit)
        title = f"{self.cell_state}[{self.cell_unit}] as you type"
        self.view.value = highlight_html(text, self.acts, self.scale, title)


def make_cell_picker_widget(model, vocab: Vocab, text: str, state="c", unit=0) -> CellPicker:
    """The cell picker over `text` for a one-layer CharLM (state 'c' exists for an LSTM only)."""
    return CellPicker(model, vocab, text, state, unit)


def make_cell_textbox_widget(
    model, vocab: Vocab, state: str, unit: int, text: str = 'x = "hello (world)"  # done\n'
) -> CellTextBox:
    """A text box that colours what the student types by unit `unit` of state `state`."""
    return CellTextBox(model, vocab, state, unit, text)
