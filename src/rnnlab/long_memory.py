"""Small torch models trained on the long-memory tasks: tanh RNN against LSTM (and GRU).

Every training function returns a plain dict, so a notebook can tabulate it:

    {"task", "model", "seq_len", "steps", "metric", "metric_name", "baseline", "seconds",
     "history": {"step": [...], "metric": [...]}, "model_obj": the trained MemoryModel}

(the copy task adds "reached_delay", how far its curriculum got).

``metric`` is measured on a fixed test batch drawn from its own seed: the mean squared error for
the adding problem (lower is better, baseline 1/6) and the accuracy on the recalled symbols for
the copy task (higher is better, baseline 1 / n_symbols).
"""

from __future__ import annotations

import time

import numpy as np
import torch

from rnnlab.data.memory_tasks import (
    ADDING_BASELINE_MSE,
    adding_problem,
    copy_baseline_accuracy,
    copy_task,
)
from rnnlab.repro import one_thread

__all__ = [
    "CELLS",
    "MemoryModel",
    "train_adding",
    "train_copy",
    "results_table",
    "train_char_lstm",
    "one_thread",
]

CELLS = ("rnn", "lstm", "gru")


def _check_cell(cell: str) -> str:
    if cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}, got {cell!r}")
    return cell


def _check_pos_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


class MemoryModel(torch.nn.Module):
    """A one-layer recurrent `cell` ('rnn', 'lstm' or 'gru') with a linear head (float32).

    xs (T, B, D) -> outputs (T, B, output_size), one per step; the task picks the steps it reads.
    For the LSTM the forget-gate bias starts at `forget_bias` (split over torch's two biases),
    the usual trick that lets the cell keep its state from the first step of training.
    """

    def __init__(
        self,
        cell: str,
        input_size: int,
        hidden_size: int,
        output_size: int,
        *,
        forget_bias: float = 1.0,
    ) -> None:
        super().__init__()
        _check_cell(cell)
        for name, size in [
            ("input_size", input_size),
            ("hidden_size", hidden_size),
            ("output_size", output_size),
        ]:
            _check_pos_int(size, name)
        kind = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
        self.cell = cell
        self.rnn = kind(input_size, hidden_size)
        self.head = torch.nn.Linear(hidden_size, output_size)
        if cell == "lstm":
            H = hidden_size
            with torch.no_grad():  # torch stacks the gate rows as input, forget, cell, output
                self.rnn.bias_ih_l0[H : 2 * H].fill_(forget_bias / 2)
                self.rnn.bias_hh_l0[H : 2 * H].fill_(forget_bias / 2)

    def forward(self, xs: torch.Tensor) -> torch.Tensor:
        hs, _ = self.rnn(xs)  # (T, B, H)
        return self.head(hs)  # (T, B, output_size)


def _train(
    task: str,
    cell: str,
    make_batch,
    loss_and_metric,
    *,
    model,
    steps: int,
    lr: float,
    eval_every: int,
    test_batch,
    seed: int,
    clip: float = 1.0,
    stop_at=None,
    after_step=None,
) -> dict:
    """Adam with gradient clipping; evaluates on `test_batch` every `eval_every` steps."""
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    history: dict[str, list] = {"step": [], "metric": []}
    test_x, test_y = test_batch
    start = time.perf_counter()
    done = 0
    with one_thread():
        for step in range(1, steps + 1):
            xs, ys = make_batch(rng)
            loss, train_metric = loss_and_metric(model(xs), ys)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)  # the lecture's clipping
            opt.step()
            done = step
            if after_step is not None:
                after_step(train_metric)
            if step % eval_every == 0 or step == steps:
                with torch.no_grad():
                    _, metric = loss_and_metric(model(test_x), test_y)
                history["step"].append(step)
                history["metric"].append(float(metric))
                if stop_at is not None and stop_at(float(metric)):
                    break
    return {
        "task": task,
        "model": cell,
        "steps": done,
        "metric": history["metric"][-1],
        "seconds": time.perf_counter() - start,
        "history": history,
    }


