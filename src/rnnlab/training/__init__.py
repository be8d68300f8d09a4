"""Training and using character LMs: the one torch loop (:func:`fit` with a :class:`Budget`), the
LM trainer and its config, the numpy trainer, checkpoints, and sampling."""

from rnnlab.training.checkpoints import (
    Checkpoint,
    load_checkpoint,
    load_pretrained,
    pretrained_path,
    save_checkpoint,
)
from rnnlab.training.lm import TrainConfig, TrainResult, evaluate, perplexity, train_lm
from rnnlab.training.loop import Budget, fit
from rnnlab.training.numpy_lm import evaluate_numpy, train_numpy_rnn
from rnnlab.training.sampling import generate, next_char_probs, sample_next

__all__ = [
    "Budget",
    "fit",
    "TrainConfig",
    "TrainResult",
    "evaluate",
    "perplexity",
    "train_lm",
    "evaluate_numpy",
    "train_numpy_rnn",
    "Checkpoint",
    "save_checkpoint",
    "load_checkpoint",
    "load_pretrained",
    "pretrained_path",
    "generate",
    "next_char_probs",
    "sample_next",
]
