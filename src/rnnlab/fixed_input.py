"""Why an ordinary network struggles with sequences: an MLP against an RNN on spike detection.

The task: does a noisy sequence of T numbers contain a spike? During training the spike only
ever appears in the first half of the sequence; the test puts it in the second half. An MLP reads
all T inputs at once with a separate weight per position, so the weights of the second half
never learn what a spike looks like. An RNN applies the same weights at every step, so what it
learned at t = 2 works at t = 9 too.
"""

from __future__ import annotations

import time

import numpy as np

from rnnlab.repro import one_thread

__all__ = ["spike_data", "mlp_vs_rnn"]


def spike_data(
    n: int,
    T: int,
    *,
    positions: range | list[int],
    rng: np.random.Generator,
    min_length: int | None = None,
    noise: float = 0.1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n noisy sequences, half of them with a spike of height 1 at one of `positions`.

    With `min_length`, each sequence gets a random length in [min_length, T] (a spike always
    falls inside it) and is padded with zeros up to T; otherwise all have length T.
    Returns xs (T, n, 1) float64, labels (n,) int (1 = has a spike), lengths (n,) int.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    if isinstance(T, bool) or not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be an int >= 1, got {T!r}")
    positions = np.array(list(positions))
    if positions.size == 0 or positions.min() < 0 or positions.max() >= T:
        raise ValueError(
            f"positions must be a non-empty list of steps in [0, {T}), got {positions}"
        )
    low = T if min_length is None else int(min_length)
    if not 1 <= low <= T or low <= positions.min():
        raise ValueError(f"min_length must be in ({positions.min()}, {T}], got {min_length!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator, got {type(rng).__name__}")
    lengths = rng.integers(low, T + 1, size=n)
    labels = rng.integers(0, 2, size=n)
    xs = noise * rng.standard_normal((T, n, 1))
    xs[np.arange(T)[:, None] >= lengths[None, :]] = 0.0  # padding after each sequence's end
    for b in np.flatnonzero(labels):
        xs[rng.choice(positions[positions < lengths[b]]), b, 0] += 1.0
    return xs, labels, lengths


def mlp_vs_rnn(
    *,
    T: int = 12,
    hidden: int = 16,
    steps: int = 300,
    lr: float = 0.02,
    n: int = 2000,
    seed: int = 0,
) -> dict[str, float]:
    """Train an MLP (T inputs at once) and an RNN (one input per step) on spikes in the first half.

    Returns accuracies on held-out sequences with the spike in the seen half and in the unseen
    half, the parameter counts and the seconds taken:
    {"mlp_seen", "mlp_unseen", "rnn_seen", "rnn_unseen", "mlp_params", "rnn_params", "seconds"}.
    """
    import torch
    from torch import nn

    if isinstance(T, bool) or not isinstance(T, int) or T < 2:
        raise ValueError(f"T must be an int >= 2, got {T!r}")
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    seen, unseen = range(0, T // 2), range(T // 2, T)
    # training sequences vary in length, so the RNN can't count steps to the end
    train = [torch.tensor(a) for a in spike_data(n, T, positions=seen, rng=rng, min_length=2)]
    tests = {
        name: [torch.tensor(a) for a in spike_data(n // 2, T, positions=pos, rng=rng)]
        for name, pos in [("seen", seen), ("unseen", unseen)]
    }
    torch.manual_seed(seed)
    mlp = nn.Sequential(nn.Linear(T, hidden), nn.Tanh(), nn.Linear(hidden, 2)).double()
    rnn = nn.RNN(1, hidden, dtype=torch.float64)
    rnn_head = nn.Linear(hidden, 2, dtype=torch.float64)

    def mlp_logits(xs, lengths):  # xs (T, B, 1): the whole zero-padded sequence at once
        return mlp(xs[:, :, 0].T)

    def rnn_logits(xs, lengths):  # one x_t per step; classify from h at each sequence's end
        out, _ = rnn(xs)  # (T, B, H)
        return rnn_head(out[lengths - 1, torch.arange(xs.shape[1])])

    result: dict[str, float] = {}
    with one_thread():  # tiny models: one thread is fastest
        for name, logits, params in [
            ("mlp", mlp_logits, list(mlp.parameters())),
            ("rnn", rnn_logits, [*rnn.parameters(), *rnn_head.parameters()]),
        ]:
            opt = torch.optim.Adam(params, lr=lr)
            batches = np.random.default_rng(seed + 1)
            for _ in range(steps):
                idx = torch.from_numpy(batches.integers(0, n, size=64))
                xs, labels, lengths = train[0][:, idx], train[1][idx], train[2][idx]
                loss = nn.functional.cross_entropy(logits(xs, lengths), labels)
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                for split, (xs, labels, lengths) in tests.items():
                    acc = (logits(xs, lengths).argmax(-1) == labels).double().mean().item()
                    result[f"{name}_{split}"] = acc
            result[f"{name}_params"] = sum(p.numel() for p in params)
    result["seconds"] = time.perf_counter() - start
    return result
