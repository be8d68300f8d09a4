"""The lecture's gradient-flow slides, measured: how far back ‖∂J/∂h_t‖ reaches in a tanh RNN and
in an LSTM (forget-gate bias 0 and 1), at initialisation and after training on the adding problem.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab.analysis.gradient_flow import gradient_norms
from rnnlab.data.memory_tasks import adding_problem
from rnnlab.experiments.long_memory import train_adding
from rnnlab.experiments.results.runs import GradientFlow
from rnnlab.experiments.results.tables import MemoryResult
from rnnlab.models.memory import MemoryModel

__all__ = ["FLOW_MODELS", "train_flow_models", "gradient_flow_experiment"]

FLOW_MODELS = {"RNN": ("rnn", 1.0), "LSTM b_f=0": ("lstm", 0.0), "LSTM b_f=1": ("lstm", 1.0)}


def train_flow_models(
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    train_steps: int = 400,
    batch_size: int = 64,
    eval_every: int = 50,
    target_mse: float | None = None,
    seed: int = 0,
) -> dict[str, tuple[MemoryModel, MemoryResult]]:
    """The three models of the experiment, each at initialisation and after training.

    Returns label -> (model at initialisation, MemoryResult after `train_steps` steps on the
    adding problem, with the validation MSE every `eval_every` steps), for the labels of
    FLOW_MODELS: a tanh RNN and an LSTM with forget-gate bias 0 and 1, all from `seed`. With
    `target_mse` a model stops training once its validation MSE is below it.
    """
    runs = {}
    for label, (cell, bias) in FLOW_MODELS.items():
        torch.manual_seed(seed)
        init = MemoryModel(cell, 2, hidden_size, 1, forget_bias=bias)
        trained = train_adding(
            cell,
            seq_len=seq_len,
            hidden_size=hidden_size,
            steps=train_steps,
            batch_size=batch_size,
            eval_every=eval_every,
            test_size=256,
            target_mse=target_mse,
            seed=seed,
            forget_bias=bias,
        )
        runs[label] = (init, trained)
    return runs


def gradient_flow_experiment(
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    train_steps: int = 400,
    batch_size: int = 64,
    seed: int = 0,
    runs: dict[str, tuple[MemoryModel, MemoryResult]] | None = None,
) -> GradientFlow:
    """‖∂J/∂h_t‖ against distance for a tanh RNN and an LSTM with forget-gate bias 0 and 1,
    each at initialisation and after `train_steps` steps on the adding problem.

    `runs` (from :func:`train_flow_models` with the same seq_len) saves training them again.
    Returns the distances (T,) = T-1-t and curves label -> norms (T,) with t running forwards,
    labels 'RNN init', 'RNN trained', 'LSTM b_f=0 init', 'LSTM b_f=0 trained',
    'LSTM b_f=1 init', 'LSTM b_f=1 trained'.
    """
    if runs is None:
        sizes = dict(seq_len=seq_len, hidden_size=hidden_size, batch_size=batch_size)
        runs = train_flow_models(train_steps=train_steps, seed=seed, **sizes)
    xs, ys = adding_problem(batch_size, seq_len, np.random.default_rng(20_000 + seed))
    curves: dict[str, np.ndarray] = {}
    for label, (init, trained) in runs.items():
        curves[f"{label} init"] = gradient_norms(init, xs, ys)
        curves[f"{label} trained"] = gradient_norms(trained.model, xs, ys)
    return GradientFlow(distance=np.arange(seq_len)[::-1].copy(), curves=curves)
