"""The blitter: frames equal to a full draw, backgrounds reused while the axes stay the same."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from rnnlab.plots.style import min_text_pt  # noqa: E402
from rnnlab.widgets._blit import Blitter, background_key, static  # noqa: E402


@pytest.fixture
def plot():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=72, layout="none")
    FigureCanvasAgg(fig)
    (line,) = ax.plot([0, 1, 2], [0, 1, 0], color="tab:blue")
    title = ax.set_title("t = 0")
    ax.set_xlim(-0.5, 2.5)
    ax.set_ylim(-1.5, 1.5)
    ax.set_xlabel("t")
    yield fig, ax, line, title
    plt.close(fig)


def full_frame(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def blit_frame(blitter, fig) -> np.ndarray:
    blitter.draw(fig.canvas)
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_a_reused_background_gives_the_full_draw(plot):
    fig, ax, line, title = plot
    blitter = Blitter()
    for k in range(4):
        line.set_ydata([0, np.sin(k), 0])
        title.set_text(f"t = {k}")
        assert np.array_equal(blit_frame(blitter, fig), full_frame(fig)), k
    assert (blitter.misses, blitter.hits) == (1, 3)


def test_new_limits_draw_a_new_background_and_the_old_one_is_kept(plot):
    fig, ax, line, title = plot
    blitter = Blitter()
    frames = []
    for top in (1.5, 3.0, 1.5, 3.0):
        ax.set_ylim(-1.5, top)
        frames.append(blit_frame(blitter, fig))
        assert np.array_equal(frames[-1], full_frame(fig)), top
    assert (blitter.misses, blitter.hits) == (2, 2)
    assert not np.array_equal(frames[0], frames[1])  # other ticks


def test_new_tick_labels_change_the_key(plot):
    fig, ax, line, title = plot
    before = background_key(fig)
    ax.set_xticks([0, 1, 2], ["a", "b", "c"])
    middle = background_key(fig)
    ax.set_xticks([0, 1, 2], ["a", "b", "d"])
    assert len({before, middle, background_key(fig)}) == 3


def test_a_static_artist_is_drawn_once_into_the_background(plot):
    fig, ax, line, title = plot
    note = ax.text(0, 1, "static note")
    static(note)
    blitter = Blitter()
    first = blit_frame(blitter, fig)
    assert np.array_equal(first, full_frame(fig))
    note.set_text("changed, but static: not redrawn")
    assert np.array_equal(blit_frame(blitter, fig), first)


def test_a_figure_with_a_layout_engine_is_drawn_in_full(plot):
    fig, *_ = plot
    fig.set_layout_engine("constrained")
    blitter = Blitter()
    blitter.draw(fig.canvas)
    assert (blitter.misses, blitter.hits, blitter.key) == (0, 0, None)


def test_min_text_matches_a_walk_over_every_artist(plot):
    fig, ax, line, title = plot
    ax.text(1, 0, "small", fontsize=5)
    blitter = Blitter()
    for _ in range(2):
        blitter.draw(fig.canvas)
        assert blitter.min_text(fig) == min_text_pt(fig) == 5
