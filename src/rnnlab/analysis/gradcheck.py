"""Gradient checks: compare an analytic gradient with centred finite differences.

A correct float64 gradient agrees to a relative error below 1e-7 (see :func:`numerical_gradient`
for why); a wrong one is off by orders of magnitude more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from rnnlab._validate import as_array, check_positive
from rnnlab.scratch.rnn import rnn_loss_and_grads

__all__ = ["numerical_gradient", "relative_error", "gradient_check", "rnn_gradient_check"]


def numerical_gradient(f: Callable[[np.ndarray], float], x: object, eps: float = 1e-5):
    """Centered finite differences (f(x + eps e_k) - f(x - eps e_k)) / (2 eps) for every entry.

    f: a function of an array shaped like x, returning a float. x is copied to float64 and
    never modified. Returns an array shaped like x. The centered formula's truncation error is
    O(eps^2) and its round-off error O(1e-16 / eps); eps = 1e-5 balances the two, giving about
    1e-9 relative error on the RNN loss in float64.
    """
    if not callable(f):
        raise ValueError(f"f must be callable, got {type(f).__name__}")
    eps = check_positive(eps, "eps")
    x = as_array(x, "x", dtype=np.float64).copy()
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        plus = float(f(x))
        x[idx] = old - eps
        minus = float(f(x))
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def relative_error(analytic: object, numeric: object) -> float:
    """max |a - n| / max(max |a|, max |n|): 0 when equal, about 1 when unrelated.

    Both zero gives 0. Shapes must match.
    """
    a = as_array(analytic, "analytic", dtype=np.float64)
    n = as_array(numeric, "numeric", dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {a.shape}, {n.shape}")
    if a.size == 0:
        return 0.0
    scale = max(np.abs(a).max(), np.abs(n).max())
    return 0.0 if scale == 0 else float(np.abs(a - n).max() / scale)


def gradient_check(
    loss_fn: Callable[[dict[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    eps: float = 1e-5,
) -> dict[str, float]:
    """Compare `grads` with centered finite differences of `loss_fn` for every key of `grads`.

    loss_fn(params) -> float; params and grads: dicts of arrays with the same keys and shapes.
    Returns {key: relative error}; a correct float64 gradient gives < 1e-7.
    """
    errors = {}
    for key in grads:
        if key not in params:
            raise ValueError(f"grads has key {key!r} that params lacks; params has {list(params)}")
        value = as_array(params[key], f"params[{key!r}]", dtype=np.float64)
        if np.shape(grads[key]) != value.shape:
            raise ValueError(
                f"grads[{key!r}] must have shape {value.shape} like params, "
                f"got {np.shape(grads[key])}"
            )

        def f(v: np.ndarray, key: str = key) -> float:
            return float(loss_fn({**params, key: v}))

        errors[key] = relative_error(grads[key], numerical_gradient(f, value, eps))
    return errors


def rnn_gradient_check(
    params: Mapping[str, np.ndarray],
    xs: np.ndarray,
    targets: np.ndarray,
    h0: np.ndarray | None = None,
    grads: Mapping[str, np.ndarray] | None = None,
    eps: float = 1e-5,
) -> dict[str, float]:
    """:func:`gradient_check` for the RNN loss; `grads` defaults to BPTT's.

    Pass your own `grads` (e.g. a deliberately wrong one) to see the check catch it.
    """
    if grads is None:
        grads = rnn_loss_and_grads(params, xs, targets, h0)[1]

    def loss_fn(p: dict[str, np.ndarray]) -> float:
        return rnn_loss_and_grads(p, xs, targets, h0)[0]

    return gradient_check(loss_fn, params, grads, eps)
