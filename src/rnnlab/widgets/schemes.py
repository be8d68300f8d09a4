"""Many to one, live: type a review and watch the trained RNN change its mind word by word.

The line is the RNN's P(positive) after reading each prefix of the review, that is the output it
would give if the review stopped there; the dashed line is the bag-of-words baseline, which
sees only which words occur. Words outside the task's vocabulary are dropped (and listed).
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from rnnlab.data.schemes import SENTIMENT_VOCAB
from rnnlab.plots import style
from rnnlab.repro import one_thread
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["compute_review_trace", "plot_review_trace", "ReviewFigure", "make_review_widget"]


def compute_review_trace(result: dict, review: str) -> dict[str, object]:
    """P(positive) of the RNN after each known word of `review`, and of the bag of words.

    `result` comes from :func:`rnnlab.experiments.schemes.train_many_to_one`. Returns
    {"words": the known words, "unknown": the dropped ones, "rnn": (T,) probabilities after
    each prefix, "bow": the bag-of-words probability for the whole review}; T = 0 gives empty
    arrays.
    """
    from rnnlab.experiments.scheme_checks import predict_reviews

    if not isinstance(review, str):
        raise ValueError(f"review must be a str, got {type(review).__name__}")
    tokens = review.lower().split()
    words = [w for w in tokens if w in SENTIMENT_VOCAB and w != "<pad>"]
    unknown = [w for w in tokens if w not in words]
    if not words:
        return {"words": [], "unknown": unknown, "rnn": np.zeros(0), "bow": float("nan")}
    prefixes = [" ".join(words[: t + 1]) for t in range(len(words))]
    with one_thread():  # a tiny model: two threads only wait for each other (~100 ms)
        probs = predict_reviews(result, [*prefixes, " ".join(words)])
    return {
        "words": words,
        "unknown": unknown,
        "rnn": probs["rnn"][:-1],
        "bow": float(probs["bow"][-1]),
    }


class ReviewFigure:
    """The figure of :func:`plot_review_trace`, built once and updated in place."""

    @style.styled
    def __init__(self) -> None:
        self.fig, ax = plt.subplots(figsize=(style.WIDTH, 4.0))
        self.ax = ax
        ax.axhline(0.5, color=style.COLORS["baseline"], ls=":")
        (self.rnn,) = ax.plot(
            [], [], marker="o", color=style.COLORS["rnn"], label="RNN after each word"
        )
        self.bow = ax.axhline(
            0.5, color=style.COLORS["lstm"], ls="--", label="bag of words (whole review)"
        )
        ax.set_ylim(-0.05, 1.3)  # a band above 1 for the legend
        ax.set_yticks([0, 0.5, 1])
        ax.set_ylabel("P(positive)")
        ax.set_xlabel("the review, word by word")
        static(ax.legend(loc="upper left", ncol=2))  # drawn once, not on every edit
        self.title = ax.set_title("")

    def update(self, trace: dict[str, object]) -> Figure:
        """Show `trace` from :func:`compute_review_trace`; return the same Figure."""
        words, rnn = trace["words"], trace["rnn"]
        ax = self.ax
        if words:
            t = np.arange(len(words))
            self.rnn.set_data(t, rnn)
            self.bow.set_ydata([trace["bow"]] * 2)
            tilt = {"rotation": 30, "ha": "right"} if len(words) > 8 else {}
            ax.set_xticks(t, words, **tilt)
            ax.set_xlim(-0.05 * max(len(words) - 1, 1) - 0.3, len(words) - 0.7)
            verdict = "positive" if rnn[-1] > 0.5 else "negative"
            bow = "positive" if trace["bow"] > 0.5 else "negative"
            title = f"RNN: {verdict} ({rnn[-1]:.2f}), bag of words: {bow} ({trace['bow']:.2f})"
        else:
            self.rnn.set_data([], [])
            ax.set_xticks([])
            title = "no known word yet: try 'the plot was fun but the acting was dull'"
        self.bow.set_visible(bool(words))
        unknown = trace["unknown"]
        if unknown:  # on the same line: the margins are fixed after the first frame
            more = " …" if len(unknown) > 3 else ""
            title += f"; not in the vocabulary: {' '.join(unknown[:3])}{more}"
        self.title.set_text(title)
        return style.describe(
            self.fig,
            f"Line plot of the RNN's P(positive) after each of {len(words)} words of the review, "
            f"with the bag-of-words answer dashed; {title.splitlines()[0]}.",
        )


@style.styled
def plot_review_trace(trace: dict[str, object]) -> Figure:
    """The RNN's P(positive) word by word, with the bag-of-words answer as a dashed line."""
    return ReviewFigure().update(trace)


def make_review_widget(
    result: dict | None = None, review: str = "the plot was fun but the acting was dull"
) -> WidgetPanel:
    """A text box for a review over :func:`plot_review_trace`, for a trained many-to-one model.

    `result` comes from :func:`rnnlab.experiments.schemes.train_many_to_one`; None trains one
    (a second or two).
    """
    if result is None:
        from rnnlab.experiments.schemes import train_many_to_one

        result = train_many_to_one()

    view = ReviewFigure()  # one figure, updated in place on every edit

    def draw(review: str) -> Figure:
        return view.update(compute_review_trace(result, review))

    controls = {
        "review": widgets.Text(
            value=review,
            description="review",
            continuous_update=False,
            layout=widgets.Layout(width="600px"),
        )
    }
    return interactive_panel(controls, draw)
