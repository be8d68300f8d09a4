"""Validation loss after a fixed wall-clock budget on tiny-shakespeare: old and new CLI defaults.

    python benchmarks/lm_quality.py [--seconds 120] [--seeds 0,1,2]
        [--old-ref 92b0c7d] [--numpy] [--max-steps N] [--new-only]

Each row is ``python -m rnnlab.train --minutes S/60 --seed K`` run exactly as a user runs it, all
other options at their defaults: "new" is this tree, "old" the tree at `--old-ref` (the commit
before issue 16), extracted with ``git archive`` into a temporary folder. Loss is the mean
cross-entropy in nats/char over the whole held-out last 10% of the text. Goal (issue 16):
<= 1.45 nats/char after 120 s with the new defaults, every seed. The CPU may be shared with other
jobs: the table gives the characters each run got through, and the load before and after. With
``--max-steps N`` every run stops after N steps instead (budget 60 min): a comparison per
character that the load cannot skew.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = "tinyshakespeare.txt"


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return f"load average {os.getloadavg()[0]:.2f}"


def old_tree(ref: str, where: Path) -> Path:
    """The package source at git `ref`, extracted under `where`; the folder to put on the path."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where / "src"


def run_cli(src: Path, seconds: float, seed: int, steps: int | None = None) -> dict[str, object]:
    """One CLI run with the tree at `src`; its stdout parsed into a table row."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lm.pt"
        budget = ["--minutes", f"{seconds / 60:.6g}"]
        if steps is not None:
            budget = ["--minutes", "60", "--max-steps", str(steps)]
        cmd = [sys.executable, "-m", "rnnlab.train", *budget]
        cmd += ["--seed", str(seed), "--out", str(out), "--no-progress"]
        env = {**os.environ, "PYTHONPATH": str(src)}
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        wall = time.perf_counter() - start
    text = proc.stdout
    steps, chars, secs = re.search(
        r"trained (\d+) steps, ([\d,]+) characters in (\d+) s", text
    ).groups()
    chars = float(chars.replace(",", ""))
    first = text.splitlines()[0]
    chose = first.split(" (")[0] if first.startswith("device") else _old_choice(first)
    return {
        "val_loss": float(re.search(r"^val_loss=(\d+\.\d+)$", text, re.M).group(1)),
        "steps": int(steps),
        "chars": chars,
        "chars_per_s": chars / max(float(secs), 1.0),
        "wall": wall,
        "chose": chose,
    }


def _old_choice(first: str) -> str:
    """The old CLI's first line ends in '...lr=0.008 float32; budget 2.0 min'."""
    match = re.search(r"lr=\S+ (\w+); budget", first)
    return f"{match.group(1) if match else '?'} (CPU flags), 1 thread"


def run_numpy(seconds: float) -> dict[str, object]:
    """The numpy RNN (H=128) for the same budget, for reference."""
    from rnnlab.data import load_corpus
    from rnnlab.training import train_numpy_rnn

    result = train_numpy_rnn(load_corpus("tinyshakespeare"), 128, seq_len=32, batch_size=32,
                             lr=3e-3, clip=5.0, max_steps=None, seconds=seconds,
                             eval_every=10**9, rng=np.random.default_rng(0))  # fmt: skip
    last = result.history[-1]
    return {"val_loss": result.val_loss, "steps": int(last["step"]), "chars": last["chars"],
            "chars_per_s": last["chars"] / last["seconds"], "wall": last["seconds"],
            "chose": "numpy float64"}  # fmt: skip


def _row(name: str, seed: object, r: dict[str, object]) -> str:
    return (
        f"| {name:<14} | {seed!s:>4} | {r['chars']:>10,.0f} | {r['chars_per_s']:>8,.0f} | "
        f"{r['steps']:>6} | {r['val_loss']:>8.3f} | {math.exp(r['val_loss']):>6.2f} | "
        f"{os.getloadavg()[0]:>5.2f} | {r['chose']} |"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("--old-ref", default="92b0c7d", help="git ref of the old defaults")
    p.add_argument("--numpy", action="store_true", help="also the numpy RNN, for reference")
    p.add_argument("--max-steps", type=int, default=None, help="a step budget instead of time")
    p.add_argument("--new-only", action="store_true", help="skip the old defaults' rows")
    a = p.parse_args()
    seeds = [int(s) for s in a.seeds.split(",")]
    print(f"budget {a.seconds:.0f} s per run; {_uptime()}", flush=True)
    print(
        f"| {'defaults':<14} | seed | {'chars seen':>10} | {'chars/s':>8} | {'steps':>6} | "
        f"{'val loss':>8} | {'ppl':>6} | {'load':>5} | auto chose |"
    )
    print(f"|{'-' * 16}|{'-' * 5}:|{'-' * 11}:|{'-' * 9}:|{'-' * 7}:|{'-' * 9}:|{'-' * 7}:|"
          f"{'-' * 6}:|---|")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        trees = {f"old ({a.old_ref})": old_tree(a.old_ref, Path(tmp)), "new": ROOT / "src"}
        # the old tree downloads the corpus into its cache; give it the packaged copy instead
        cache = Path(tmp) / "cache"
        cache.mkdir()
        shutil.copy(ROOT / "src" / "rnnlab" / "data" / CORPUS, cache / CORPUS)
        os.environ["RNNLAB_CACHE_DIR"] = str(cache)
        if a.new_only:
            del trees[f"old ({a.old_ref})"]
        for name, src in trees.items():
            losses = []
            for seed in seeds:
                row = run_cli(src, a.seconds, seed, a.max_steps)
                losses.append(row["val_loss"])
                print(_row(name, seed, row), flush=True)
            print(f"{name}: worst {max(losses):.3f}, mean {np.mean(losses):.3f}", flush=True)
    if a.numpy:
        print(_row("numpy RNN", 0, run_numpy(a.seconds)), flush=True)
    print(_uptime())


if __name__ == "__main__":
    main()
