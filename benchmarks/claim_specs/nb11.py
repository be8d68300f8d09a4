"""11_applications: the CO2 forecaster against its baselines, the row-by-row digit reader, and
the row-by-row digit painter."""

from claim_specs import Spec, measured
from rnnlab.experiments.applications import horizon_errors, train_forecaster, train_row_reader
from rnnlab.experiments.painter import train_painter

NB = "11_applications"


@measured
def forecast(seed: int):
    run = train_forecaster(24, hidden_size=16, steps=150, seed=seed)
    return run, horizon_errors(run, 24)


@measured
def digits(seed: int):
    return train_row_reader(hidden_size=64, steps=300, seed=seed)


@measured
def painter(seed: int):
    return train_painter(hidden_size=64, steps=600, temperatures=(0.5, 1.0, 1.5), seed=seed)


SPECS = [
    Spec(
        NB,
        "the RNN's one-month error is less than half that of the last value and of the "
        "seasonal naive",
        forecast,
        value=lambda f: f[0].rnn_mae / min(f[0].last_mae, f[0].seasonal_mae),
        holds=lambda f: f[0].rnn_mae < 0.5 * min(f[0].last_mae, f[0].seasonal_mae),
    ),
    Spec(
        NB,
        "the RNN forecasts one month ahead about as well as the linear autoregression",
        forecast,
        value=lambda f: f[0].rnn_mae / f[0].ar_mae,
        holds=lambda f: f[0].rnn_mae < 1.25 * f[0].ar_mae,
    ),
    Spec(
        NB,
        "fed its own forecasts, the RNN's error grows with the horizon",
        forecast,
        value=lambda f: f[1]["rnn"][-1] / f[1]["rnn"][0],
        holds=lambda f: f[1]["rnn"][-1] > 1.5 * f[1]["rnn"][0],
    ),
    Spec(
        NB,
        "24 months ahead, each fed its own forecasts, the linear autoregression beats the RNN",
        forecast,
        value=lambda f: f[1]["rnn"][-1] / f[1]["ar"][-1],
        holds=lambda f: f[1]["ar"][-1] < f[1]["rnn"][-1] / 1.15,
    ),
    Spec(
        NB,
        "a year ahead the fed-back RNN still beats the seasonal naive forecast",
        forecast,
        value=lambda f: f[1]["rnn"][11] / f[1]["seasonal"][11],
        holds=lambda f: f[1]["rnn"][11] < f[1]["seasonal"][11],
    ),
    Spec(
        NB,
        "reading one row per step, the RNN recognises most held-out digits",
        digits,
        value=lambda d: d.rnn_accuracy,
        holds=lambda d: d.rnn_accuracy > 0.93,
    ),
    Spec(
        NB,
        "the row-by-row RNN is about as accurate as the logistic regression that sees every "
        "pixel at once",
        digits,
        value=lambda d: d.rnn_accuracy - d.logistic_accuracy,
        holds=lambda d: abs(d.rnn_accuracy - d.logistic_accuracy) < 0.04,
    ),
    Spec(
        NB,
        "the answer settles in the last rows: read after six rows it is mostly wrong",
        digits,
        value=lambda d: d.by_row[5],
        holds=lambda d: d.by_row[5] < 0.5 < 0.9 < d.by_row[-1],
    ),
    Spec(
        NB,
        "the painter predicts held-out pixels better than independent pixels given the class",
        painter,
        value=lambda p: p.baseline_nats - p.test_nats,
        holds=lambda p: p.test_nats < p.baseline_nats - 0.05,
    ),
    Spec(
        NB,
        "at temperature 0.5 the judge reads nearly every painting as the class asked for",
        painter,
        value=lambda p: p.recognised[0.5],
        holds=lambda p: p.recognised[0.5] >= 0.9,
    ),
    Spec(
        NB,
        "sampled hotter, fewer paintings are read as the class asked for",
        painter,
        value=lambda p: p.recognised[0.5] - p.recognised[1.5],
        holds=lambda p: p.recognised[1.5] < p.recognised[0.5] - 0.05,
    ),
]
