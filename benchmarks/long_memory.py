"""The long-memory results table: adding problem and copy task at T = 50, RNN vs LSTM vs GRU.

Full runs of what notebook 09 runs short: every model gets up to --steps Adam steps and stops
early at the target (adding: test MSE < 0.01; copy: test accuracy >= 0.95).
Claims checked: the LSTM beats MSE 0.05 on the adding problem and 0.9 accuracy on the copy task,
each in about half a minute or less; the tanh RNN stays near the baseline on both
(MSE > 0.8 / 6, accuracy < 2 / 8).

Usage: python benchmarks/long_memory.py [--steps 3000] [--seeds 0 1 2] [--models rnn lstm gru]
Prints a Markdown table; exits 1 if a claim fails.
"""

from __future__ import annotations

import argparse
import os
import sys

from rnnlab.data.memory_tasks import ADDING_BASELINE_MSE, copy_baseline_accuracy
from rnnlab.experiments.long_memory import train_adding, train_copy
from rnnlab.experiments.results.tables import MemoryResult

T = 50
COPY = {"delay": 44, "n_copy": 3, "n_symbols": 8, "hidden_size": 64}


def run(model: str, task: str, steps: int, seed: int) -> MemoryResult:
    if task == "adding":
        return train_adding(
            model, seq_len=T, hidden_size=32, steps=steps, target_mse=0.01, seed=seed
        )
    return train_copy(model, steps=steps, target_accuracy=0.95, seed=seed, **COPY)


def claim_failures(r: MemoryResult, seed: int) -> list[str]:
    name = f"{r.task} {r.cell} seed {seed}"
    fails = []
    if r.cell == "lstm":
        if r.task == "adding" and r.metric >= 0.05:
            fails.append(f"{name}: LSTM test MSE {r.metric:.3f} is not below 0.05")
        if r.task == "copy" and r.metric <= 0.9:
            fails.append(f"{name}: LSTM test accuracy {r.metric:.3f} is not above 0.9")
    if r.cell == "rnn":
        if r.task == "adding" and r.metric <= 0.8 * ADDING_BASELINE_MSE:
            fails.append(f"{name}: RNN test MSE {r.metric:.3f} left the 1/6 baseline")
        if r.task == "copy" and r.metric >= 2 * copy_baseline_accuracy(8):
            fails.append(f"{name}: RNN test accuracy {r.metric:.3f} left the 1/8 baseline")
    return fails


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--models", nargs="+", default=["rnn", "lstm", "gru"])
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"T = {T}, up to {args.steps} steps, load average {load:.1f} on {os.cpu_count()} CPUs\n")
    print("| task | model | seed | steps | metric | value | baseline | seconds |")
    print("|---|---|---:|---:|---|---:|---:|---:|")
    failures = []
    for task in ("adding", "copy"):
        for model in args.models:
            for seed in args.seeds:
                r = run(model, task, args.steps, seed)
                print(
                    f"| {task} | {model} | {seed} | {r.steps} | {r.metric_name} |"
                    f" {r.metric:.3f} | {r.baseline:.3f} | {r.seconds:.1f} |",
                    flush=True,
                )
                failures += claim_failures(r, seed)
    print()
    for line in failures:
        print("FAIL:", line)
    print("all claims hold" if not failures else f"{len(failures)} claim(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
