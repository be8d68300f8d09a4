"""Temperature and top-k: the next-character distribution after a prompt, and a sample.

Sliders set the temperature (0 = argmax) and top-k (V = no cut); a dropdown picks the prompt.
The bars show p = softmax(s / τ) over the most likely characters after the prompt, the
text below is what the model writes from that prompt with those settings (same seed each time,
so only the settings change it). While a slider moves, the draft frame writes the start of
that text; the whole text follows when the slider rests.
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from rnnlab.data.text import Vocab
from rnnlab.generation import generate, next_char_probs
from rnnlab.plots import style
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel, is_draft

__all__ = [
    "prompt_logits",
    "compute_sampling",
    "plot_sampling",
    "SamplingFigure",
    "make_sampling_widget",
    "show_char",
]


DRAFT_LENGTH = 60  # characters sampled for a draft frame: two thirds of the sample's first line


def show_char(c: str) -> str:
    """A printable label for a character: newline as ⏎, space as ␣."""
    return {"\n": "⏎", " ": "␣", "\t": "⇥"}.get(c, c)


def prompt_logits(model, vocab: Vocab, prompt: str) -> np.ndarray:
    """The logits (V,) for the character after `prompt`, from a numpy RNN or a torch CharLM."""
    if not isinstance(prompt, str) or not prompt:
        raise ValueError(f"prompt must be a non-empty str, got {prompt!r}")
    ids = vocab.encode(prompt)
    if isinstance(model, dict):
        from rnnlab.scratch.rnn import rnn_forward

        _, logits = rnn_forward(model, np.eye(len(vocab))[ids][:, None, :])
        return logits[-1, 0].copy()  # s_t after the last character of the prompt
    import torch

    with torch.no_grad():
        logits, _ = model.eval()(torch.as_tensor(ids)[:, None])
    return logits[-1, 0].double().numpy()


def compute_sampling(
    model,
    vocab: Vocab,
    prompt: str,
    temperature: float,
    top_k: int,
    length: int = 120,
    seed: int = 0,
    logits: np.ndarray | None = None,
) -> dict[str, object]:
    """The distribution after `prompt` and a sample of `length` characters.

    Returns {"symbols": tuple of V characters, "probs" (V,), "probs_t1" (V,) the distribution at
    temperature 1 without a cut (for reference), "sample": str}. top_k >= V means no cut.
    Pass precomputed `logits` (V,) to skip reading the prompt again.
    """
    logits = prompt_logits(model, vocab, prompt) if logits is None else np.asarray(logits)
    k = None if top_k >= len(vocab) else int(top_k)
    probs = next_char_probs(logits, temperature, k)
    sample = generate(model, vocab, prompt, length, temperature, k, rng=np.random.default_rng(seed))
    return {
        "symbols": vocab.symbols,
        "probs": probs,
        "probs_t1": next_char_probs(logits, 1.0),
        "sample": sample,
    }


def _wrap(sample: str) -> str:
    """At most 8 lines of 90 characters; keeps the newlines the model wrote."""
    lines = [
        line[i : i + 90]
        for line in sample.replace("\t", " ").split("\n")
        for i in range(0, max(len(line), 1), 90)
    ]
    return "\n".join(lines[:8])


def _bars(n: int, shift: float, heights: np.ndarray, width: float = 0.4) -> np.ndarray:
    """The corners (n, 4, 2) of n bars of `width` centred at 0..n-1 + `shift`, from 0 up."""
    left = np.arange(n) + shift - width / 2
    corners = np.zeros((n, 4, 2))
    corners[:, :, 0] = left[:, None] + np.array([0, 0, width, width])
    corners[:, 1:3, 1] = np.asarray(heights, dtype=float)[:, None]
    return corners


class SamplingFigure:
    """The figure of :func:`plot_sampling` with `n` bar pairs, built once and updated in place."""

    @style.styled
    def __init__(self, n: int) -> None:
        fig, (ax, ax_text) = plt.subplots(
            2, 1, figsize=(style.WIDTH, 6.4), gridspec_kw={"height_ratios": [2.2, 1.6]}
        )
        self.fig, self.ax, self.n = fig, ax, n
        # each set of n bars is one collection: one draw call a frame instead of n patches
        self.t1 = PolyCollection(
            _bars(n, -0.2, np.zeros(n)), color=style.COLORS["muted"], lw=0, label="τ = 1, no cut"
        )
        self.now = PolyCollection(
            _bars(n, 0.2, np.zeros(n)), color=style.COLORS["state"], lw=0, label="these settings"
        )
        ax.add_collection(self.t1, autolim=False)
        ax.add_collection(self.now, autolim=False)
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylim(0, 1.05)
        ax.set_ylabel("p(next char)")
        self.title = ax.set_title("")
        static(ax.legend(loc="upper right"))  # drawn once, not on every move
        ax_text.axis("off")
        self.sample = ax_text.text(0, 1, "", va="top", ha="left", family="monospace")
        self.symbols: list[str] | None = None

    def update(
        self,
        symbols: Sequence[str],
        probs: np.ndarray,
        probs_t1: np.ndarray,
        sample: str,
        prompt: str,
        temperature: float,
        top_k: int,
    ) -> Figure:
        """Show one setting (the arguments of :func:`plot_sampling`); return the same Figure."""
        order = np.argsort(-probs_t1, kind="stable")[: self.n]
        self.t1.set_verts(_bars(len(order), -0.2, probs_t1[order]))
        self.now.set_verts(_bars(len(order), 0.2, probs[order]))
        shown = [show_char(symbols[i]) for i in order]
        if shown != self.symbols:  # new tick labels only when the order changes
            self.ax.set_xticks(np.arange(len(order)), shown)
            self.symbols = shown
        k_text = "all" if top_k >= len(symbols) else str(top_k)
        self.title.set_text(f"after {prompt[-20:]!r}: τ = {temperature:g}, top-k {k_text}")
        self.sample.set_text(_wrap(sample))
        return style.describe(
            self.fig,
            f"Bar chart of the next-character probabilities after {prompt[-20:]!r} at temperature "
            f"τ = {temperature:g} and top-k {k_text}, beside those at τ = 1 without a cut; "
            f"below, a sample: {sample[:60]!r}.",
        )


@style.styled
def plot_sampling(
    symbols: Sequence[str],
    probs: np.ndarray,
    probs_t1: np.ndarray,
    sample: str,
    prompt: str,
    temperature: float,
    top_k: int,
    n_bars: int = 20,
) -> Figure:
    """Bars of p over the n_bars characters most likely at temperature 1, and the sample as text."""
    view = SamplingFigure(min(n_bars, len(symbols)))
    return view.update(symbols, probs, probs_t1, sample, prompt, temperature, top_k)


def _fast_sampler(model):
    """The model to generate with on every move: a one-layer rnn CharLM as its numpy parameters.

    Same function, float64: the numpy loop steps ~4x faster than torch calls, one character at a
    time. Any other model (LSTM, GRU, several layers, numpy params) is used as it is.
    """
    if isinstance(model, dict) or getattr(model, "cell", None) != "rnn":
        return model
    try:
        return model.to_numpy()
    except (ValueError, AttributeError):
        return model


def make_sampling_widget(
    model=None,
    vocab: Vocab | None = None,
    prompts: Sequence[str] = ("\n",),
    length: int = 120,
    temperature: float = 1.0,
    seed: int = 0,
    initial_prompt: str | None = None,
) -> WidgetPanel:
    """Temperature and top-k sliders and a prompt menu over a numpy RNN or a torch CharLM.

    With no model, it uses the packaged Shakespeare checkpoint (and its vocabulary). The menu
    lists `prompts` in their order and opens on `initial_prompt` (one of them; default the
    first), so a notebook can open where its lesson is.
    """
    if (model is None) != (vocab is None):
        raise ValueError("pass model and vocab together, or neither for the packaged checkpoint")
    if model is None:
        from rnnlab.training.checkpoints import load_pretrained

        ckpt = load_pretrained()
        model, vocab = ckpt.model, ckpt.vocab
    if not prompts:
        raise ValueError("prompts must hold at least one prompt")
    if initial_prompt is None:
        initial_prompt = prompts[0]
    elif initial_prompt not in prompts:
        raise ValueError(f"initial_prompt must be one of {list(prompts)!r}, got {initial_prompt!r}")
    cache = {p: prompt_logits(model, vocab, p) for p in prompts}  # read each prompt once
    V = len(vocab)
    sampler = _fast_sampler(model)
    view = SamplingFigure(min(20, V))  # one figure, updated in place on every move

    def draw(prompt: str, temperature: float, top_k: int) -> Figure:
        # a draft (a slider moving) writes the sample's first characters only: the same ones
        # the sharp frame then continues; notebook 05's widget samples and draws 60 of its 240
        n = min(length, DRAFT_LENGTH) if is_draft() else length
        data = compute_sampling(
            sampler, vocab, prompt, temperature, top_k, n, seed, logits=cache[prompt]
        )
        return view.update(
            data["symbols"],
            data["probs"],
            data["probs_t1"],
            data["sample"],
            prompt,
            temperature,
            top_k,
        )

    controls = {
        "prompt": widgets.Dropdown(
            options=[(repr(p), p) for p in prompts], value=initial_prompt, description="prompt"
        ),
        "temperature": widgets.FloatSlider(
            value=temperature, min=0.0, max=3.0, step=0.05, description="temperature"
        ),
        "top_k": widgets.IntSlider(value=V, min=1, max=V, description="top-k"),
    }
    return interactive_panel(controls, draw)
