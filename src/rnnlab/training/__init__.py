"""Training and using character LMs: the one torch loop (:func:`fit` with a :class:`Budget`), the
LM trainer and its config, the numpy trainer and checkpoints (generation: :mod:`rnnlab.generation`).

The names below are imported on first use (PEP 562), so ``rnnlab.training.config`` and
``rnnlab.training.paths`` load without torch: the CLI checks its arguments before torch's
import, which takes seconds on a busy machine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_HOMES = {
    "Budget": "loop",
    "fit": "loop",
    "TrainConfig": "config",
    "TrainResult": "config",
    "perplexity": "config",
    "evaluate": "lm",
    "train_lm": "lm",
    "evaluate_numpy": "numpy_lm",
    "train_numpy_rnn": "numpy_lm",
    "Checkpoint": "checkpoints",
    "save_checkpoint": "checkpoints",
    "load_checkpoint": "checkpoints",
    "load_pretrained": "checkpoints",
    "pretrained_path": "checkpoints",
}

__all__ = [
    "Budget",
    "fit",
    "TrainConfig",
    "TrainResult",
    "perplexity",
    "evaluate",
    "train_lm",
    "evaluate_numpy",
    "train_numpy_rnn",
    "Checkpoint",
    "save_checkpoint",
    "load_checkpoint",
    "load_pretrained",
    "pretrained_path",
]

if TYPE_CHECKING:  # for type checkers and import-linter: the same names, imported eagerly
    from rnnlab.training.checkpoints import (
        Checkpoint,
        load_checkpoint,
        load_pretrained,
        pretrained_path,
        save_checkpoint,
    )
    from rnnlab.training.config import TrainConfig, TrainResult, perplexity
    from rnnlab.training.lm import evaluate, train_lm
    from rnnlab.training.loop import Budget, fit
    from rnnlab.training.numpy_lm import evaluate_numpy, train_numpy_rnn


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'rnnlab.training' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"rnnlab.training.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
