"""The one torch training loop of the course, and the budget that every training run shares.

Every torch experiment (the character LM, the four schemes, the memory tasks, the spike task)
trains through :func:`fit`: Adam, global-norm clipping (the lecture's cure for exploding
gradients), an optional learning-rate schedule, and a :class:`Budget` of steps or seconds with a
tqdm progress bar. The numpy trainer (:mod:`rnnlab.training.numpy_lm`) uses the same Budget and
:func:`history_point`, so the two report alike.

Ctrl-C (SIGINT, also Jupyter's interrupt button) during :func:`fit` ends training after the
step in progress: fit returns the losses so far with ``losses.interrupted`` set, and the model
keeps every completed update. A second Ctrl-C interrupts at once, as usual.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator

import numpy as np

from rnnlab._validate import check_int, check_positive

__all__ = ["Budget", "Interrupt", "Losses", "fit", "history_point", "stop_on_interrupt"]


class Budget:
    """Stop after `steps` updates or `seconds` of wall-clock time, whichever comes first.

    The clock starts when the Budget is made. With `progress`, a tqdm.auto bar counts seconds
    (when there is a time budget) or steps.
    """

    def __init__(
        self, *, steps: int | None = None, seconds: float | None = None, progress: bool = False
    ) -> None:
        from tqdm.auto import tqdm

        if steps is None and seconds is None:
            raise ValueError("set steps or seconds (or both): training needs a budget")
        self.steps = None if steps is None else check_int(steps, "steps")
        self.seconds = None if seconds is None else check_positive(seconds, "seconds")
        self.step = 0
        timed = self.seconds is not None
        self.bar = tqdm(
            total=round(self.seconds) if timed else self.steps,
            unit="s" if timed else "step",
            disable=not progress,
            leave=True,
            bar_format="{l_bar}{bar}| {n}/{total} s [{elapsed}{postfix}]" if timed else None,
        )
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        """Seconds since the budget was made."""
        return time.perf_counter() - self.start

    def fraction(self) -> float:
        """How much of the budget is used up: 0 at the start, >= 1 when training must stop."""
        by_time = self.elapsed / self.seconds if self.seconds else 0.0
        by_steps = self.step / self.steps if self.steps else 0.0
        return max(by_time, by_steps)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Stop the clock inside the block (validation does not eat the time budget)."""
        begin = time.perf_counter()
        try:
            yield
        finally:
            self.start += time.perf_counter() - begin

    def tick(self) -> None:
        """Count one update and move the bar."""
        self.step += 1
        if self.seconds is None:
            self.bar.update(1)
        else:
            self.bar.update(min(round(self.elapsed), self.bar.total) - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def history_point(budget: Budget, chars: int, recent: list[float]) -> dict[str, float]:
    """One row of a training history: step, seconds, chars seen, and the mean recent loss."""
    return {
        "step": budget.step,
        "seconds": budget.elapsed,
        "chars": chars,
        "train_loss": float(np.mean(recent)),
    }


class Losses(list):
    """The loss of every step (a list of floats); ``interrupted`` is True after a Ctrl-C."""

    interrupted: bool = False


class Interrupt:
    """Whether a Ctrl-C asked the loop to stop (``stop``)."""

    stop: bool = False


@contextlib.contextmanager
def stop_on_interrupt() -> Iterator[Interrupt]:
    """Within the block, the first SIGINT (Ctrl-C, Jupyter's interrupt button) sets
    ``interrupt.stop`` instead of raising, so a loop can end after the step in progress; a
    second one raises KeyboardInterrupt, which ends the block with ``stop`` set. Outside the
    main thread, signals cannot be caught: there a KeyboardInterrupt does the same."""
    interrupt = Interrupt()
    in_main = threading.current_thread() is threading.main_thread()

    def handler(signum, frame) -> None:
        if interrupt.stop:
            raise KeyboardInterrupt
        interrupt.stop = True

    previous = signal.signal(signal.SIGINT, handler) if in_main else None
    try:
        yield interrupt
    except KeyboardInterrupt:
        interrupt.stop = True
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)


def fit(
    params: Iterable,
    loss_fn: Callable[[int], object],
    *,
    lr: float,
    budget: Budget,
    clip: float | None = 1.0,
    schedule: Callable[[float], float] | None = None,
    on_step: Callable[[int, float], bool | None] | None = None,
    betas: tuple[float, float] = (0.9, 0.999),
) -> Losses:
    """Minimise with Adam until `budget` is used up; return the loss of every step.

    loss_fn(step) returns the loss tensor of one batch (step counts from 0). After each update,
    the gradient's global norm having been clipped to `clip` (None: no clipping),
    ``on_step(step, loss)`` runs with the number of updates so far; it returns True to stop
    early (e.g. when a validation metric is good enough). `schedule(fraction)` multiplies `lr`
    by a factor of how much of the budget is used; `betas` are Adam's two decay rates.
    Ctrl-C stops after the current step and returns the losses with ``interrupted=True``.
    """
    import torch

    params = list(params)
    losses = Losses()
    with stop_on_interrupt() as interrupt:
        opt = torch.optim.Adam(params, lr=lr, betas=betas)  # its first use imports for seconds
        while not interrupt.stop and (used := budget.fraction()) < 1.0:
            if schedule is not None:
                for group in opt.param_groups:
                    group["lr"] = lr * schedule(used)
            losses.append(_update(opt, params, loss_fn(budget.step), clip))
            budget.tick()
            if on_step is not None and on_step(budget.step, losses[-1]):
                break
    budget.close()
    losses.interrupted = interrupt.stop
    return losses


def _update(opt, params: list, loss, clip: float | None) -> float:
    """One Adam step on `loss` with the global gradient norm clipped to `clip`; the loss value."""
    import torch

    opt.zero_grad(set_to_none=True)
    loss.backward()
    if clip is not None:
        torch.nn.utils.clip_grad_norm_(params, clip)
    opt.step()
    return loss.item()
