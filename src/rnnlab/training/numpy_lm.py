"""Training the numpy RNN of :mod:`rnnlab.scratch.rnn` as a character LM, the torch recipe by hand.

The same recipe as :func:`rnnlab.training.lm.train_lm`, written with the scratch pieces: one-hot
inputs, BPTT (:func:`rnnlab.scratch.rnn.rnn_loss_and_grads`), global-norm clipping, numpy Adam, and
truncated BPTT with the state carried along B streams. It shares the budget, the learning-rate
schedule and the history rows with the torch loop.
"""

from __future__ import annotations

import numpy as np

from rnnlab.data.text import Vocab, tbptt_passes, tbptt_windows
from rnnlab.repro import one_thread
from rnnlab.scratch.clip import clip_by_norm
from rnnlab.scratch.optim import adam_init, adam_update
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads, softmax
from rnnlab.training.config import TrainConfig, TrainResult
from rnnlab.training.lm import cosine_schedule, split_ids
from rnnlab.training.loop import Budget, history_point

__all__ = ["evaluate_numpy", "train_numpy_rnn"]


# the numpy RNN's products are small: one BLAS thread is as fast, and several wait on each other
# on a busy machine (repro.one_thread)
@one_thread()
def evaluate_numpy(params, ids: np.ndarray, V: int, seq_len: int = 128, batch_size: int = 32):
    """Mean cross-entropy (nats/char) of the numpy RNN on `ids`, state carried along streams."""
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


def _update(params, grads, opt, lr: float, config: TrainConfig, memory: bool) -> None:
    """Clip the gradient's global norm, then one Adam step; W_hh stays 0 without memory."""
    if not memory:
        grads["W_hh"][:] = 0.0  # Adam never moves a weight whose gradient stays 0
    grads, _ = clip_by_norm(grads, config.clip)
    adam_update(params, grads, opt, lr, betas=config.betas)


def _final_loss(params, val_ids: np.ndarray | None, V: int, history: list[dict]) -> float:
    """The loss on all the validation ids (stored in the last history row), or without
    validation the last training loss."""
    if val_ids is None:
        return history[-1]["train_loss"]
    history[-1]["val_loss"] = evaluate_numpy(params, val_ids, V)
    return history[-1]["val_loss"]


@one_thread()  # as evaluate_numpy
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

    With ``val_fraction=None`` (or 0) the whole text is used for training and no validation is
    done (val_loss is then the final training loss): what the tiny 'hello' example needs. Stops
    after `max_steps` steps or `seconds` of wall-clock time, whichever comes first.
    ``memory=False`` pins W_hh at 0, so h_t depends on x_t alone: a model without memory.
    """
    if max_steps is None and seconds is None:
        raise ValueError("set max_steps or seconds (or both): training needs a budget")
    vocab = vocab or Vocab.from_text(text)
    config = TrainConfig(
        cell="rnn",
        hidden_size=hidden_size,
        seq_len=seq_len,
        batch_size=batch_size,
        lr=lr,
        clip=clip,
        minutes=None if seconds is None else seconds / 60,
        max_steps=max_steps,
        eval_every=eval_every,
        val_fraction=val_fraction,  # as given: None or 0 records a run without held-out text
        # what this loop does: numpy Adam's betas, no warm-up, a cosine to 0.1 lr, fixed cuts
        betas=(0.9, 0.999),
        warmup=0.0,
        lr_floor=0.1,
        random_offset=False,
    )
    train_ids, val_ids = split_ids(text, vocab, val_fraction, seq_len, batch_size)
    params = init_rnn_params(len(vocab), hidden_size, len(vocab), rng=rng)
    if not memory:
        params["W_hh"][:] = 0.0
    history = _train(params, train_ids, val_ids, config, seconds, memory, progress)
    val_loss = _final_loss(params, val_ids, len(vocab), history)
    return TrainResult(model=params, vocab=vocab, history=history, val_loss=val_loss, config=config)


def _train(params, train_ids, val_ids, config: TrainConfig, seconds, memory, progress) -> list:
    """The loop of :func:`train_numpy_rnn`: the next window of the B streams, loss and gradients
    by BPTT from the carried state, clip, Adam at the scheduled rate; its history rows."""
    V, T, B = params["W_hy"].shape[0], config.seq_len, config.batch_size
    opt = adam_init(params)
    eye = np.eye(V)
    history: list[dict[str, float]] = []
    chars, recent, h = 0, [], None
    windows = tbptt_passes(train_ids, T, B)
    budget = Budget(steps=config.max_steps, seconds=seconds, progress=progress)
    while (used := budget.fraction()) < 1.0:
        xs, ys, new_pass = next(windows)
        loss, grads, h = rnn_loss_and_grads(params, eye[xs], ys, None if new_pass else h)
        lr = config.lr * cosine_schedule(used, config.lr_floor, config.warmup)
        _update(params, grads, opt, lr, config, memory)
        budget.tick()
        chars += xs.size
        recent.append(loss)
        if budget.step % config.eval_every == 0:
            point = history_point(budget, chars, recent)
            if val_ids is not None:
                point["val_loss"] = evaluate_numpy(params, val_ids[: config.eval_chars], V)
            history.append(point)
            recent = []
    budget.close()
    if recent:
        history.append(history_point(budget, chars, recent))
    return history
