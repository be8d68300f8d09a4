import numpy as np
import pytest

from rnnlab.scratch.rnn import init_rnn_params, rnn_step
from rnnlab.widgets.recurrence import (
    clean_text,
    compute_recurrence,
    make_recurrence_widget,
    plot_recurrence,
)


def test_states_follow_the_recurrence_one_character_at_a_time():
    run = compute_recurrence("abc", hidden=4, w_hh_scale=0.5, seed=1)
    states = run["states"]
    assert states.shape == (4, 4) and (states[0] == 0).all()
    params = init_rnn_params(27, 4, 1, rng=np.random.default_rng(1))
    params["W_xh"] *= 3.0
    params["W_hh"] *= 0.5
    h = np.zeros((1, 4))
    for t, ch in enumerate("abc", start=1):
        x = np.zeros((1, 27))
        x[0, " abcdefghijklmnopqrstuvwxyz".index(ch)] = 1
        h = rnn_step(params, x, h)
        np.testing.assert_allclose(states[t], h[0], atol=1e-14)


def test_scale_zero_forgets_the_past():
    run = compute_recurrence("xa ya", w_hh_scale=0.0)
    np.testing.assert_allclose(run["states"][2], run["states"][5])  # both just read 'a'


def test_clean_text():
    assert clean_text("Hi, World!") == "hi  world "
    assert len(clean_text("a" * 100)) == 30


@pytest.mark.parametrize("text, t", [("", 0), ("", 5), ("hello", 0), ("hello", 99), ("é!", 1)])
def test_extremes_draw_without_error(text, t):
    run = compute_recurrence(text, w_hh_scale=4.0)
    fig = plot_recurrence(run["text"], run["states"], t)
    assert fig.axes[0].collections and fig.axes[1].patches  # never an empty plot


def test_widget_redraws_on_change():
    panel = make_recurrence_widget()
    calls = []
    draw = panel.draw
    panel.draw = lambda **kw: calls.append(kw) or draw(**kw)
    panel.controls["t"].value = 9
    panel.controls["w_hh_scale"].value = 0.0
    panel.controls["text"].value = ""
    assert [c["t"] for c in calls] == [9, 9, 9] and calls[-1]["text"] == ""
    assert "image/png" in panel._repr_mimebundle_()[0]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: compute_recurrence(5), "text must be a str"),
        (
            lambda: compute_recurrence("a", w_hh_scale=float("inf")),
            "w_hh_scale must be a finite number, got inf",
        ),
        (lambda: compute_recurrence("a", hidden=0), "hidden_size must be an int >= 1"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_first_character_fades_faster_with_a_smaller_w_hh():
    from rnnlab.widgets.recurrence import (
        compute_first_char_influence,
        plot_first_char_influence,
    )

    influence = compute_first_char_influence("the cat sat on the mat", "a", [0.0, 0.5, 2.0])
    assert influence[0.0][0] > 0 and (influence[0.0][1:] == 0).all()  # no W_hh: no memory
    assert influence[0.5][10] < influence[2.0][10]
    assert plot_first_char_influence(influence).axes[0].lines
    with pytest.raises(ValueError, match="other must be a single character"):
        compute_first_char_influence("abc", "xy", [1.0])
    with pytest.raises(ValueError, match="text must hold at least one character"):
        compute_first_char_influence("", "x", [1.0])
