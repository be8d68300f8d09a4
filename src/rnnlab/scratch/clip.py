"""Gradient clipping in numpy, with the semantics of torch.nn.utils.clip_grad_norm_/_value_.

The lecture's fix for exploding gradients: "set the norm of the gradient to some max value".

- :func:`clip_by_norm` treats all arrays as one long vector: if its global L2 norm is above
  ``max_norm`` every array is rescaled by the same factor, so the direction is kept.
- :func:`clip_by_value` clips each entry to ``[-clip_value, clip_value]`` on its own, which can
  change the direction.

Both return new arrays (torch modifies ``.grad`` in place) in the container type they were
given: a dict stays a dict with the same keys, a list or tuple becomes a list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from rnnlab._validate import as_array, check_positive

__all__ = ["global_norm", "clip_by_norm", "clip_by_value"]

# torch adds this to the norm before dividing, so a gradient exactly at the threshold is
# scaled by max_norm / (max_norm + 1e-6); we do the same to match it to the last digit
_TORCH_EPS = 1e-6

Grads = Mapping[str, np.ndarray] | Sequence[np.ndarray]


def _as_items(grads: object, name: str) -> tuple[list[str] | None, list[np.ndarray]]:
    """Split `grads` into (keys or None, float64 arrays)."""
    if isinstance(grads, np.ndarray):
        raise ValueError(
            f"{name} must be a dict or list of arrays, got a single ndarray; wrap it: [g]"
        )
    if isinstance(grads, Mapping):
        keys = list(grads)
        return keys, [as_array(grads[k], f"{name}[{k!r}]", dtype=np.float64) for k in keys]
    if isinstance(grads, Sequence) and not isinstance(grads, str):
        return None, [as_array(g, f"{name}[{i}]", dtype=np.float64) for i, g in enumerate(grads)]
    raise ValueError(f"{name} must be a dict or list of arrays, got {type(grads).__name__}")


def _pack(keys: list[str] | None, arrays: list[np.ndarray]):
    return dict(zip(keys, arrays, strict=True)) if keys is not None else arrays


def global_norm(grads: Grads) -> float:
    """The L2 norm of all arrays of `grads` taken together: sqrt(sum of every squared entry)."""
    _, arrays = _as_items(grads, "grads")
    if not arrays:
        return 0.0
    # the norm of the per-array norms, as torch computes it (and without overflowing early)
    return float(np.linalg.norm([np.linalg.norm(a.ravel()) for a in arrays]))


def clip_by_norm(grads: Grads, max_norm: float) -> tuple[dict | list, float]:
    """Rescale `grads` so that their global L2 norm is at most `max_norm`.

    grads: a dict name -> array or a list of arrays, any shapes. max_norm: positive.
    Returns (clipped, total_norm): clipped has the container type and shapes of `grads`;
    total_norm is the global norm *before* clipping (what torch returns). Arrays are scaled by
    ``min(1, max_norm / (total_norm + 1e-6))``, exactly as ``torch.nn.utils.clip_grad_norm_``.
    """
    max_norm = check_positive(max_norm, "max_norm")
    keys, arrays = _as_items(grads, "grads")
    total = global_norm(arrays)
    scale = min(1.0, max_norm / (total + _TORCH_EPS))
    return _pack(keys, [a * scale for a in arrays]), total


def clip_by_value(grads: Grads, clip_value: float) -> dict | list:
    """Clip every entry of `grads` to [-clip_value, clip_value], like clip_grad_value_.

    grads: a dict name -> array or a list of arrays. clip_value: positive.
    Returns new arrays in the container type of `grads`.
    """
    clip_value = check_positive(clip_value, "clip_value")
    keys, arrays = _as_items(grads, "grads")
    return _pack(keys, [np.clip(a, -clip_value, clip_value) for a in arrays])
