"""09_long_memory: the adding problem and the copy task, RNN against LSTM."""

from claim_specs import Spec, measured

from rnnlab.data.memory_tasks import ADDING_BASELINE_MSE, copy_baseline_accuracy
from rnnlab.experiments.long_memory import train_adding, train_copy

NB = "09_long_memory"


@measured
def adding(seed: int):
    return {
        cell: train_adding(cell, seq_len=50, hidden_size=32, steps=1000, target_mse=0.01, seed=seed)
        for cell in ("lstm", "rnn")
    }


@measured
def adding_short(seed: int):
    return train_adding("rnn", seq_len=20, hidden_size=32, steps=1000, target_mse=0.01, seed=seed)


@measured
def copying(seed: int):
    return {
        cell: train_copy(
            cell,
            delay=44,
            n_copy=3,
            n_symbols=8,
            hidden_size=64,
            steps=1000,
            target_accuracy=0.95,
            seed=seed,
        )
        for cell in ("lstm", "rnn")
    }


SPECS = [
    Spec(
        NB,
        "the LSTM learns the adding problem at T = 50",
        adding,
        lambda r: r["lstm"].metric,
        lambda r: r["lstm"].metric < 0.05,
    ),
    Spec(
        NB,
        "the RNN stays at the baseline 1/6",
        adding,
        lambda r: r["rnn"].metric,
        lambda r: r["rnn"].metric > 0.8 * ADDING_BASELINE_MSE,
    ),
    Spec(
        NB,
        "the same RNN and budget at T = 20 gets below the 1/12 of half a memory",
        adding_short,
        lambda r: r.metric,
        lambda r: r.metric < 1 / 12,
    ),
    Spec(
        NB,
        "the LSTM learns the copy task at delay 44",
        copying,
        lambda r: r["lstm"].metric,
        lambda r: r["lstm"].metric > 0.9,
    ),
    Spec(
        NB,
        "the RNN stays near chance",
        copying,
        lambda r: r["rnn"].metric,
        lambda r: r["rnn"].metric < 2 * copy_baseline_accuracy(8),
    ),
]