def train_adding(
    cell: str = "lstm",
    *,
    seq_len: int = 50,
    hidden_size: int = 32,
    steps: int = 1500,
    batch_size: int = 64,
    lr: float = 1e-2,
    eval_every: int = 50,
    test_size: int = 1000,
    seed: int = 0,
    target_mse: float | None = None,
    forget_bias: float = 1.0,
) -> dict:
    """Train a `cell` model on the adding problem at `seq_len`; return the results dict.

    The model reads its answer from the last step's output. The metric is the test MSE
    (baseline 1/6). Training stops early once the test MSE is below `target_mse`, if given.
    """
    _check_cell(cell)
    T = _check_pos_int(seq_len, "seq_len")
    if T < 2:
        raise ValueError(f"seq_len must be >= 2, got {seq_len!r}")
    for name, value in [
        ("steps", steps),
        ("batch_size", batch_size),
        ("eval_every", eval_every),
        ("test_size", test_size),
    ]:
        _check_pos_int(value, name)
    torch.manual_seed(seed)
    model = MemoryModel(cell, 2, hidden_size, 1, forget_bias=forget_bias)

    def to_torch(batch):
        xs, ys = batch
        return torch.from_numpy(xs).float(), torch.from_numpy(ys).float()

    def loss_and_metric(out, ys):
        mse = torch.mean((out[-1, :, 0] - ys) ** 2)  # answer read at the last step
        return mse, mse.item()

    test = to_torch(adding_problem(test_size, T, np.random.default_rng(10_000 + seed)))
    result = _train(
        "adding",
        cell,
        lambda rng: to_torch(adding_problem(batch_size, T, rng)),
        loss_and_metric,
        model=model,
        steps=steps,
        lr=lr,
        eval_every=eval_every,
        test_batch=test,
        seed=seed,
        stop_at=None if target_mse is None else (lambda m: m < target_mse),
    )
    result.update(seq_len=T, metric_name="test MSE", baseline=ADDING_BASELINE_MSE, model_obj=model)
    return result


def train_copy(
    cell: str = "lstm",
    *,
    delay: int = 40,
    n_copy: int = 5,
    n_symbols: int = 8,
    hidden_size: int = 64,
    steps: int = 1500,
    batch_size: int = 64,
    lr: float = 1e-2,
    eval_every: int = 50,
    test_size: int = 1000,
    seed: int = 0,
    target_accuracy: float | None = None,
    forget_bias: float = 1.0,
    curriculum: bool = True,
) -> dict:
    """Train a `cell` model on the copy task; return the results dict.

    The model writes its K = n_copy answers at the last K steps; the metric is the test accuracy
    over those symbols (baseline 1 / n_symbols), always at the full `delay`. Training stops
    early once the test accuracy reaches `target_accuracy`, if given.

    With `curriculum` the training delay starts at 1 and grows by 5 steps (up to `delay`) each
    time the model gets 90 % of the recent training symbols right: a fixed long delay gives
    no signal to start from, so both models would sit at the baseline.
    """
    _check_cell(cell)
    for name, value in [
        ("delay", delay),
        ("n_copy", n_copy),
        ("steps", steps),
        ("batch_size", batch_size),
        ("eval_every", eval_every),
        ("test_size", test_size),
    ]:
        _check_pos_int(value, name)
    K, S = int(n_copy), int(n_symbols)
    torch.manual_seed(seed)
    model = MemoryModel(cell, S + 2, hidden_size, S, forget_bias=forget_bias)

    level = {"delay": 1 if curriculum else int(delay), "recent": 0.0}

    def make(batch_size, rng, d):
        xs, ys = copy_task(batch_size, d, rng, n_copy=K, n_symbols=S)
        return torch.from_numpy(xs).float(), torch.from_numpy(ys)

    def grow(train_accuracy):
        level["recent"] = 0.9 * level["recent"] + 0.1 * train_accuracy  # smoothed accuracy
        if curriculum and level["recent"] > 0.9 and level["delay"] < delay:
            level["delay"] = min(int(delay), level["delay"] + 5)
            level["recent"] = 0.0

    def loss_and_metric(out, ys):
        logits = out[-K:]  # (K, B, S): the answer steps
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, S), ys.reshape(-1))
        accuracy = (logits.argmax(-1) == ys).float().mean().item()
        return loss, accuracy

    test = make(test_size, np.random.default_rng(10_000 + seed), int(delay))
    result = _train(
        "copy",
        cell,
        lambda rng: make(batch_size, rng, level["delay"]),
        loss_and_metric,
        model=model,
        steps=steps,
        lr=lr,
        eval_every=eval_every,
        test_batch=test,
        seed=seed,
        stop_at=None if target_accuracy is None else (lambda m: m >= target_accuracy),
        after_step=grow,
    )
    result.update(
        reached_delay=level["delay"],
        seq_len=2 * K + int(delay),
        metric_name="test accuracy",
        baseline=copy_baseline_accuracy(S),
        model_obj=model,
    )
    return result


