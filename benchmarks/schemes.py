"""The four schemes of notebook 03 (and the MLP-vs-RNN test of notebook 01) over several seeds.

    python benchmarks/schemes.py [--seeds 0 1 2]

For every seed, trains the four scheme models with the notebook's settings
(rnnlab.experiments.schemes.run_all_schemes) and prints one row per scheme and seed: task,
baseline and its score, the RNN's held-out score, and the training seconds (wall clock; the CPU
may be shared).
Goal: every scheme >= 90% on held-out data for every seed, every baseline well below it, and
the four trainings together under 15 s on a 2-core CPU. Exits 1 if a score misses 90%.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from rnnlab.experiments.fixed_input import mlp_vs_rnn
from rnnlab.experiments.schemes import run_all_schemes

GOAL = 0.9


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs\n")
    print("| seed | scheme | task | baseline (score) | RNN held-out | seconds |")
    print("|---:|---|---|---|---|---:|")
    failed = False
    totals = []
    for seed in args.seeds:
        start = time.perf_counter()
        for r in run_all_schemes(seed=seed):
            print(
                f"| {seed} | {r.scheme} | {r.task.replace('<eos>', '`<eos>`')} "
                f"| {r.baseline} ({r.baseline_accuracy:.1%}) "
                f"| {r.accuracy:.1%} {r.metric} | {r.seconds:.1f} |"
            )
            failed |= r.accuracy < GOAL
        totals.append(time.perf_counter() - start)
    print(f"\nall four schemes, seconds per seed: {', '.join(f'{t:.1f}' for t in totals)}")
    print("\n| seed | MLP, spike seen | MLP, spike unseen | RNN, spike seen | RNN, spike unseen "
          "| seconds |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|")
    for seed in args.seeds:
        r = mlp_vs_rnn(seed=seed)
        print(
            f"| {seed} | {r.mlp_seen:.1%} | {r.mlp_unseen:.1%} | {r.rnn_seen:.1%} "
            f"| {r.rnn_unseen:.1%} | {r.seconds:.1f} |"
        )
        failed |= r.rnn_unseen < GOAL
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
