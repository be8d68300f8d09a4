"""Which model size is best for a budget: the CLI at several H and budgets, on this machine.

    python benchmarks/lm_sizes.py [--hidden 256,384,512] [--seconds 60,120,240] [--seed 0]

A CPU twice as fast moves, in 120 s, the characters this one moves in 240 s, so the longer
budgets stand in for faster machines: if the best H grows with the budget, the CLI should
choose H from the speed it measures at start-up rather than fix one. Every other option is the
CLI's default. Time it on a quiet machine (the load is printed with every row).
"""

from __future__ import annotations

import argparse

from lm_quality import _load, row, run_cli


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", default="256,384,512")
    p.add_argument("--seconds", default="60,120,240")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    print(f"seed {a.seed}; {_load()}", flush=True)
    print("| run | seed | chars/s | chars | steps | val nats/char | load |")
    print("|---|---:|---:|---:|---:|---:|---:|", flush=True)
    for seconds in (float(s) for s in a.seconds.split(",")):
        for hidden in a.hidden.split(","):
            result = run_cli(seconds, a.seed, ["--hidden", hidden])
            print(row(f"H={hidden}, {seconds:.0f} s", a.seed, result), flush=True)
    print(_load())


if __name__ == "__main__":
    main()
