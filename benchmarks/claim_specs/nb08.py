"""08_lstm: a small character LSTM, and the gradient flow of an RNN and two LSTMs on the adding
problem."""

import numpy as np

from claim_specs import Spec, measured
from rnnlab.analysis.gradient_flow import (
    lstm_cell_gradients,
    lstm_forget_factors,
    rnn_state_gradients,
)
from rnnlab.data import adding_problem, load_corpus
from rnnlab.experiments.char_lstm import train_char_lstm
from rnnlab.experiments.gradient_flow import gradient_flow_experiment, train_flow_models
from rnnlab.models import lstm_from_torch, rnn_from_torch
from rnnlab.scratch.lstm import lstm_forward

NB = "08_lstm"


@measured
def char(seed: int) -> dict[str, float]:
    text = load_corpus("tinyshakespeare")
    run = train_char_lstm(text, hidden_size=64, seq_len=48, steps=300, seed=seed)
    freq = np.bincount(run.vocab.encode(text)) / len(text)
    unigram = -np.sum(freq[freq > 0] * np.log(freq[freq > 0]))
    seg = text[:2000]
    _, trace = lstm_forward(lstm_from_torch(run.lstm), run.vocab.one_hot(seg)[:, None, :])
    f_seg = trace["f"][:, 0]
    boundary = np.array([ch in " \n" for ch in seg])
    drop = f_seg[~boundary].mean(0) - f_seg[boundary].mean(0)
    return {
        "last": float(np.mean(run.losses[-20:])),
        "unigram": float(unigram),
        "resetters": int((drop > 0.2).sum()),
    }


@measured
def flow(seed: int):
    runs = train_flow_models(seq_len=50, hidden_size=32, train_steps=500, seed=seed)
    curves = gradient_flow_experiment(seq_len=50, runs=runs, seed=seed).curves
    rel = {k: v[0] / v[-1] for k, v in curves.items()}  # 49 steps back, relative to the loss
    xs = adding_problem(64, 50, np.random.default_rng(1))[0]
    rnn_m, lstm_m = runs["RNN"][1].model, runs["LSTM b_f=1"][1].model

    def dh_last(model):
        return np.tile(model.head.weight.detach().double().numpy(), (64, 1))

    lstm_np = lstm_from_torch(lstm_m.rnn)
    g_rnn = rnn_state_gradients(rnn_from_torch(rnn_m.rnn, rnn_m.head), xs, dh_last(rnn_m))
    g_cell = lstm_cell_gradients(lstm_np, xs, dh_last(lstm_m))
    f = lstm_forget_factors(lstm_np, xs)
    return {
        **rel,
        "cell_vs_rnn": (g_cell[0] / g_cell[-1]) / (g_rnn[0] / g_rnn[-1]),
        "f_mean": float(f.mean()),
        "f_unit_max": float(f.mean(axis=(0, 1)).max()),
    }


SPECS = [
    Spec(
        NB,
        "it has learned more than letter frequencies",
        char,
        lambda c: c["unigram"] - c["last"],
        lambda c: c["last"] < c["unigram"] - 0.5,
    ),
    Spec(
        NB,
        "some units already reset their cell at word boundaries",
        char,
        lambda c: c["resetters"],
        lambda c: c["resetters"] > 0,
    ),
    Spec(
        NB,
        "the RNN's gradient vanishes 49 steps back, before and after training",
        flow,
        lambda f: f["RNN trained"],
        lambda f: f["RNN init"] < 1e-6 and f["RNN trained"] < 1e-3,
    ),
    Spec(
        NB,
        "at initialisation a forget-gate bias of 1 carries far more gradient back than 0",
        flow,
        lambda f: f["LSTM b_f=1 init"] / f["LSTM b_f=0 init"],
        lambda f: f["LSTM b_f=1 init"] > 100 * f["LSTM b_f=0 init"],
    ),
    Spec(
        NB,
        "after training the LSTM's gradient reaches 49 steps back, the RNN's does not",
        flow,
        lambda f: f["LSTM b_f=1 trained"] / f["RNN trained"],
        lambda f: f["LSTM b_f=1 trained"] > 100 * f["RNN trained"],
    ),
    Spec(
        NB,
        "the LSTM's cell carries the gradient 49 steps back, the RNN's state does not",
        flow,
        lambda f: f["cell_vs_rnn"],
        lambda f: f["cell_vs_rnn"] > 1e3,
    ),
    Spec(
        NB,
        "training does not push the forget gates near 1 on average: a few units hold theirs there",
        flow,
        lambda f: f["f_unit_max"],
        lambda f: f["f_mean"] < 0.9 and f["f_unit_max"] > 0.9,
    ),
]
