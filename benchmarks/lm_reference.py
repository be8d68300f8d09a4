"""A plain character LSTM trainer to hold the CLI against: one file, one loop, torch only.

    python benchmarks/lm_reference.py [--seconds 120] [--seed 0]

Embedding 64 -> nn.LSTM (H = 384) -> linear, on tiny-shakespeare's first 90%. B = 8 contiguous
streams, windows of T = 64 with the detached state carried; every pass over the text starts
the streams at a random offset below T, from h = 0. Adam (0.9, 0.99), lr 4e-3 with a 3 s
linear warm-up, then a cosine to 0 when the budget ends; gradient norm clipped to 1. After the
budget, the whole held-out 10% is scored with 32 streams of 256-character windows, state
carried. Prints one line: ``chars_per_s=... chars=... steps=... val_loss=...``.
"""

import argparse
import math
import time

import numpy as np
import torch
from torch import nn

from rnnlab.data.corpora import load_corpus


def streams(ids, B):
    """ids cut into B contiguous rows, (B, N // B)."""
    n = len(ids) // B
    return torch.as_tensor(ids[: n * B].reshape(B, n))


def score(embed, lstm, head, ids, B=32, T=256):
    """Mean cross-entropy in nats/char over `ids`, B streams, state carried."""
    rows, total, count, state = streams(ids, B), 0.0, 0, None
    with torch.no_grad():
        for a in range(0, rows.shape[1] - 1, T):
            x, y = rows[:, a : a + T], rows[:, a + 1 : a + T + 1]
            x = x[:, : y.shape[1]]
            out, state = lstm(embed(x), state)
            logits = head(out).reshape(-1, head.out_features)
            total += nn.functional.cross_entropy(logits, y.reshape(-1), reduction="sum").item()
            count += y.numel()
    return total / count


def main(seconds: float, seed: int) -> None:
    text = load_corpus("tinyshakespeare")
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = np.array([index[c] for c in text])
    cut = int(len(ids) * 0.9)
    train, held_out = ids[:cut], ids[cut:]
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    V, B, T = len(chars), 8, 64
    embed, lstm, head = nn.Embedding(V, 64), nn.LSTM(64, 384, batch_first=True), nn.Linear(384, V)
    params = [*embed.parameters(), *lstm.parameters(), *head.parameters()]
    opt = torch.optim.Adam(params, lr=4e-3, betas=(0.9, 0.99))
    steps = seen = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        rows, state = streams(train[rng.integers(0, T) :], B), None  # a new pass
        for a in range(0, rows.shape[1] - T, T):
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
            warm = min(1.0, elapsed / 3.0)
            cosine = 0.5 * (1 + math.cos(math.pi * min(1.0, elapsed / seconds)))
            for group in opt.param_groups:
                group["lr"] = 4e-3 * warm * cosine
            x, y = rows[:, a : a + T], rows[:, a + 1 : a + T + 1]
            out, state = lstm(embed(x), state)
            loss = nn.functional.cross_entropy(head(out).reshape(-1, V), y.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            state = tuple(s.detach() for s in state)
            steps, seen = steps + 1, seen + x.numel()
    rate = seen / (time.perf_counter() - start)
    val = score(embed, lstm, head, held_out)
    print(f"chars_per_s={rate:.0f} chars={seen} steps={steps} val_loss={val:.4f}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    main(args.seconds, args.seed)
