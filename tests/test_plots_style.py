import io
import re
from pathlib import Path

import matplotlib.pyplot as plt
import PIL.Image
import pytest

from rnnlab.plots import style

SRC = Path(__file__).resolve().parents[1] / "src" / "rnnlab"


def test_text_and_lines_are_large_enough_and_projector_mode_scales_them():
    rc = style.rc(projector=False)
    sizes = [rc[k] for k in ("font.size", "xtick.labelsize", "ytick.labelsize", "legend.fontsize")]
    assert min(sizes) >= 12 and rc["lines.linewidth"] >= 2
    big = style.rc(projector=True)
    assert big["xtick.labelsize"] >= 16 and big["lines.linewidth"] > rc["lines.linewidth"]
    assert big["figure.figsize"] == rc["figure.figsize"]  # same layout, larger text


def test_projector_mode_from_the_environment(monkeypatch):
    monkeypatch.setitem(style._STATE, "projector", None)
    monkeypatch.setenv("RNNLAB_PROJECTOR", "1")
    assert style.is_projector() and style.rc()["font.size"] == pytest.approx(16)
    monkeypatch.setenv("RNNLAB_PROJECTOR", "0")
    assert not style.is_projector()


def test_one_log_tick_format():
    assert [style.decade_label(v) for v in (1e-3, 1.0, 1e5)] == ["10⁻³", "1", "10⁵"]
    assert style.decade_label(float("inf")) == "" and style.decade_label(0.0) == ""


@style.styled
def _figure():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 2])
    ax.set_title("a title")
    ax.set_xlabel("step t")
    ax.set_ylabel("loss")
    plt.close(fig)
    return fig


def test_render_png_is_sharp_and_carries_its_css_size_and_alt_text():
    fig = _figure()
    png, meta = style.render_png(fig)
    image = PIL.Image.open(io.BytesIO(png))
    assert image.size == (2 * meta["width"], 2 * meta["height"])
    assert meta["width"] == round(style.WIDTH * 72)
    assert meta["alt"] == "Figure with 1 panel: a title, loss against step t"
    assert image.text["Description"] == meta["alt"]
    assert float(image.text["rnnlab:min-text-px"]) == pytest.approx(2 * style.FONT)  # ticks
    tight, tight_meta = style.render_png(fig, tight=True)
    assert PIL.Image.open(io.BytesIO(tight)).size[0] == 2 * tight_meta["width"]


def test_a_described_figure_keeps_its_alt_text():
    fig = style.describe(_figure(), "A rising  line.\n")
    assert style.alt_text(fig) == "A rising line."


def test_styled_figures_get_large_tick_labels_even_when_drawn_outside_the_style():
    fig = _figure()
    fig.canvas.draw()  # outside any style context
    assert style.min_text_pt(fig) >= 12


def test_no_colour_names_outside_the_palette():
    """Colours come from style.COLORS / OKABE_ITO: no red, green, lime or matplotlib tab:
    literals in plots and widgets (the old clipping map put red against green)."""
    pattern = re.compile(r"[\"'](red|green|lime|crimson|tab:\w+|C\d)[\"']")
    found = [
        f"{p.name}: {m.group(0)}"
        for folder in ("plots", "widgets")
        for p in (SRC / folder).glob("*.py")
        if p.name != "style.py"  # the palette itself names Okabe-Ito's bluish green
        for m in pattern.finditer(p.read_text())
    ]
    assert found == []


def test_every_quantity_has_one_colour_from_the_palette():
    palette = set(style.OKABE_ITO.values()) | {style.COLORS["muted"]}
    assert set(style.COLORS.values()) <= palette
    assert style.COLORS["plain"] != style.COLORS["clipped"]
    assert style.COLORS["rnn"] != style.COLORS["lstm"]


def test_the_style_keeps_interactive_mode_switched_on_inside():
    """The inline backend switches interactive mode on when the first figure loads it; a styled
    plot must not switch it off again (later figures would not show)."""
    import matplotlib

    before = matplotlib.rcParams["interactive"]
    try:
        with style.context():
            matplotlib.rcParams["interactive"] = True
        assert matplotlib.rcParams["interactive"] is True
    finally:
        matplotlib.rcParams["interactive"] = before
