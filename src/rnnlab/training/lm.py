"""Training the torch character LM: the lecture's loop with truncated BPTT and carried state.

The loss is the lecture's J = (1/T) sum_t CE(y_t, y^_t), averaged over the B streams as well, in
nats per character; its exponential is the perplexity. The corpus is cut into B contiguous
streams (:func:`rnnlab.data.text.tbptt_passes`): the state at the end of a window is carried,
detached, into the next one and reset to zero at the start of every pass over the text, and
each pass starts the streams at a random offset, so the windows' cut points move. The learning
rate rises linearly over the first ``warmup`` of the budget, then follows a cosine down to
``lr_floor * lr`` when the budget ends. Validation pauses the budget's clock.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from rnnlab.data.text import Vocab, split_text, tbptt_passes, tbptt_windows
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.training.config import TrainConfig, TrainResult
from rnnlab.training.hardware import SpeedChoice, device_of, resolve_device
from rnnlab.training.loop import Budget, history_point, stop_on_interrupt
from rnnlab.training.speed import autocast, measure_speed

__all__ = ["cosine_schedule", "evaluate", "split_ids", "train_lm"]


def evaluate(model: CharLM, ids: np.ndarray, seq_len: int = 128, batch_size: int = 32) -> float:
    """Mean cross-entropy in nats/char of a CharLM on `ids` (N,), with the state carried along
    each of `batch_size` streams (reset once, at the start). Fewer streams for short ids."""
    ids = np.asarray(ids)
    B = max(1, min(batch_size, len(ids) // (seq_len + 1)))
    T = min(seq_len, len(ids) // B - 1)
    if T < 1:
        raise ValueError(f"ids must hold at least 2 ids to score, got {len(ids)}")
    was_training, device = model.training, device_of(model)
    model.eval()
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for xs, ys in tbptt_windows(ids, T, B, keep_tail=True):
            logits, state = model(torch.from_numpy(np.ascontiguousarray(xs)).to(device), state)
            targets = torch.from_numpy(np.ascontiguousarray(ys)).reshape(-1)
            logits = logits.reshape(-1, logits.shape[-1]).double().cpu()
            total += float(torch.nn.functional.cross_entropy(logits, targets, reduction="sum"))
            count += ys.size
    model.train(was_training)
    return total / count


def cosine_schedule(used: float, floor: float = 0.1, warmup: float = 0.0) -> float:
    """The learning rate's factor when a fraction `used` (0 to 1) of the budget is spent: a
    linear rise over the first `warmup` of the budget, then a cosine from 1 down to `floor`."""
    used = min(max(used, 0.0), 1.0)
    if used < warmup:
        return used / warmup
    progress = (used - warmup) / (1.0 - warmup) if warmup < 1.0 else 1.0
    return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


def split_ids(
    text: str, vocab: Vocab, val_fraction: float | None, T: int, B: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Training ids and the held-out ids of the text's last `val_fraction` (None when
    `val_fraction` is None or 0). Raises if the training part cannot fill one (T, B) window."""
    if not val_fraction:
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


