"""Training character LMs: truncated BPTT with carried state, clipping, validation, checkpoints.

The loss is the lecture's J = (1/T) sum_t CE(y_t, y^_t), averaged over the B streams as well, in
nats per character; its exponential is the perplexity. The corpus is cut into B contiguous
streams (:func:`rnnlab.data.tbptt_windows`), so the state at the end of a window is carried,
detached, into the next one, and reset at the start of every pass over the text.

Two loops share that recipe: :func:`train_lm` for the torch :class:`rnnlab.models.CharLM`
(Adam, a tqdm.auto progress bar, a loss plot updated in place in a notebook) and
:func:`train_numpy_rnn` for the numpy RNN of :mod:`rnnlab.scratch.rnn`.
"""

from __future__ import annotations

import math
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np

from rnnlab.data.text import Vocab, num_windows, split_text, tbptt_windows

__all__ = [
    "TrainConfig",
    "PRECISIONS",
    "resolve_precision",
    "TrainResult",
    "Checkpoint",
    "LossPlot",
    "perplexity",
    "evaluate",
    "train_lm",
    "save_checkpoint",
    "load_checkpoint",
    "adam_init",
    "adam_update",
    "clip_grads",
    "evaluate_numpy",
    "train_numpy_rnn",
    "plot_history",
]

CHECKPOINT_FORMAT = "rnnlab-charlm-1"
PRECISIONS = ("auto", "float32", "bfloat16")


def resolve_precision(precision: str) -> str:
    """'float32' or 'bfloat16': what `precision` means on this CPU.

    'auto' picks bfloat16 autocast only where the CPU multiplies bfloat16 natively (AVX512-BF16 or
    AMX); elsewhere bfloat16 is emulated and slower than float32.
    """
    import torch

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
    import torch

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
        from rnnlab.models import CELLS

        if self.cell not in CELLS:
            raise ValueError(f"cell must be one of {CELLS}, got {self.cell!r}")
        for name in ("hidden_size", "num_layers", "seq_len", "batch_size", "eval_every"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
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


class LossPlot:
    """A train/validation loss plot that redraws in place in a notebook (no-op elsewhere)."""

    def __init__(self, baselines: dict[str, float] | None = None, figsize=(7, 3)) -> None:
        import matplotlib.pyplot as plt

        self.baselines = baselines or {}
        self.fig, self.ax = plt.subplots(figsize=figsize)
        plt.close(self.fig)  # shown through the display handle only
        self.handle = None

    def update(self, history: list[dict[str, float]]) -> None:
        ax = self.ax
        ax.clear()
        steps = [h["step"] for h in history]
        ax.plot(steps, [h["train_loss"] for h in history], label="train", lw=1)
        val = [(h["step"], h["val_loss"]) for h in history if "val_loss" in h]
        if val:
            ax.plot(*zip(*val, strict=True), label="validation", marker=".", lw=1)
        for i, (name, value) in enumerate(self.baselines.items()):
            ax.axhline(value, color=f"C{i + 2}", ls=":", lw=1, label=name)
        ax.set_xlabel("step")
        ax.set_ylabel("loss (nats/char)")
        ax.legend(loc="upper right", fontsize=8)
        self.fig.tight_layout()
        self._show()

    def _show(self) -> None:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:
            return
        if get_ipython() is None:
            return
        if self.handle is None:
            self.handle = display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)


def _ids_for(vocab: Vocab, text: str):
    import torch

    return torch.from_numpy(vocab.encode(text))


def evaluate(model, ids: np.ndarray, seq_len: int = 128, batch_size: int = 32) -> float:
    """Mean cross-entropy in nats/char of a CharLM on `ids`, with the state carried along each of
    `batch_size` streams (reset once, at the start). Falls back to fewer streams for short ids."""
    import torch

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


def _lr_factor(progress: float) -> float:
    """Cosine decay from 1 to 0.1 as the budget is used up (progress in [0, 1])."""
    return 0.1 + 0.45 * (1.0 + math.cos(math.pi * min(max(progress, 0.0), 1.0)))


