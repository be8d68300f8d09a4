"""The temperature/top-k widget: compute and plot directly, extremes, and redraw on change."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from rnnlab.data.text import Vocab
from rnnlab.models.char_lm import CharLM
from rnnlab.scratch.rnn import init_rnn_params
from rnnlab.widgets.sampling import (
    compute_sampling,
    make_sampling_widget,
    plot_sampling,
    prompt_logits,
    show_char,
)

VOCAB = Vocab.from_text("hello world\n")
PARAMS = init_rnn_params(len(VOCAB), 6, len(VOCAB), rng=np.random.default_rng(0))


def test_compute_probs_and_sample():
    data = compute_sampling(PARAMS, VOCAB, "he", temperature=1.0, top_k=3, length=20)
    assert data["probs"].shape == (len(VOCAB),)
    assert np.isclose(data["probs"].sum(), 1.0) and (data["probs"] > 0).sum() == 3
    assert data["sample"].startswith("he") and len(data["sample"]) == 22
    again = compute_sampling(PARAMS, VOCAB, "he", temperature=1.0, top_k=3, length=20)
    assert again["sample"] == data["sample"]  # same seed, same text


def test_numpy_and_torch_models_give_the_same_logits():
    model = CharLM.from_numpy(PARAMS)
    np.testing.assert_allclose(
        prompt_logits(PARAMS, VOCAB, "hello"), prompt_logits(model, VOCAB, "hello"), atol=1e-10
    )
    with pytest.raises(ValueError, match="prompt must be a non-empty str"):
        prompt_logits(PARAMS, VOCAB, "")


@pytest.mark.parametrize("temperature,top_k", [(0.0, 1), (0.0, 9), (3.0, 9), (3.0, 1), (0.05, 2)])
def test_extremes_draw_a_non_empty_plot(temperature, top_k):
    data = compute_sampling(PARAMS, VOCAB, "\n", temperature, top_k, length=300)
    fig = plot_sampling(prompt="\n", temperature=temperature, top_k=top_k, **data)
    assert isinstance(fig, Figure)
    bars = [path for c in fig.axes[0].collections for path in c.get_paths()]  # two sets of V
    assert len(bars) == 2 * len(VOCAB) and max(p.vertices[:, 1].max() for p in bars) > 0
    assert fig.axes[1].texts[0].get_text()


def test_slider_change_redraws():
    panel = make_sampling_widget(CharLM.from_numpy(PARAMS), VOCAB, prompts=("h", "wor"), length=30)
    calls = []
    original = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or original(**kw)
    panel.controls["temperature"].value = 0.0
    panel.controls["top_k"].value = 1
    panel.controls["prompt"].value = "wor"
    assert [c["temperature"] for c in calls] == [0.0, 0.0, 0.0]
    assert calls[-1] == {"prompt": "wor", "temperature": 0.0, "top_k": 1}
    assert panel.static_png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="prompts"):
        make_sampling_widget(PARAMS, VOCAB, prompts=())


def test_the_menu_opens_on_the_initial_prompt():
    panel = make_sampling_widget(PARAMS, VOCAB, prompts=("h", "he", "hel"), initial_prompt="hel")
    assert panel.controls["prompt"].value == "hel"
    assert [v for _, v in panel.controls["prompt"].options] == ["h", "he", "hel"]
    with pytest.raises(ValueError, match="initial_prompt"):
        make_sampling_widget(PARAMS, VOCAB, prompts=("h",), initial_prompt="x")


def test_show_char():
    assert show_char("\n") == "⏎" and show_char(" ") == "␣" and show_char("a") == "a"


def test_defaults_to_the_packaged_checkpoint():
    from rnnlab.widgets.sampling import make_sampling_widget

    panel = make_sampling_widget()
    panel.controls["temperature"].value = 0.5
    assert panel.static_png.startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="model and vocab together"):
        make_sampling_widget(model=panel)


def test_a_draft_frame_writes_the_first_line_of_the_sharp_frames_sample(in_kernel):
    import asyncio

    from rnnlab.widgets import base, sampling

    panel = make_sampling_widget(PARAMS, VOCAB, prompts=("h",), length=300)
    samples = []
    show = panel._show
    text = panel._last_fig.axes[1].texts[0]
    panel._show = lambda png, meta: (samples.append(text.get_text()), show(png, meta))

    async def move():
        panel.controls["temperature"].value = 1.5
        await asyncio.sleep(base.SETTLE_S + 0.2)

    in_kernel(move())
    draft, sharp = samples
    full = compute_sampling(PARAMS, VOCAB, "h", 1.5, len(VOCAB), length=300)["sample"]
    assert sharp == sampling._wrap(full)
    assert draft == sampling._wrap(full[: 1 + sampling.DRAFT_LENGTH])  # the same, fewer
    assert not base.is_draft()  # only while a draft is drawn
