import pytest

from rnnlab.plots.graphs import SCHEMES, plot_scheme, plot_schemes, plot_unrolled


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize("T", [1, 2, 5, 7])
def test_unrolled_graph_has_every_node_and_labelled_edge(T):
    labels = texts(plot_unrolled(T, folded=False))
    for t in range(1, T + 1):
        for kind in "xhs":  # inputs, states and the scores s_t
            assert f"${kind}_{{{t}}}$" in labels
    assert "$h_0$" in labels
    assert labels.count("$W_{hh}$") == T
    assert labels.count("$W_{xh}$") == T and labels.count("$W_{hy}$") == T


def test_long_sequences_are_elided_and_folded_form_is_drawn():
    labels = texts(plot_unrolled(50, max_shown=5))
    assert "$x_{1}$" in labels and "$x_{50}$" in labels and "$x_{25}$" not in labels
    assert r"$\cdots$" in labels
    assert "$h_t$" in labels  # the folded loop
    assert "T = 50" in plot_unrolled(50).axes[0].get_title()


@pytest.mark.parametrize("name", list(SCHEMES))
def test_each_scheme_has_its_inputs_and_outputs(name):
    fig = plot_scheme(name)
    _, application, inputs, outputs, n = SCHEMES[name]
    ax = fig.axes[0]
    assert application in ax.get_title()
    assert len(ax.patches) == n + len(inputs) + len(outputs)


def test_the_encoder_decoder_marks_its_two_recurrences_and_feeds_words_back():
    ax = plot_scheme("encoder_decoder").axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels.count("$W_{hh}$") == 2 and labels.count("$U_{hh}$") == 3
    dashed = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None
              and a.arrow_patch.get_linestyle() == "--"]  # fmt: skip
    assert len(dashed) == len(SCHEMES["encoder_decoder"][3]) - 1  # after every word but the last


def test_all_four_schemes_in_one_figure():
    fig = plot_schemes()
    assert len(fig.axes) == 4
    titles = " ".join(ax.get_title() for ax in fig.axes)
    for app in ("image annotation", "sentiment analysis", "machine translation", "video"):
        assert app in titles


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: plot_unrolled(0), "T must be an int >= 1, got 0"),
        (lambda: plot_unrolled(3, max_shown=2), "max_shown must be an int >= 3"),
        (lambda: plot_scheme("two_to_one"), "name must be one of"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