def _history_point(step: int, start: float, chars: int, recent: list[float]) -> dict:
    """One row of a training history: where training is, and the mean of the recent losses."""
    return {
        "step": step,
        "seconds": time.perf_counter() - start,
        "chars": chars,
        "train_loss": float(np.mean(recent)),
    }


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
    import torch
    from tqdm.auto import tqdm

    from rnnlab.models import CharLM, detach_state

    config = (config or TrainConfig()).validate()
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    vocab = Vocab.from_text(text)
    train_text, val_text = split_text(text, config.val_fraction)
    train_ids, val_ids = vocab.encode(train_text), vocab.encode(val_text)
    T, B = config.seq_len, config.batch_size
    if num_windows(len(train_ids), T, B) < 1:
        raise ValueError(
            f"text is too short for seq_len={T} and batch_size={B}: the training part has"
            f" {len(train_ids)} characters, need at least {B * (T + 1)}"
        )
    torch.manual_seed(config.seed)
    precision = resolve_precision(config.precision)
    model = CharLM(**config.model_kwargs(len(vocab)))
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    budget = None if config.minutes is None else 60.0 * config.minutes
    live = LossPlot(baselines) if plot else None
    bar = tqdm(
        total=config.max_steps if budget is None else round(budget),
        unit="step" if budget is None else "s",
        disable=not progress,
        leave=True,
        bar_format=None if budget is None else "{l_bar}{bar}| {n}/{total} s [{elapsed}{postfix}]",
    )
    history: list[dict[str, float]] = []
    step, chars, recent = 0, 0, []
    start = time.perf_counter()
    done = False
    while not done:
        state = None  # a new pass over the text starts from h = 0
        for xs, ys in tbptt_windows(train_ids, T, B):
            elapsed = time.perf_counter() - start
            frac = max(
                elapsed / budget if budget else 0.0,
                step / config.max_steps if config.max_steps else 0.0,
            )
            if frac >= 1.0:
                done = True
                break
            for group in opt.param_groups:
                group["lr"] = config.lr * _lr_factor(frac)
            with _autocast(precision):
                logits, state = model(torch.from_numpy(np.ascontiguousarray(xs)), state)
            state = detach_state(state)  # carry the values, not the graph
            loss = torch.nn.functional.cross_entropy(
                logits.float().reshape(-1, len(vocab)),
                torch.from_numpy(np.ascontiguousarray(ys)).reshape(-1),
            )
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), config.clip)
            opt.step()
            step, chars = step + 1, chars + xs.size
            recent.append(loss.item())
            if step % config.eval_every == 0:
                with _autocast(precision):
                    val_loss = evaluate(model, val_ids[: config.eval_chars])
                point = {**_history_point(step, start, chars, recent), "val_loss": val_loss}
                history.append(point)
                recent = []
                bar.set_postfix(train=f"{point['train_loss']:.3f}", val=f"{point['val_loss']:.3f}")
                if live is not None:
                    live.update(history)
            if budget is None:
                bar.update(1)
            else:
                bar.update(min(round(time.perf_counter() - start), bar.total) - bar.n)
    bar.close()
    if recent:
        history.append(_history_point(step, start, chars, recent))
    val_loss = evaluate(model, val_ids)
    history[-1]["val_loss"] = val_loss
    if live is not None:
        live.update(history)
    return TrainResult(model, vocab, history, val_loss, config)


def plot_history(
    histories: dict[str, list[dict[str, float]]],
    key: str = "train_loss",
    baselines: dict[str, float] | None = None,
    scale: float = 1.0,
    ylabel: str = "loss (nats/char)",
    figsize=(7, 3),
):
    """Plot `key` (times `scale`) against the step for each named history, with dotted
    horizontal baselines; return the Figure."""
    import matplotlib.pyplot as plt

    if not histories:
        raise ValueError("histories must name at least one history")
    fig, ax = plt.subplots(figsize=figsize)
    for i, (name, history) in enumerate(histories.items()):
        points = [(h["step"], scale * h[key]) for h in history if key in h]
        if not points:
            raise ValueError(f"history {name!r} has no {key!r} values")
        ax.plot(*zip(*points, strict=True), label=name, color=f"C{i}", marker=".", lw=1)
    for j, (name, value) in enumerate((baselines or {}).items()):
        ax.axhline(value, ls=":", lw=1.2, color=f"C{len(histories) + j}", label=name)
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------- checkpoints


