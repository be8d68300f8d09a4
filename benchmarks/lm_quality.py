"""Validation loss after a fixed wall-clock budget on tiny-shakespeare.

    RNNLAB_CACHE_DIR=... python benchmarks/lm_quality.py [--seconds 120] [--models numpy,rnn,lstm]

Rows: the numpy RNN (rnnlab.training.train_numpy_rnn, H=128), and the torch models trained by the
CLI exactly as a user runs it (`python -m rnnlab.train --model M --minutes S/60`, all other
options at their defaults). Loss is the mean cross-entropy in nats/char over the whole held-out
last 10% of the text. Goal: <= 1.50 nats/char after 120 s with the CLI's defaults.
The CPU may be shared with other jobs: the table says how many characters each run got through.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from rnnlab.data import load_corpus
from rnnlab.training import TrainConfig, load_checkpoint, train_numpy_rnn
from rnnlab.training.lm import resolve_precision


def run_numpy(text: str, seconds: float) -> dict[str, float]:
    start = time.perf_counter()
    result = train_numpy_rnn(
        text,
        128,
        seq_len=32,
        batch_size=32,
        lr=3e-3,
        clip=5.0,
        max_steps=None,
        seconds=seconds,
        eval_every=10**9,
        rng=np.random.default_rng(0),
    )
    last = result.history[-1]
    return {
        "val_loss": result.val_loss,
        "chars": last["chars"],
        "train_s": last["seconds"],
        "total_s": time.perf_counter() - start,
    }


def run_cli(model: str, seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{model}.pt"
        start = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "rnnlab.train",
                "--model",
                model,
                "--minutes",
                f"{seconds / 60:.6g}",
                "--out",
                str(out),
                "--no-progress",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        total = time.perf_counter() - start
        match = re.search(r"^val_loss=(\d+\.\d+)$", proc.stdout, re.M)
        ckpt = load_checkpoint(out)
    return {
        "val_loss": float(match.group(1)),
        "chars": _chars(proc.stdout),
        "train_s": ckpt.metrics["seconds"],
        "total_s": total,
    }


def _chars(stdout: str) -> float:
    match = re.search(r"trained \d+ steps, ([\d,]+) characters", stdout)
    return float(match.group(1).replace(",", "")) if match else float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--models", default="numpy,rnn,lstm,gru")
    a = p.parse_args()
    text = load_corpus("tinyshakespeare")
    d = TrainConfig()
    print(
        f"budget {a.seconds:.0f} s per model; CLI defaults: H={d.hidden_size}, "
        f"layers={d.num_layers}, T={d.seq_len}, B={d.batch_size}, lr={d.lr}, clip={d.clip}, "
        f"cell={d.cell}, precision={d.precision} -> {resolve_precision(d.precision)}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"| {'model':<28} | {'val loss':>8} | {'perplexity':>10} | {'chars seen':>10} | "
        f"{'train s':>7} | {'wall s':>6} | load |"
    )
    print(f"|{'-' * 30}|{'-' * 9}:|{'-' * 11}:|{'-' * 11}:|{'-' * 8}:|{'-' * 7}:|{'-' * 5}:|")
    for model in a.models.split(","):
        if model == "numpy":
            name, row = "numpy RNN H=128", run_numpy(text, a.seconds)
        else:
            name = f"torch {model.upper()} (CLI defaults)"
            row = run_cli(model, a.seconds)
        print(
            f"| {name:<28} | {row['val_loss']:>8.3f} | {math.exp(row['val_loss']):>10.2f} | "
            f"{row['chars']:>10,.0f} | {row['train_s']:>7.0f} | {row['total_s']:>6.0f} | "
            f"{os.getloadavg()[0]:>4.2f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