def results_table(results: list[dict], *, with_seconds: bool = True) -> str:
    """A Markdown table of results: task, model, T, steps, metric (and baseline), seconds."""
    head = "| task | model | T | steps | metric | value | baseline |"
    rule = "|---|---|---|---|---|---|---|"
    if with_seconds:
        head += " seconds |"
        rule += "---|"
    lines = [head, rule]
    for r in results:
        line = (
            f"| {r['task']} | {r['model']} | {r['seq_len']} | {r['steps']} | {r['metric_name']}"
            f" | {r['metric']:.3f} | {r['baseline']:.3f} |"
        )
        if with_seconds:
            line += f" {r['seconds']:.1f} |"
        lines.append(line)
    return "\n".join(lines)


def train_char_lstm(
    text: str,
    *,
    hidden_size: int = 32,
    seq_len: int = 64,
    batch_size: int = 32,
    steps: int = 300,
    lr: float = 1e-2,
    seed: int = 0,
) -> dict:
    """Train a small character-level LSTM (one-hot input, linear head) on `text`, for a few
    seconds, so that its gates can be looked at on real text.

    Returns {"lstm": torch.nn.LSTM (float32), "head": torch.nn.Linear, "vocab": Vocab,
    "losses": list of training losses (nats per character), "seconds": float}.
    """
    from rnnlab.data.text import Vocab

    if not isinstance(text, str) or len(text) < seq_len + 2:
        raise ValueError(
            f"text must be a str longer than seq_len + 1 = {seq_len + 1} characters,"
            f" got {type(text).__name__} of length {len(text) if isinstance(text, str) else 0}"
        )
    for name, value in [
        ("hidden_size", hidden_size),
        ("seq_len", seq_len),
        ("batch_size", batch_size),
        ("steps", steps),
    ]:
        _check_pos_int(value, name)
    vocab = Vocab.from_text(text)
    ids = torch.from_numpy(vocab.encode(text))
    V = len(vocab)
    torch.manual_seed(seed)
    model = MemoryModel("lstm", V, hidden_size, V)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    rng = np.random.default_rng(seed)
    eye = torch.eye(V)
    losses = []
    start = time.perf_counter()
    with one_thread():
        _char_loop(model, opt, rng, ids, eye, seq_len, batch_size, steps, losses)
    return {
        "lstm": model.rnn,
        "head": model.head,
        "vocab": vocab,
        "losses": losses,
        "seconds": time.perf_counter() - start,
    }


def _char_loop(model, opt, rng, ids, eye, seq_len, batch_size, steps, losses) -> None:
    V = eye.shape[0]
    for _ in range(steps):
        starts = torch.from_numpy(rng.integers(0, len(ids) - seq_len - 1, size=batch_size))
        window = ids[starts[None, :] + torch.arange(seq_len + 1)[:, None]]  # (T + 1, B)
        logits = model(eye[window[:-1]])  # (T, B, V)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), window[1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
