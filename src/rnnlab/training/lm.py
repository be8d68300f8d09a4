"""Training the torch character LM: truncated BPTT with carried state, clipping, validation.

The loss is the lecture's J = (1/T) sum_t CE(y_t, y^_t), averaged over the B streams as well, in
nats per character; its exponential is the perplexity. The corpus is cut into B contiguous
streams (:func:`rnnlab.data.tbptt_passes`), so the state at the end of a window is carried,
detached, into the next one, and reset at the start of every pass over the text. The updates
are those of :func:`rnnlab.training.loop.fit`, the loop every torch experiment shares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import torch

from rnnlab._validate import check_choice, check_int
from rnnlab.data.text import Vocab, split_text, tbptt_passes, tbptt_windows
from rnnlab.models.cells import CELLS
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.training.loop import Budget, fit, history_point

__all__ = [
    "TrainConfig",
    "TrainResult",
    "PRECISIONS",
    "resolve_precision",
    "perplexity",
    "cosine_schedule",
    "evaluate",
    "split_ids",
    "train_lm",
]

PRECISIONS = ("auto", "float32", "bfloat16")


def resolve_precision(precision: str) -> str:
    """'float32' or 'bfloat16': what `precision` means on this CPU.

    'auto' picks bfloat16 autocast only where the CPU multiplies bfloat16 natively (AVX512-BF16 or
    AMX); elsewhere bfloat16 is emulated and slower than float32.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    if precision != "auto":
        return precision
    cpu = torch.cpu
    native = any(
        getattr(cpu, name, lambda: False)()
        for name in ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    )
    return "bfloat16" if native else "float32"


def _autocast(precision: str):
    """A context that runs matrix products in bfloat16 when `precision` is 'bfloat16'."""
    return torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bfloat16")


@dataclass
class TrainConfig:
    """Hyperparameters of a training run (the CLI's defaults)."""

    cell: str = "lstm"  # rnn, lstm or gru
    hidden_size: int = 256  # H
    num_layers: int = 1
    dropout: float = 0.0  # between layers, when num_layers > 1
    seq_len: int = 32  # T: how far back the gradient flows (truncated BPTT)
    batch_size: int = 32  # B: parallel streams of text
    lr: float = 8e-3  # Adam's peak step size, decayed along a cosine to lr / 10
    clip: float = 1.0  # max global gradient norm (the lecture's cure for explosion)
    minutes: float | None = 2.0  # wall-clock budget; None to stop on max_steps only
    max_steps: int | None = None  # step budget; None to stop on minutes only
    eval_every: int = 200  # steps between validation points
    eval_chars: int = 30_000  # validation characters scored during training (all at the end)
    val_fraction: float = 0.1  # the last 10% of the text is held out
    seed: int = 0
    precision: str = "auto"  # float32, bfloat16 (autocast) or auto: bfloat16 if the CPU has it

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
        if not 0 < self.val_fraction < 1:
            raise ValueError(f"val_fraction must be in (0, 1), got {self.val_fraction!r}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, got {self.precision!r}")
        return self

    def model_kwargs(self, vocab_size: int) -> dict[str, object]:
        return {
            "vocab_size": vocab_size,
            "hidden_size": self.hidden_size,
            "cell": self.cell,
            "num_layers": self.num_layers,
            "dropout": self.dropout,
        }


@dataclass
class TrainResult:
    """What a training run returns: the model (torch CharLM or numpy params), its vocabulary,
    the history (a list of dicts: step, seconds, chars, train_loss, val_loss), the final
    validation loss in nats/char over the whole held-out text, and the config."""

    model: object
    vocab: Vocab
    history: list[dict[str, float]]
    val_loss: float
    config: TrainConfig = field(default_factory=TrainConfig)

    @property
    def val_perplexity(self) -> float:
        return perplexity(self.val_loss)


def perplexity(loss: float) -> float:
    """exp(loss): the number of equally likely characters the model is as unsure as."""
    return float(math.exp(loss))


def evaluate(model, ids: np.ndarray, seq_len: int = 128, batch_size: int = 32) -> float:
    """Mean cross-entropy in nats/char of a CharLM on `ids`, with the state carried along each of
    `batch_size` streams (reset once, at the start). Falls back to fewer streams for short ids."""
    ids = np.asarray(ids)
    B = max(1, min(batch_size, len(ids) // (seq_len + 1)))
    T = min(seq_len, len(ids) // B - 1)
    if T < 1:
        raise ValueError(f"ids must hold at least 2 ids to score, got {len(ids)}")
    was_training = model.training
    model.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for xs, ys in tbptt_windows(ids, T, B, keep_tail=True):
            logits, state = model(torch.from_numpy(np.ascontiguousarray(xs)), state)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]).double(),
                torch.from_numpy(np.ascontiguousarray(ys)).reshape(-1),
                reduction="sum",
            )
            total, count = total + float(loss), count + ys.size
    model.train(was_training)
    return total / count