@dataclass
class Checkpoint:
    """A loaded checkpoint: the model (in eval mode), its vocabulary, config and metrics."""

    model: object
    vocab: Vocab
    config: TrainConfig
    metrics: dict[str, float]


def save_checkpoint(path: str | os.PathLike, result: TrainResult) -> Path:
    """Write a training result to `path` atomically (temp file + rename); return the path.

    The file holds plain tensors, strings and numbers only, so it loads with weights_only=True.
    """
    import torch

    if not isinstance(result, TrainResult) or not hasattr(result.model, "state_dict"):
        raise ValueError(f"result must be a TrainResult of a torch CharLM, got {result!r:.80}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": CHECKPOINT_FORMAT,
        "model": result.model.config(),
        "state_dict": {k: v.detach().cpu() for k, v in result.model.state_dict().items()},
        "vocab": result.vocab.to_list(),
        "config": asdict(result.config),
        "metrics": {
            "val_loss": float(result.val_loss),
            "val_perplexity": float(result.val_perplexity),
            "steps": int(result.history[-1]["step"]) if result.history else 0,
            "seconds": float(result.history[-1]["seconds"]) if result.history else 0.0,
        },
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        torch.save(payload, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a checkpoint is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_checkpoint(path: str | os.PathLike) -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint` (with torch's weights_only=True)."""
    import torch

    from rnnlab.models import CharLM

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must be an existing checkpoint file, got {str(path)!r}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # pickle errors, truncated files, non-checkpoints
        raise ValueError(f"{path} is not a readable rnnlab checkpoint ({exc})") from exc
    if not isinstance(payload, dict) or payload.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not an rnnlab checkpoint (format {CHECKPOINT_FORMAT!r})")
    model = CharLM(**payload["model"])
    model.load_state_dict(payload["state_dict"])
    model.eval()
    known = {f.name for f in fields(TrainConfig)}
    config = TrainConfig(**{k: v for k, v in payload["config"].items() if k in known})
    return Checkpoint(model, Vocab(tuple(payload["vocab"])), config, dict(payload["metrics"]))


# ----------------------------------------------------------------------------- numpy


def adam_init(params: dict[str, np.ndarray]) -> dict[str, object]:
    """Adam's state for numpy params: first and second moments, and the step count."""
    return {
        "m": {k: np.zeros_like(v) for k, v in params.items()},
        "v": {k: np.zeros_like(v) for k, v in params.items()},
        "t": 0,
    }


def adam_update(params, grads, state, lr: float, betas=(0.9, 0.999), eps: float = 1e-8) -> None:
    """One Adam step on numpy params, in place (the same rule as torch.optim.Adam)."""
    b1, b2 = betas
    state["t"] += 1
    t = state["t"]
    for k, g in grads.items():
        m, v = state["m"][k], state["v"][k]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)


def clip_grads(grads: dict[str, np.ndarray], max_norm: float) -> float:
    """Scale all grads in place so their global L2 norm is at most `max_norm`; return the norm
    before clipping."""
    norm = float(np.sqrt(sum(float((g * g).sum()) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / (norm + 1e-12)
    return norm


def evaluate_numpy(params, ids: np.ndarray, V: int, seq_len: int = 128, batch_size: int = 32):
    """Mean cross-entropy (nats/char) of the numpy RNN on `ids`, state carried along streams."""
    from rnnlab.scratch import rnn_forward, softmax

    ids = np.asarray(ids)
    B = max(1, min(batch_size, len(ids) // (seq_len + 1)))
    T = min(seq_len, len(ids) // B - 1)
    if T < 1:
        raise ValueError(f"ids must hold at least 2 ids to score, got {len(ids)}")
    eye = np.eye(V)
    total, count, h = 0.0, 0, None
    for xs, ys in tbptt_windows(ids, T, B, keep_tail=True):
        hs, logits = rnn_forward(params, eye[xs], h)
        h = hs[-1]
        p = softmax(logits)
        total -= float(np.log(np.take_along_axis(p, ys[..., None], axis=-1)).sum())
        count += ys.size
    return total / count


def train_numpy_rnn(
    text: str,
    hidden_size: int = 128,
    *,
    seq_len: int = 32,
    batch_size: int = 32,
    lr: float = 3e-3,
    clip: float = 5.0,
    max_steps: int | None = 1000,
    seconds: float | None = None,
    val_fraction: float | None = 0.1,
    eval_every: int = 100,
    rng: np.random.Generator,
    vocab: Vocab | None = None,
    memory: bool = True,
    progress: bool = False,
) -> TrainResult:
    """Train the numpy RNN (one-hot inputs, Adam, clipping, truncated BPTT with carried state).

    With ``val_fraction=None`` the whole text is used for training and no validation is done
    (val_loss is then the final training loss): what the tiny 'hello' example needs. Stops after
    `max_steps` steps or `seconds` of wall-clock time, whichever comes first. ``memory=False``
    pins W_hh at 0, so h_t depends on x_t alone: a model without memory, for comparison.
    """
    from tqdm.auto import tqdm

    from rnnlab.scratch import init_rnn_params, rnn_loss_and_grads

    if max_steps is None and seconds is None:
        raise ValueError("set max_steps or seconds (or both): training needs a budget")
    vocab = vocab or Vocab.from_text(text)
    V = len(vocab)
    if val_fraction is None:
        train_ids, val_ids = vocab.encode(text), None
    else:
        train_text, val_text = split_text(text, val_fraction)
        train_ids, val_ids = vocab.encode(train_text), vocab.encode(val_text)
    T, B = seq_len, batch_size
    if num_windows(len(train_ids), T, B) < 1:
        raise ValueError(
            f"text is too short for seq_len={T} and batch_size={B}: {len(train_ids)} training"
            f" characters, need at least {B * (T + 1)}"
        )
    params = init_rnn_params(V, hidden_size, V, rng=rng)
    if not memory:
        params["W_hh"][:] = 0.0
    opt = adam_init(params)
    eye = np.eye(V)
    history: list[dict[str, float]] = []
    step, chars, recent = 0, 0, []
    start = time.perf_counter()
    bar = tqdm(total=max_steps, disable=not progress, unit="step")
    done = False
    while not done:
        h = None
        for xs, ys in tbptt_windows(train_ids, T, B):
            elapsed = time.perf_counter() - start
            frac = max(
                elapsed / seconds if seconds else 0.0, step / max_steps if max_steps else 0.0
            )
            if frac >= 1.0:
                done = True
                break
            loss, grads, h = rnn_loss_and_grads(params, eye[xs], ys, h)
            if not memory:
                grads["W_hh"][:] = 0.0  # Adam never moves a weight whose gradient stays 0
            clip_grads(grads, clip)
            adam_update(params, grads, opt, lr * _lr_factor(frac))
            step, chars = step + 1, chars + xs.size
            recent.append(loss)
            bar.update(1)
            if step % eval_every == 0:
                point = _history_point(step, start, chars, recent)
                if val_ids is not None:
                    point["val_loss"] = evaluate_numpy(params, val_ids[:30_000], V)
                history.append(point)
                recent = []
    bar.close()
    if recent:
        history.append(_history_point(step, start, chars, recent))
    if val_ids is not None:
        val_loss = evaluate_numpy(params, val_ids, V)
        history[-1]["val_loss"] = val_loss
    else:
        val_loss = history[-1]["train_loss"]
    config = TrainConfig(
        cell="rnn",
        hidden_size=hidden_size,
        seq_len=T,
        batch_size=B,
        lr=lr,
        clip=clip,
        minutes=None if seconds is None else seconds / 60,
        max_steps=max_steps,
        eval_every=eval_every,
        val_fraction=val_fraction or 0.1,
    )
    return TrainResult(params, vocab, history, val_loss, config)