def train_lm(
    text: str,
    config: TrainConfig | None = None,
    *,
    progress: bool = True,
    plot: bool = False,
    baselines: dict[str, float] | None = None,
    choice: SpeedChoice | None = None,
) -> TrainResult:
    """Train a torch CharLM on `text` (its last ``val_fraction`` held out) within the budget.

    Every ``eval_every`` steps a history row scores the first ``eval_chars`` held-out characters
    (``val_chars`` says how many); the last row and ``val_loss`` score all of them. `progress`
    shows a tqdm bar; `plot` redraws the losses in place, with horizontal `baselines` (name ->
    nats/char). Precision 'auto' is measured first unless a `choice` is given. Ctrl-C stops
    after the step in progress and returns the model so far, with ``interrupted=True``.
    """
    config = (config or TrainConfig()).validate()
    vocab, train_ids, val_ids = _encode(text, config)
    if choice is None and config.precision == "auto":
        choice = measure_speed(config, len(vocab))
    precision = choice.precision if choice is not None else config.precision
    model, opt = _model_and_optimizer(config, len(vocab))
    device = device_of(model)
    rng = np.random.default_rng(config.seed) if config.random_offset else None
    windows = tbptt_passes(train_ids, config.seq_len, config.batch_size, rng)
    budget = Budget(steps=config.max_steps, seconds=config.seconds, progress=progress)
    history, losses, chars, state, live = [], [], 0, None, _live_plot(plot, baselines)
    with stop_on_interrupt() as interrupt:
        while not interrupt.stop and (used := budget.fraction()) < 1.0:
            xs, ys, new_pass = next(windows)  # (T, B) ids each
            if new_pass:
                state = None  # every pass over the text starts from h = 0
            for group in opt.param_groups:
                group["lr"] = config.lr * cosine_schedule(used, config.lr_floor, config.warmup)
            with autocast(precision, device):
                logits, state = model(torch.from_numpy(xs).to(device), state)  # (T, B, V)
            targets = torch.from_numpy(ys).to(device).flatten()  # (T * B,)
            loss = torch.nn.functional.cross_entropy(logits.float().flatten(0, 1), targets)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
            opt.step()
            state = detach_state(state)  # carry the values into the next window, not the graph
            losses.append(loss.item())
            chars += xs.size
            budget.tick()
            if budget.step % config.eval_every == 0:
                history.append(history_point(budget, chars, losses[-config.eval_every :]))
                _validate(model, val_ids, config.eval_chars, precision, budget, history, live)
    since = budget.step % config.eval_every  # steps after the last row
    if since or not history:
        history.append(history_point(budget, chars, losses[budget.step - since :] or [math.nan]))
    with stop_on_interrupt() as cut:  # a second Ctrl-C while scoring leaves val_loss NaN
        _validate(model, val_ids, None, precision, budget, history, live)  # all held-out text
    budget.close()
    val_loss = history[-1].get("val_loss", math.nan)  # NaN: no held-out text, or cut short
    result = TrainResult(model, vocab, history, val_loss, config=config, choice=choice)
    result.interrupted = interrupt.stop or cut.stop
    return result


def _encode(text: str, config: TrainConfig) -> tuple[Vocab, np.ndarray, np.ndarray | None]:
    """The vocabulary of `text`, its training ids and its held-out ids (or None)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    vocab = Vocab.from_text(text)
    train_ids, val_ids = split_ids(
        text, vocab, config.val_fraction, config.seq_len, config.batch_size
    )
    return vocab, train_ids, val_ids


def _live_plot(plot: bool, baselines: dict[str, float] | None):
    """The loss plot that redraws in place during training, or None."""
    if not plot:
        return None
    from rnnlab.plots.training import LossPlot

    return LossPlot(baselines)


def _validate(model, val_ids, n_chars: int | None, precision: str, budget, history, live):
    """Score the first `n_chars` held-out ids (all for None) into history[-1], clock paused;
    show the row on the progress bar and the live plot."""
    row = history[-1]
    if val_ids is not None:
        part = val_ids if n_chars is None else val_ids[:n_chars]
        with budget.paused(), autocast(precision, device_of(model)):
            row["val_loss"], row["val_chars"] = evaluate(model, part), len(part)
    budget.bar.set_postfix(_shown(row))
    if live is not None:
        live.update(history)


def _shown(row: dict[str, float]) -> dict[str, str]:
    """The progress bar's postfix, naming the held-out text it scored (val_30k: 30,000 chars)."""
    shown = {"train": f"{row['train_loss']:.3f}"}
    if "val_loss" in row:
        shown[f"val_{round(row['val_chars'] / 1000)}k"] = f"{row['val_loss']:.3f}"
    return shown


def _model_and_optimizer(config: TrainConfig, vocab_size: int):
    """A CharLM of `config` on its device, seeded, and its Adam optimizer."""
    torch.manual_seed(config.seed)
    model = CharLM(**config.model_kwargs(vocab_size)).to(resolve_device(config.device))
    return model, torch.optim.Adam(model.parameters(), lr=config.lr, betas=tuple(config.betas))