def cosine_schedule(used: float) -> float:
    """Cosine decay of the learning rate from 1 to 0.1 as the budget is used (used in [0, 1])."""
    return 0.1 + 0.45 * (1.0 + math.cos(math.pi * min(max(used, 0.0), 1.0)))


def split_ids(
    text: str, vocab: Vocab, val_fraction: float | None, T: int, B: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Training and validation ids (the last `val_fraction` of the text; None: no validation).

    Raises if the training part cannot fill one (T, B) window.
    """
    if val_fraction is None:
        train_ids, val_ids = vocab.encode(text), None
    else:
        train_text, val_text = split_text(text, val_fraction)
        train_ids, val_ids = vocab.encode(train_text), vocab.encode(val_text)
    if len(train_ids) < B * (T + 1):
        raise ValueError(
            f"text is too short for seq_len={T} and batch_size={B}: the training part has"
            f" {len(train_ids)} characters, need at least {B * (T + 1)}"
        )
    return train_ids, val_ids


def _live_plot(plot: bool, baselines: dict[str, float] | None):
    """The loss plot that redraws in place during training, or None."""
    if not plot:
        return None
    from rnnlab.plots.training import LossPlot

    return LossPlot(baselines)


def _window_loss(model: CharLM, windows, precision: str, carried: dict):
    """fit's loss_fn: the next window's mean cross-entropy, the state carried detached."""
    V = model.vocab_size

    def loss_fn(step: int) -> torch.Tensor:
        xs, ys, new_pass = next(windows)  # (T, B) ids each
        state = None if new_pass else carried["state"]  # a new pass starts from h = 0
        with _autocast(precision):
            logits, state = model(torch.from_numpy(xs), state)  # (T, B, V)
        carried["state"] = detach_state(state)  # carry the values, not the graph
        carried["chars"] += xs.size
        return torch.nn.functional.cross_entropy(
            logits.float().reshape(-1, V), torch.from_numpy(ys).reshape(-1)
        )

    return loss_fn


def train_lm(
    text: str,
    config: TrainConfig | None = None,
    *,
    progress: bool = True,
    plot: bool = False,
    baselines: dict[str, float] | None = None,
) -> TrainResult:
    """Train a torch CharLM on `text` (its last `val_fraction` held out) within the budget.

    Returns a :class:`TrainResult`; ``val_loss`` is measured on the whole held-out text.
    `progress` shows a tqdm.auto bar; `plot` draws the losses in place (in a notebook), with
    optional horizontal `baselines` (name -> nats/char).
    """
    config = (config or TrainConfig()).validate()
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    vocab = Vocab.from_text(text)
    T, B = config.seq_len, config.batch_size
    train_ids, val_ids = split_ids(text, vocab, config.val_fraction, T, B)
    torch.manual_seed(config.seed)
    precision = resolve_precision(config.precision)
    model = CharLM(**config.model_kwargs(len(vocab)))
    live = _live_plot(plot, baselines)
    seconds = None if config.minutes is None else 60.0 * config.minutes
    budget = Budget(steps=config.max_steps, seconds=seconds, progress=progress)
    carried = {"state": None, "chars": 0}
    loss_fn = _window_loss(model, tbptt_passes(train_ids, T, B), precision, carried)
    history: list[dict[str, float]] = []
    recent: list[float] = []

    def on_step(step: int, loss: float) -> None:
        recent.append(loss)
        if step % config.eval_every == 0:
            with _autocast(precision):
                val_loss = evaluate(model, val_ids[: config.eval_chars])
            history.append(
                {**history_point(budget, carried["chars"], recent), "val_loss": val_loss}
            )
            recent.clear()
            budget.bar.set_postfix(train=f"{history[-1]['train_loss']:.3f}", val=f"{val_loss:.3f}")
            if live is not None:
                live.update(history)

    fit(model.parameters(), loss_fn, lr=config.lr, budget=budget, clip=config.clip,
        schedule=cosine_schedule, on_step=on_step)  # fmt: skip
    if recent:
        history.append(history_point(budget, carried["chars"], recent))
    val_loss = evaluate(model, val_ids)
    history[-1]["val_loss"] = val_loss
    if live is not None:
        live.update(history)
    return TrainResult(model, vocab, history, val_loss, config)
