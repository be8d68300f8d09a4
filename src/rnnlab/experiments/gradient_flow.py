"""The lecture's gradient-flow slides, measured: how far back ‖∂L/∂h_t‖ reaches in a tanh RNN and
in an LSTM (forget-gate bias 0 and 1), at initialisation and after training on the adding problem.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab.analysis.gradient_flow import gradient_norms
from rnnlab.data.memory_tasks import adding_problem
from rnnlab.experiments.long_memory import train_adding
from rnnlab.experiments.results import GradientFlow
from rnnlab.models.memory import MemoryModel

__all__ = ["gradient_flow_experiment"]


def gradient_flow_experiment(
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    train_steps: int = 400,
    batch_size: int = 64,
    seed: int = 0,
) -> GradientFlow:
    """‖∂L/∂h_t‖ against distance for a tanh RNN and an LSTM with forget-gate bias 0 and 1,
    each at initialisation and after `train_steps` steps on the adding problem.

    Returns the distances (T,) = T-1-t and curves label -> norms (T,) with t running forwards,
    labels 'RNN init', 'RNN trained', 'LSTM b_f=0 init', 'LSTM b_f=0 trained',
    'LSTM b_f=1 init', 'LSTM b_f=1 trained'.
    """
    xs, ys = adding_problem(batch_size, seq_len, np.random.default_rng(20_000 + seed))
    curves: dict[str, np.ndarray] = {}
    for label, cell, bias in [
        ("RNN", "rnn", 1.0),
        ("LSTM b_f=0", "lstm", 0.0),
        ("LSTM b_f=1", "lstm", 1.0),
    ]:
        torch.manual_seed(seed)
        init = MemoryModel(cell, 2, hidden_size, 1, forget_bias=bias)
        curves[f"{label} init"] = gradient_norms(init, xs, ys)
        trained = train_adding(
            cell,
            seq_len=seq_len,
            hidden_size=hidden_size,
            steps=train_steps,
            batch_size=batch_size,
            eval_every=train_steps,
            test_size=256,
            seed=seed,
            forget_bias=bias,
        ).model
        curves[f"{label} trained"] = gradient_norms(trained, xs, ys)
    return GradientFlow(np.arange(seq_len)[::-1].copy(), curves)
