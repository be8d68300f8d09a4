"""Measuring what runs fastest here before training: the precision and the thread count.

:func:`measure_speed` times a few real training steps of a throwaway model for every candidate
(:func:`rnnlab.training.hardware.choose_fastest` decides); :func:`autocast` is the context a
training step runs in for the chosen precision.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.training.config import TrainConfig
from rnnlab.training.hardware import (
    SpeedChoice,
    choose_fastest,
    precision_candidates,
    resolve_device,
    steps_per_second,
)

__all__ = ["autocast", "measure_speed"]


def autocast(precision: str, device: torch.device | str = "cpu") -> torch.autocast:
    """A context that runs matrix products in bfloat16 when `precision` is 'bfloat16'."""
    kind = torch.device(device).type
    return torch.autocast(kind, dtype=torch.bfloat16, enabled=precision == "bfloat16")


class _Stepper:
    """One training step of a throwaway CharLM of `config` on random ids, for timing."""

    def __init__(self, config: TrainConfig, vocab_size: int, device: str) -> None:
        self.model = CharLM(**config.model_kwargs(vocab_size)).to(device)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=1e-4, betas=config.betas)
        T, B = config.seq_len, config.batch_size
        ids = np.random.default_rng(0).integers(0, vocab_size, size=(T + 1, B))
        self.xs, self.ys = torch.from_numpy(ids[:-1]).to(device), torch.from_numpy(ids[1:])
        self.clip, self.device, self.state = config.clip, device, None
        self.precision = "float32"

    def __call__(self) -> None:
        with autocast(self.precision, self.device):
            logits, state = self.model(self.xs, self.state)
        V = logits.shape[-1]
        loss = torch.nn.functional.cross_entropy(
            logits.float().reshape(-1, V), self.ys.to(self.device).reshape(-1)
        )
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.opt.step()
        self.state = detach_state(state)
        loss.item()


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
    step = _Stepper(config, vocab_size, device)
    chars_per_step = config.seq_len * config.batch_size
    fastest = [math.inf]  # seconds per step of the fastest candidate so far

    def rate_of(precision: str, n: int | None) -> float:
        if n is not None:
            torch.set_num_threads(n)
        step.precision = precision
        first = fastest[0] == math.inf  # the first candidate also pays one-time start-up costs
        rate = steps_per_second(step, warmup=2 if first else 1, give_up=3 * fastest[0])
        fastest[0] = min(fastest[0], 1.0 / rate)
        return chars_per_step * rate

    explicit = config.precision != "auto"
    candidates = (config.precision,) if explicit else precision_candidates(device)
    choice = choose_fastest(rate_of, candidates, threads)
    if choice.threads is not None:
        torch.set_num_threads(choice.threads)
    return choice
