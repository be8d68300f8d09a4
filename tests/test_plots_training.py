from rnnlab.plots.style import alt_text
from rnnlab.plots.training import LossPlot


def test_the_alt_text_counts_steps_not_history_rows():
    plot = LossPlot(baselines={})
    plot.update([{"step": s, "train_loss": 3.0 - s / 100} for s in range(0, 101, 20)])
    assert "over 100 steps" in alt_text(plot.fig)
