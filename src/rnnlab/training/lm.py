"""Training the torch character LM: truncated BPTT with carried state, clipping, validation.

The loss is the lecture's J = (1/T) sum_t CE(y_t, y^_t), averaged over the B streams as well, in
nats per character; its exponential is the perplexity. The corpus is cut into B contiguous
streams (:func:`rnnlab.data.tbptt_passes`), so the state at the end of a window is carried,
detached, into the next one, and reset at the start of every pass over the text. The updates
are those of :func:`rnnlab.training.loop.fit`, the loop every torch experiment shares.
Validation during training pauses the budget's clock; the learning rate follows a cosine down to
``lr_floor * lr`` at the end of the budget. With ``random_offset`` each pass starts the streams
at a random offset, so the windows' cut points move from pass to pass.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from rnnlab.data.text import Vocab, split_text, tbptt_passes, tbptt_windows
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.training.config import (
    PRECISIONS,
    TrainConfig,
    TrainResult,
    fit_to_text,
    perplexity,
    resolve_precision,
)
from rnnlab.training.hardware import (
    SpeedChoice,
    choose_fastest,
    device_of,
    precision_candidates,
    resolve_device,
    steps_per_second,
)
from rnnlab.training.loop import Budget, _update, fit, history_point

__all__ = [
    "TrainConfig",
    "TrainResult",
    "PRECISIONS",
    "resolve_precision",
    "measure_speed",
    "fit_to_text",
    "perplexity",
    "cosine_schedule",
    "evaluate",
    "split_ids",
    "train_lm",
]


def _autocast(precision: str, device: torch.device | str = "cpu"):
    """A context that runs matrix products in bfloat16 when `precision` is 'bfloat16'."""
    kind = torch.device(device).type
    return torch.autocast(kind, dtype=torch.bfloat16, enabled=precision == "bfloat16")


def evaluate(model, ids: np.ndarray, seq_len: int = 128, batch_size: int = 32) -> float:
    """Mean cross-entropy in nats/char of a CharLM on `ids`, with the state carried along each of
    `batch_size` streams (reset once, at the start). Falls back to fewer streams for short ids."""
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
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]).float().cpu().double(),
                torch.from_numpy(np.ascontiguousarray(ys)).reshape(-1),
                reduction="sum",
            )
            total, count = total + float(loss), count + ys.size
    model.train(was_training)
    return total / count


def cosine_schedule(used: float, floor: float = 0.1) -> float:
    """Cosine decay of the learning rate from 1 to `floor` as the budget is used (used in [0, 1]).

    Training uses ``floor=TrainConfig.lr_floor`` (0.1 by default; 0, the steps shrinking to
    nothing as the budget ends, measured no better on tiny-shakespeare in two minutes)."""
    return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * min(max(used, 0.0), 1.0)))


def split_ids(
    text: str, vocab: Vocab, val_fraction: float | None, T: int, B: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Training and validation ids (the last `val_fraction` of the text; None or 0: no
    validation, the second id array is then None).

    Raises if the training part cannot fill one (T, B) window.
    """
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


def _live_plot(plot: bool, baselines: dict[str, float] | None):
    """The loss plot that redraws in place during training, or None."""
    if not plot:
        return None
    from rnnlab.plots.training import LossPlot

    return LossPlot(baselines)


def _passes(ids: np.ndarray, T: int, B: int, rng: np.random.Generator | None):
    """Windows pass after pass, as :func:`tbptt_passes`; with an `rng`, every pass drops a random
    number (0 to T - 1) of leading ids, so the windows are cut in new places each time."""
    if rng is None:
        yield from tbptt_passes(ids, T, B)
        return
    spare = min(T, len(ids) - B * (T + 1) + 1)  # offsets that still leave one full window
    while True:
        start = int(rng.integers(0, spare)) if spare > 1 else 0
        for k, (xs, ys) in enumerate(tbptt_windows(ids[start:], T, B)):
            yield np.ascontiguousarray(xs), np.ascontiguousarray(ys), k == 0


def _window_loss(model: CharLM, windows, precision: str, carried: dict):
    """fit's loss_fn: the next window's mean cross-entropy, the state carried detached."""
    V, device = model.vocab_size, device_of(model)

    def loss_fn(step: int) -> torch.Tensor:
        xs, ys, new_pass = next(windows)  # (T, B) ids each
        state = None if new_pass else carried["state"]  # a new pass starts from h = 0
        with _autocast(precision, device):
            logits, state = model(torch.from_numpy(xs).to(device), state)  # (T, B, V)
        carried["state"] = detach_state(state)  # carry the values, not the graph
        carried["chars"] += xs.size
        return torch.nn.functional.cross_entropy(
            logits.float().reshape(-1, V), torch.from_numpy(ys).to(device).reshape(-1)
        )

    return loss_fn


