"""Where and how fast to train: the device (CUDA, then MPS, then CPU) and a short measurement.

What is fastest depends on the machine more than on its CPU flags: bfloat16 autocast is two to
three times faster than float32 on an Intel CPU with AMX, slower (or not available for the LSTM
at all) on an AVX2-only CPU, and a second thread helps a free CPU but hurts one that is shared.
So ``auto`` settings are decided by timing a few real training steps of every candidate
(:func:`choose_fastest`), a few hundred milliseconds in all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

__all__ = [
    "DEVICES",
    "resolve_device",
    "device_of",
    "precision_candidates",
    "steps_per_second",
    "SpeedChoice",
    "choose_fastest",
]

DEVICES = ("auto", "cpu", "cuda", "mps")
BF16_MARGIN = 2.5  # bfloat16 must be this much faster: its rounding costs loss per character
THREADS_MARGIN = 1.4  # more threads must be this much faster. On a quiet 2-core EPYC the
# default command measured two threads at 1.04-2.15x one over seven start-ups, five of them
# between 1.5x and 1.8x, so a margin of 1.8 chose differently from run to run. The margin still
# refuses a small gain: on a CPU shared with other jobs, a gain measured at the start once
# turned into a loss when another job took the second core (42k chars/s measured, 10k averaged
# over the two minutes)


def _mps_available() -> bool:
    import torch

    mps = getattr(torch.backends, "mps", None)
    return bool(mps is not None and mps.is_available())


def resolve_device(device: str = "auto") -> str:
    """'cuda', 'mps' or 'cpu'. 'auto' takes CUDA if there is a GPU, then Apple's MPS, then CPU;
    asking for a device that is not there raises a ValueError saying so."""
    import torch

    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}, got {device!r}")
    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        return "mps" if _mps_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for, but torch sees no CUDA GPU here")
    if device == "mps" and not _mps_available():
        raise ValueError("device 'mps' was asked for, but torch sees no Apple MPS device here")
    return device


def device_of(model: torch.nn.Module) -> torch.device:
    """The device of a model's first parameter (CPU for a model without parameters)."""
    import torch

    first = next(iter(model.parameters()), None)
    return torch.device("cpu") if first is None else first.device


def precision_candidates(device: str) -> tuple[str, ...]:
    """The precisions worth timing on `device`: bfloat16 autocast where torch offers it."""
    import torch

    if device == "cuda":
        return ("float32", "bfloat16") if torch.cuda.is_bf16_supported() else ("float32",)
    if device == "mps":
        return ("float32",)
    return ("float32", "bfloat16")


def steps_per_second(
    step: Callable[[], None], seconds: float = 0.1, warmup: int = 1, give_up: float | None = None
) -> float:
    """How many calls of `step` run per second: `warmup` untimed calls, then as many as fit in
    `seconds` (at least two). If a warmup call alone takes longer than `give_up` seconds, the
    candidate is clearly slow: its rate is judged from that call, without timing more."""
    for _ in range(warmup):
        begin = time.perf_counter()
        step()
        took = time.perf_counter() - begin
        if give_up is not None and took > give_up:
            return 1.0 / took
    n, start = 0, time.perf_counter()
    while n < 2 or time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


@dataclass
class SpeedChoice:
    """What an ``auto`` setting chose: the precision, the thread count (None: left as it was),
    the measured characters per second of every candidate ('float32 x1' -> rate; 0.0 when the
    candidate failed), and a one-line reason."""

    precision: str
    threads: int | None
    rates: dict[str, float] = field(default_factory=dict)
    reason: str = ""


def _label(precision: str, threads: int | None) -> str:
    return precision if threads is None else f"{precision} x{threads}"


def _worth(rate: float, best: float, margin: float) -> bool:
    return rate > 0 and rate >= margin * best


def _fewest_threads(rates: dict[str, float], precision: str, threads: Sequence[int | None]):
    """The thread count for `precision`: the first, unless a later one is THREADS_MARGIN faster."""
    best = threads[0]
    for n in threads[1:]:
        if _worth(rates[_label(precision, n)], rates[_label(precision, best)], THREADS_MARGIN):
            best = n
    return best


def choose_fastest(
    rate_of: Callable[[str, int | None], float],
    precisions: Sequence[str],
    threads: Sequence[int | None] = (None,),
    rounds: int = 3,
) -> SpeedChoice:
    """Time every (precision, threads) candidate with ``rate_of`` (chars/s; an exception counts
    as 0) and choose: float32 with the fewest threads, unless more threads are at least
    THREADS_MARGIN faster, or bfloat16 at least BF16_MARGIN faster than float32.

    The candidates are timed `rounds` times, interleaved, and each keeps its best rate: on a
    2-vCPU virtual machine whose host takes a core now and then, two threads measured 1.0x to
    2.2x one over seven start-ups of the same command timed in one or two rounds, and the choice
    followed that noise.
    """
    rates: dict[str, float] = {}
    for _ in range(rounds):
        for precision in precisions:
            for n in threads:
                label = _label(precision, n)
                if rates.get(label) == 0.0:
                    continue  # it failed: no second try
                try:
                    rate = float(rate_of(precision, n))
                except RuntimeError:  # e.g. oneDNN has no bfloat16 LSTM on this CPU
                    rate = 0.0
                rates[label] = max(rates.get(label, rate), rate)  # each keeps its best round
    chosen = {p: _fewest_threads(rates, p, threads) for p in precisions}
    best_p = precisions[0]
    for precision in precisions[1:]:
        rate = rates[_label(precision, chosen[precision])]
        if _worth(rate, rates[_label(best_p, chosen[best_p])], BF16_MARGIN):
            best_p = precision
    best_n = chosen[best_p]
    shown = ", ".join(f"{k} {v / 1e3:.1f}k" if v else f"{k} failed" for k, v in rates.items())
    reason = f"measured chars/s: {shown}" if len(rates) > 1 else "nothing to choose"
    return SpeedChoice(best_p, best_n, rates, reason)
