"""A small character LSTM, trained for a few seconds so that its gates can be watched on text."""

from __future__ import annotations

import time

import numpy as np
import torch

from rnnlab._validate import check_int
from rnnlab.data.text import Vocab, random_windows
from rnnlab.experiments.results import CharLSTM
from rnnlab.models.memory import MemoryModel
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = ["train_char_lstm"]


def train_char_lstm(
    text: str,
    *,
    hidden_size: int = 32,
    seq_len: int = 64,
    batch_size: int = 32,
    steps: int = 300,
    lr: float = 1e-2,
    seed: int = 0,
) -> CharLSTM:
    """Train a small character-level LSTM (one-hot input, linear head) on `text`, for a few
    seconds, so that its gates can be looked at on real text.

    Batches are `batch_size` windows from random places of the text (no carried state).
    """
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
        check_int(value, name)
    vocab = Vocab.from_text(text)
    ids = vocab.encode(text)
    V = len(vocab)
    torch.manual_seed(seed)
    model = MemoryModel("lstm", V, hidden_size, V)
    rng = np.random.default_rng(seed)
    eye = torch.eye(V)

    def step_loss(_step: int) -> torch.Tensor:
        window = torch.from_numpy(random_windows(ids, seq_len, batch_size, rng))  # (T + 1, B)
        logits = model(eye[window[:-1]])  # (T, B, V)
        return torch.nn.functional.cross_entropy(logits.reshape(-1, V), window[1:].reshape(-1))

    start = time.perf_counter()
    with one_thread():
        losses = fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))
    return CharLSTM(model.rnn, model.head, vocab, losses, time.perf_counter() - start)
