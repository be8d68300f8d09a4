"""Reproducibility: one call that seeds every generator a notebook uses."""

from __future__ import annotations

import functools
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from rnnlab._validate import check_int

__all__ = ["seed_everything", "one_thread"]


def seed_everything(seed: int = 0, *, precision: int = 4) -> np.random.Generator:
    """Seed Python, numpy and torch, set print precision, and return a fresh numpy Generator.

    Notebooks call this once, at the top; functions in rnnlab take an explicit ``rng`` or
    ``seed`` instead of reading global state. ``precision`` is the number of decimals numpy and
    torch print, so stored notebook outputs do not depend on float noise in the last digits.
    """
    check_int(seed, "seed", minimum=0)
    if not isinstance(precision, int) or not 0 <= precision <= 16:
        raise ValueError(f"precision must be an int in [0, 16], got {precision!r}")
    import torch  # imported here so that `import rnnlab.repro` stays light

    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (code outside rnnlab may still use the global state)
    torch.manual_seed(seed)
    np.set_printoptions(precision=precision, suppress=True)
    torch.set_printoptions(precision=precision, sci_mode=False)
    _set_ipython_precision(precision)
    return np.random.default_rng(seed)


def _set_ipython_precision(precision: int) -> None:
    """Make IPython print bare floats with `precision` decimals, when running in IPython."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure
        return
    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("precision", str(precision))


@contextmanager
def one_thread() -> Iterator[None]:
    """Run numpy's BLAS and torch on one thread inside the block, then restore their counts.

    The course's models are tiny: splitting each small matrix product over threads costs more
    than it saves, and on a busy machine it makes them many times slower. Measured on a 2-core
    machine with the other core busy: 100 steps of notebook 05's numpy RNN took 8.2 s on two
    BLAS threads and 2.5 s on one (2.5 s both ways on a quiet machine); notebook 10 ran in
    114 s with two threads each for BLAS and torch, 23 s with one (21 s quiet).
    torch is only touched if it is imported already: a numpy-only block does not load it.
    """
    torch = sys.modules.get("torch")
    before = torch.get_num_threads() if torch is not None else None
    if torch is not None:
        torch.set_num_threads(1)
    try:
        with _blas().limit(limits=1, user_api="blas"):
            yield
    finally:
        if torch is not None:
            torch.set_num_threads(before)


@functools.cache
def _blas():
    """threadpoolctl's controller of the thread pools loaded (numpy's BLAS: numpy is imported).

    Made once: finding the loaded libraries costs about 1 ms, and a widget frame may call
    :func:`one_thread` (sampling does); limiting through the kept controller costs 0.04 ms.
    """
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()
