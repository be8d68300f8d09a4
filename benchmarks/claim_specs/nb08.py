"""08_lstm: the gradient flow of an RNN and two LSTMs on the adding problem, the forget gates of
the trained LSTM, and where its memory sits (its cells wiped one at a time)."""

import numpy as np

from claim_specs import Spec, measured
from rnnlab.analysis.ablation import ablate_cell, ablate_each_cell
from rnnlab.analysis.gradient_flow import (
    lstm_cell_gradients,
    lstm_forget_factors,
    rnn_state_gradients,
)
from rnnlab.data.memory_tasks import ADDING_BASELINE_MSE, adding_problem
from rnnlab.experiments.gradient_flow import gradient_flow_experiment, train_flow_models
from rnnlab.models.convert import lstm_from_torch, rnn_from_torch

NB = "08_lstm"


@measured
def runs(seed: int):
    return train_flow_models(
        seq_len=50, hidden_size=32, train_steps=1000, target_mse=0.01, seed=seed
    )


@measured
def flow(seed: int):
    curves = gradient_flow_experiment(seq_len=50, runs=runs(seed), seed=seed).curves
    rel = {k: v[0] / v[-1] for k, v in curves.items()}  # 49 steps back, relative to the loss
    xs = adding_problem(64, 50, np.random.default_rng(1))[0]
    rnn_m, lstm_m = runs(seed)["RNN"][1].model, runs(seed)["LSTM b_f=1"][1].model

    def dh_last(model):
        return np.tile(model.head.weight.detach().double().numpy(), (64, 1))

    lstm_np = lstm_from_torch(lstm_m.rnn)
    g_rnn = rnn_state_gradients(rnn_from_torch(rnn_m.rnn, rnn_m.head), xs, dh_last(rnn_m))
    g_cell = lstm_cell_gradients(lstm_np, xs, dh_last(lstm_m))
    f = lstm_forget_factors(lstm_np, xs)  # (T, B, H)
    keeper = f.mean(axis=(0, 1)).argmax()
    return {
        **rel,
        "cell_vs_rnn": (g_cell[0] / g_cell[-1]) / (g_rnn[0] / g_rnn[-1]),
        "f_mean": float(f.mean()),
        "f_unit_max": float(f.mean(axis=(0, 1)).max()),
        "keeper_above_095": float((f[:, :, keeper] > 0.95).mean()),
        "holders": np.flatnonzero(f.mean(axis=(0, 1)) > 0.9),
    }


@measured
def wiped(seed: int) -> dict[str, float]:
    xs, ys = adding_problem(1000, 50, np.random.default_rng(7))
    model = runs(seed)["LSTM b_f=1"][1].model
    each = ablate_each_cell(model, xs, ys)  # (H,)
    holders = flow(seed)["holders"]
    return {
        "costliest_is_holder": float(each.argmax() in holders),
        "together": ablate_cell(model, xs, ys, holders),
        "others": float(np.delete(each, holders).max()),
    }


SPECS = [
    Spec(
        NB,
        "the RNN's gradient vanishes 49 steps back, before and after training",
        flow,
        lambda f: f["RNN trained"],
        lambda f: f["RNN init"] < 1e-6 and f["RNN trained"] < 1e-3,
    ),
    Spec(
        NB,
        "at initialisation the LSTM with b_f = 0 does no better",
        flow,
        lambda f: f["LSTM b_f=0 init"],
        lambda f: f["LSTM b_f=0 init"] < 1e-6,
    ),
    Spec(
        NB,
        "at initialisation a forget-gate bias of 1 carries far more gradient back than 0",
        flow,
        lambda f: f["LSTM b_f=1 init"] / f["LSTM b_f=0 init"],
        lambda f: f["LSTM b_f=1 init"] > 1e4 * f["LSTM b_f=0 init"],
    ),
    Spec(
        NB,
        "after training the LSTM's gradient reaches 49 steps back, the RNN's does not",
        flow,
        lambda f: f["LSTM b_f=1 trained"],
        lambda f: (
            f["LSTM b_f=1 trained"] > 1e-2 and f["LSTM b_f=1 trained"] > 100 * f["RNN trained"]
        ),
    ),
    Spec(
        NB,
        "the LSTM's cell carries far more of the gradient 49 steps back than the RNN's state",
        flow,
        lambda f: f["cell_vs_rnn"],
        lambda f: f["cell_vs_rnn"] > 10,  # 75 on one seed and MKL path (AVX2, seed 1)
    ),
    Spec(
        NB,
        "training does not push the forget gates near 1 on average: a few units hold theirs there",
        flow,
        lambda f: f["f_mean"],
        lambda f: f["f_mean"] < 0.75 and f["f_unit_max"] > 0.9,
    ),
    Spec(
        NB,
        "the highest unit's forget gate is above 0.95 at almost every step",
        flow,
        lambda f: f["keeper_above_095"],
        lambda f: f["keeper_above_095"] > 0.9,
    ),
    Spec(
        NB,
        "the costliest cell to wipe is one whose forget gate stays above 0.9",
        wiped,
        lambda w: w["costliest_is_holder"],
        lambda w: w["costliest_is_holder"] == 1.0,
    ),
    Spec(
        NB,
        "wiping those cells together undoes the task; wiping any other one barely changes it",
        wiped,
        lambda w: w["together"],
        lambda w: w["together"] > 0.8 * ADDING_BASELINE_MSE and w["others"] < 0.05,
    ),
]