def measure_speed(
    config: TrainConfig, vocab_size: int, threads: tuple[int | None, ...] = (None,)
) -> SpeedChoice:
    """Choose the precision (and, given several `threads` counts, the threads) by timing real
    training steps of a throwaway model of `config` on its device: about 0.1 s per candidate
    and round, in three interleaved rounds (a candidate whose first step takes 3 times the best
    step so far is judged by that step).

    An explicit ``config.precision`` is the only precision timed. torch's thread count is left at
    the chosen one (or as it was, for None).
    """
    device = resolve_device(config.device)
    model = CharLM(**config.model_kwargs(vocab_size)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-4, betas=config.betas)
    T, B = config.seq_len, config.batch_size
    ids = np.random.default_rng(0).integers(0, vocab_size, size=B * (T + 1) * 4)
    windows = tbptt_passes(ids, T, B)

    fastest = [math.inf]  # seconds per step of the fastest candidate so far

    def rate_of(precision: str, n: int | None) -> float:
        if n is not None:
            torch.set_num_threads(n)
        loss_fn = _window_loss(model, windows, precision, {"state": None, "chars": 0})
        step = lambda: _update(opt, list(model.parameters()), loss_fn(0), config.clip)  # noqa: E731
        first = fastest[0] == math.inf  # the first candidate also pays one-time start-up costs
        rate = steps_per_second(step, warmup=2 if first else 1, give_up=3 * fastest[0])
        fastest[0] = min(fastest[0], 1.0 / rate)
        return T * B * rate

    explicit = config.precision != "auto"
    choice = choose_fastest(
        rate_of, (config.precision,) if explicit else precision_candidates(device), threads
    )
    if choice.threads is not None:
        torch.set_num_threads(choice.threads)
    return choice


def _validator(model, val_ids, config: TrainConfig, precision: str, budget, carried, live):
    """fit's on_step: every eval_every steps a history row (with validation, clock paused)."""
    history: list[dict[str, float]] = []
    recent: list[float] = []

    def on_step(step: int, loss: float) -> None:
        recent.append(loss)
        if step % config.eval_every == 0:
            row = history_point(budget, carried["chars"], recent)
            if val_ids is not None:
                with budget.paused(), _autocast(precision, device_of(model)):
                    row["val_loss"] = evaluate(model, val_ids[: config.eval_chars])
            history.append(row)
            recent.clear()
            shown = {k: f"{v:.3f}" for k, v in row.items() if k in ("train_loss", "val_loss")}
            budget.bar.set_postfix(shown)
            if live is not None:
                live.update(history)

    return on_step, history, recent


def _final_loss(model, val_ids) -> tuple[float, bool]:
    """The loss on the whole held-out text (NaN without one), and whether Ctrl-C cut it short."""
    if val_ids is None:
        return float("nan"), False
    try:
        return evaluate(model, val_ids), False
    except KeyboardInterrupt:
        return float("nan"), True


def train_lm(
    text: str,
    config: TrainConfig | None = None,
    *,
    progress: bool = True,
    plot: bool = False,
    baselines: dict[str, float] | None = None,
    choice: SpeedChoice | None = None,
) -> TrainResult:
    """Train a torch CharLM on `text` (its last `val_fraction` held out) within the budget.

    Returns a :class:`TrainResult`; ``val_loss`` is measured on the whole held-out text.
    `progress` shows a tqdm.auto bar; `plot` draws the losses in place (in a notebook), with
    optional horizontal `baselines` (name -> nats/char). The model trains on ``config.device``;
    precision 'auto' is measured first (:func:`measure_speed`) unless a `choice` is given.
    Ctrl-C stops at the next step and returns what was trained, with ``interrupted=True``.
    """
    config = (config or TrainConfig()).validate()
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    vocab = Vocab.from_text(text)
    T, B = config.seq_len, config.batch_size
    train_ids, val_ids = split_ids(text, vocab, config.val_fraction, T, B)
    if choice is None and config.precision == "auto":
        choice = measure_speed(config, len(vocab))
    precision = choice.precision if choice is not None else config.precision
    torch.manual_seed(config.seed)
    model = CharLM(**config.model_kwargs(len(vocab))).to(resolve_device(config.device))
    seconds = None if config.minutes is None else 60.0 * config.minutes
    budget = Budget(steps=config.max_steps, seconds=seconds, progress=progress)
    carried = {"state": None, "chars": 0}
    rng = np.random.default_rng(config.seed) if config.random_offset else None
    loss_fn = _window_loss(model, _passes(train_ids, T, B, rng), precision, carried)
    live = _live_plot(plot, baselines)
    on_step, history, recent = _validator(model, val_ids, config, precision, budget, carried, live)
    losses = fit(model.parameters(), loss_fn, lr=config.lr, budget=budget, clip=config.clip,
                 schedule=lambda used: cosine_schedule(used, config.lr_floor),
                 on_step=on_step, betas=tuple(config.betas))  # fmt: skip
    if recent or not history:
        history.append(history_point(budget, carried["chars"], recent or [float("nan")]))
    val_loss, cut = _final_loss(model, val_ids)
    history[-1]["val_loss"] = val_loss
    if live is not None:
        live.update(history)
    interrupted = losses.interrupted or cut
    return TrainResult(model, vocab, history, val_loss, config, interrupted, choice)
