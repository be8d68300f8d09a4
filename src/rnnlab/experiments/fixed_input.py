"""Why a fixed-input network struggles with sequences: an MLP against an RNN on spike detection.

The task: does a noisy sequence of T numbers contain a spike? During training the spike only
ever appears in the first half of the sequence; the test puts it in the second half. An MLP reads
all T inputs at once with a separate weight per position, so the weights of the second half
never learn what a spike looks like. An RNN applies the same weights at every step, so what it
learned at t = 2 works at t = 9 too.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from rnnlab._validate import check_int
from rnnlab.data.spikes import spike_data
from rnnlab.experiments.results import SpikeResult
from rnnlab.repro import one_thread
from rnnlab.training.loop import Budget, fit

__all__ = ["mlp_vs_rnn"]


def mlp_vs_rnn(
    *,
    T: int = 12,
    hidden: int = 16,
    steps: int = 300,
    lr: float = 0.02,
    n: int = 2000,
    seed: int = 0,
) -> SpikeResult:
    """Train an MLP (T inputs at once) and an RNN (one input per step) on spikes in the first half.

    Returns their accuracies on held-out sequences with the spike in the seen half and in the
    unseen half, their parameter counts and the seconds taken.
    """
    check_int(T, "T", minimum=2)
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
            batches = np.random.default_rng(seed + 1)

            def step_loss(_step: int, logits=logits, batches=batches) -> torch.Tensor:
                idx = torch.from_numpy(batches.integers(0, n, size=64))
                xs, labels, lengths = train[0][:, idx], train[1][idx], train[2][idx]
                return nn.functional.cross_entropy(logits(xs, lengths), labels)

            fit(params, step_loss, lr=lr, budget=Budget(steps=steps), clip=None)
            with torch.no_grad():
                for split, (xs, labels, lengths) in tests.items():
                    acc = (logits(xs, lengths).argmax(-1) == labels).double().mean().item()
                    result[f"{name}_{split}"] = acc
            result[f"{name}_params"] = sum(p.numel() for p in params)
    return SpikeResult(**result, seconds=time.perf_counter() - start)
