"""The settings of a character-LM training run (:class:`TrainConfig`) and what it returns
(:class:`TrainResult`), with the helpers that interpret them: the precision, fitting a config to
a very short text, and the perplexity of a loss. Importing it does not import torch, so the CLI
can check its arguments in a fraction of a second."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from rnnlab._validate import check_choice, check_int
from rnnlab.data.text import Vocab
from rnnlab.training.hardware import DEVICES, SpeedChoice

__all__ = [
    "PRECISIONS",
    "TrainConfig",
    "TrainResult",
    "fit_to_text",
    "perplexity",
]

PRECISIONS = ("auto", "float32", "bfloat16")
CELLS = ("rnn", "lstm", "gru")  # rnnlab.models.cells.CELLS, named here without importing torch


@dataclass
class TrainConfig:
    """Hyperparameters of a training run (the CLI's defaults)."""

    cell: str = "lstm"  # rnn, lstm or gru
    hidden_size: int = 384  # H
    embedding: int | None = 64  # D of a learned character embedding; None: one-hot x_t (D = V)
    num_layers: int = 1
    dropout: float = 0.0  # between layers, when num_layers > 1
    seq_len: int = 64  # T: how far back the gradient flows (truncated BPTT)
    batch_size: int = 8  # B: parallel streams of text
    lr: float = 4e-3  # Adam's peak step size (after the warm-up), then a cosine to lr * lr_floor
    clip: float = 1.0  # max global gradient norm (the lecture's cure for explosion)
    minutes: float | None = 2.0  # wall-clock budget; None to stop on max_steps only
    max_steps: int | None = None  # step budget; None to stop on minutes only
    eval_every: int = 200  # steps between validation rows (the budget's clock is paused)
    eval_chars: int | None = 30_000  # held-out chars scored in those rows (None: all of them)
    val_fraction: float | None = 0.1  # the last 10% of the text is held out; None or 0: none
    seed: int = 0
    precision: str = "auto"  # float32, bfloat16 (autocast) or auto: the faster one, measured
    device: str = "auto"  # cpu, cuda, mps or auto: CUDA, then MPS, then CPU
    betas: tuple[float, float] = (0.9, 0.99)  # Adam's decay rates of its two moment averages
    warmup: float = 0.025  # the fraction of the budget over which the lr rises from 0 to lr
    lr_floor: float = 0.0  # the learning rate at the end of the budget, as a fraction of lr
    random_offset: bool = True  # start the streams at a random offset in every pass

    @property
    def beta2(self) -> float:
        """Adam's decay rate of its squared-gradient average (the CLI's --beta2)."""
        return self.betas[1]

    @property
    def seconds(self) -> float | None:
        """The wall-clock budget in seconds (None without one)."""
        return None if self.minutes is None else 60.0 * self.minutes

    def validate(self) -> TrainConfig:
        """Raise a ValueError naming the first bad field; return self."""
        check_choice(self.cell, "cell", CELLS)
        for name in ("hidden_size", "num_layers", "seq_len", "batch_size", "eval_every"):
            check_int(getattr(self, name), name)
        for name in ("lr", "clip"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}")
        if self.minutes is not None and not (math.isfinite(self.minutes) and self.minutes > 0):
            raise ValueError(f"minutes must be a positive number or None, got {self.minutes!r}")
        if self.max_steps is not None and (
            not isinstance(self.max_steps, int) or self.max_steps < 1
        ):
            raise ValueError(f"max_steps must be a positive int or None, got {self.max_steps!r}")
        if self.minutes is None and self.max_steps is None:
            raise ValueError("set minutes or max_steps (or both): training needs a budget")
        if self.val_fraction is not None and not 0 <= self.val_fraction < 1:
            raise ValueError(f"val_fraction must be in [0, 1) or None, got {self.val_fraction!r}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {self.precision!r}")
        check_choice(self.device, "device", DEVICES)
        if not (len(self.betas) == 2 and all(0 <= b < 1 for b in self.betas)):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}")
        for name in ("warmup", "lr_floor"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in [0, 1], got {getattr(self, name)!r}")
        if self.embedding is not None:
            check_int(self.embedding, "embedding")
        if self.eval_chars is not None:
            check_int(self.eval_chars, "eval_chars")
        return self

    def model_kwargs(self, vocab_size: int) -> dict[str, object]:
        return {
            "vocab_size": vocab_size,
            "hidden_size": self.hidden_size,
            "cell": self.cell,
            "num_layers": self.num_layers,
            "dropout": self.dropout,
            "embedding": self.embedding,
        }


@dataclass
class TrainResult:
    """What a training run returns: the model (torch CharLM or numpy params), its vocabulary,
    the history (a list of dicts: step, seconds, chars, train_loss, val_loss), the final
    validation loss in nats/char over the whole held-out text (NaN without held-out text), the
    config, whether Ctrl-C ended training early, and what the ``auto`` settings chose."""

    model: object
    vocab: Vocab
    history: list[dict[str, float]]
    val_loss: float
    config: TrainConfig = field(default_factory=TrainConfig)
    interrupted: bool = False
    choice: SpeedChoice | None = None

    @property
    def val_perplexity(self) -> float:
        return perplexity(self.val_loss)


def perplexity(loss: float) -> float:
    """exp(loss): the number of equally likely characters the model is as unsure as."""
    return float(math.exp(loss))


def fit_to_text(config: TrainConfig, n_chars: int) -> tuple[TrainConfig, list[str]]:
    """A config that can train on a text of `n_chars` characters, and what had to change.

    A text too short to hold out validation and still fill one (T, B) window trains without
    validation; one too short for a window trains on fewer streams (B) and shorter windows (T).
    """
    T, B, notes = config.seq_len, config.batch_size, []
    frac = config.val_fraction or 0.0
    n_val = n_chars - int(round(n_chars * (1.0 - frac)))
    if frac and (n_val < 2 or n_chars - n_val < B * (T + 1)):
        notes.append(
            f"the text ({n_chars:,} characters) is too short to hold out validation;"
            " training on all of it, without a validation loss"
        )
        config = replace(config, val_fraction=None)
    if n_chars < B * (T + 1):
        B = max(1, min(B, n_chars // (T + 1)))
        T = min(T, n_chars // B - 1)
        if T < 1:
            raise ValueError(f"text must have at least 2 characters to train on, got {n_chars}")
        notes.append(f"windows shrunk to T={T}, B={B} to fit the text")
        config = replace(config, seq_len=T, batch_size=B)
    return config, notes
