"""GlyphCache: text drawn from kept glyphs is pixel-identical to matplotlib's own, and bounded."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402

from rnnlab.widgets._glyphs import SUPPORTED, GlyphCache  # noqa: E402

needs_hooks = pytest.mark.skipif(not SUPPORTED, reason="matplotlib < 3.11 has no glyph hooks")


def _texty_figure(seed: int, dpi: float):
    """Titles, rotated and unhinted labels, bold and mathtext at fractional positions."""
    rng = np.random.default_rng(seed)
    fig = plt.figure(figsize=(4, 2.5), dpi=dpi)
    ax = fig.add_subplot()
    ax.plot(rng.normal(size=8))
    ax.set_title(f"λ = {rng.normal():.3f}, ‖g‖ and $x_t^2$", fontsize=rng.uniform(8, 18))
    ax.set_xlabel("time step t")
    ax.set_ylabel("$h_t$, rotated")
    for k in range(4):
        ax.text(
            rng.uniform(0, 7),
            rng.normal(),
            f"{rng.normal():.4f} ⏎␣",
            rotation=[0, 90, 33.3, 0][k],
            fontsize=rng.uniform(6, 16),
            antialiased=bool(k % 2),
            fontweight=["normal", "bold"][k % 2],
        )
    fig.text(0.5, 0.01, r"$\sqrt{\sum_t x_t}$ and $\frac{1}{2}$", ha="center")
    plt.close(fig)
    return fig


def _pixels(fig, cache: GlyphCache | None) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    if cache is None:
        canvas.draw()
    else:
        with cache.installed(canvas.get_renderer()):
            canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@needs_hooks
@pytest.mark.parametrize("dpi", [72, 100, 144, 200])
def test_text_from_the_cache_is_pixel_identical_to_matplotlibs(dpi):
    cache = GlyphCache()
    for seed in range(3):
        fig = _texty_figure(seed, dpi)
        plain = _pixels(fig, None)
        first, again = _pixels(fig, cache), _pixels(fig, cache)  # glyphs rendered, then kept
        np.testing.assert_array_equal(first, plain)
        np.testing.assert_array_equal(again, plain)
    assert cache.hits > cache.misses > 0


@needs_hooks
def test_a_string_moved_by_a_fraction_of_a_pixel_renders_anew_and_stays_identical():
    cache = GlyphCache()
    fig = plt.figure(figsize=(2, 1), dpi=100)
    label = fig.text(0.1, 0.5, "ab")
    plt.close(fig)
    _pixels(fig, cache)
    misses = cache.misses
    for x in (0.1 + 0.3 / 200, 0.1 + 1 / 200):  # 0.3 px: new glyphs; 1 px: the same, shifted
        label.set_x(x)
        np.testing.assert_array_equal(_pixels(fig, cache), _pixels(fig, None))
    assert cache.misses == misses + 2  # 'a' and 'b' once more, at the new sub-pixel offset


def test_the_caches_are_bounded_and_the_renderer_is_left_as_it_was():
    cache = GlyphCache(glyphs=5, layouts=2)
    fig = _texty_figure(0, 100)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    with cache.installed(renderer):
        canvas.draw()
    assert len(cache.glyphs) <= 5 and len(cache.layouts) <= 2
    assert "draw_text" not in vars(renderer)  # the class's methods again
    assert "_draw_text_glyphs_and_boxes" not in vars(renderer)


def test_a_renderer_that_is_not_agg_draws_as_before():
    cache = GlyphCache()
    other = object()
    with cache.installed(other):
        pass
    assert cache.hits == cache.misses == 0


@needs_hooks
def test_a_layout_call_that_raises_falls_back_to_matplotlibs_own_text(monkeypatch):
    cache = GlyphCache()

    def broken(*args):
        raise TypeError("a matplotlib whose private _layout changed")

    monkeypatch.setattr(cache, "_layout", broken)
    fig = _texty_figure(1, 100)
    np.testing.assert_array_equal(_pixels(fig, cache), _pixels(fig, None))
    assert cache.failed
