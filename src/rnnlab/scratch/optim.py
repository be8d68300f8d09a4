"""Adam in numpy, the same update rule as torch.optim.Adam (no weight decay, no amsgrad).

m <- b1 m + (1 - b1) g        v <- b2 v + (1 - b2) g^2
p <- p - lr m^ / (sqrt(v^) + eps),   m^ = m / (1 - b1^t),  v^ = v / (1 - b2^t)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

__all__ = ["AdamState", "adam_init", "adam_update"]


@dataclass
class AdamState:
    """Adam's first and second moments (one array per parameter) and the step count t."""

    m: dict[str, np.ndarray]
    v: dict[str, np.ndarray]
    t: int = field(default=0)


def adam_init(params: Mapping[str, np.ndarray]) -> AdamState:
    """Zero moments shaped like each parameter, t = 0."""
    return AdamState(
        m={k: np.zeros_like(v) for k, v in params.items()},
        v={k: np.zeros_like(v) for k, v in params.items()},
    )


def adam_update(
    params: dict[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: AdamState,
    lr: float,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> None:
    """One Adam step on `params`, in place; `grads` has the keys and shapes of `params`."""
    b1, b2 = betas
    state.t += 1
    for k, g in grads.items():
        m, v = state.m[k], state.v[k]
        m *= b1
        m += (1 - b1) * g
        v *= b2
        v += (1 - b2) * g * g
        m_hat = m / (1 - b1**state.t)
        v_hat = v / (1 - b2**state.t)
        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)
