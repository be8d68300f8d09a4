"""What the four scheme trainers of :mod:`rnnlab.experiments.schemes` share: the train/test
split of a task's arrays, Adam on random minibatches, teacher forcing's shifted decoder inputs,
the padded sequence loss, exact-match scoring, and the held-out sample kept for later checks.

Token ids are time-major (T, B); id 0 is padding.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab.training.loop import Budget, fit

__all__ = [
    "fit_minibatches",
    "split_examples",
    "shift_right",
    "sequence_loss",
    "exact_match",
    "held_out_sample",
]


def fit_minibatches(model, loss_fn, n_train: int, *, steps: int, batch: int, lr: float, seed: int):
    """Adam on random minibatches: ``loss_fn(idx)`` is the loss of training examples `idx`."""
    draws = np.random.default_rng(seed + 1)

    def step_loss(_step: int) -> torch.Tensor:
        return loss_fn(torch.from_numpy(draws.integers(0, n_train, size=batch)))

    return fit(model.parameters(), step_loss, lr=lr, budget=Budget(steps=steps))


def split_examples(d: dict, n_train: int, keys_time_major: tuple[str, ...]):
    """Split a data dict into train and test parts (time-major arrays split on axis 1)."""
    train, test = {}, {}
    for key, value in d.items():
        if not isinstance(value, np.ndarray):
            continue
        axis = 1 if key in keys_time_major else 0
        a, b = np.split(value, [n_train], axis=axis)
        to = torch.float32 if value.dtype.kind == "f" else torch.long
        train[key] = torch.as_tensor(a, dtype=to)
        test[key] = torch.as_tensor(b, dtype=to)
    return train, test


def shift_right(targets, bos: int):
    """Decoder inputs for teacher forcing: <bos> followed by the targets minus the last."""
    first = torch.full_like(targets[:1], bos)
    return torch.cat([first, targets[:-1]])


def sequence_loss(logits, targets):
    """Cross-entropy over real positions only (target id 0 is padding)."""
    return torch.nn.functional.cross_entropy(
        logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=0
    )


def exact_match(pred, target, eos: int) -> np.ndarray:
    """Per sequence: do predicted ids equal the target up to and including <eos>? (B,) bool."""
    pred, target = pred.numpy(), target.numpy()
    ok = []
    for b in range(target.shape[1]):
        t = [int(i) for i in target[:, b] if i != 0]
        p = [int(i) for i in pred[:, b]]
        p = p[: p.index(eos) + 1] if eos in p else p
        ok.append(p == t)
    return np.array(ok)


def held_out_sample(test: dict, keys: tuple[str, ...], n: int = 32) -> dict:
    """The first n held-out examples (time-major arrays cut on axis 1), for later checks."""
    return {
        k: test[k][:, :n]
        if test[k].dim() == 2 and k in ("captions", "tokens", "src", "tgt", "tags")
        else test[k][:n]
        for k in keys
    }
