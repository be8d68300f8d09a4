"""Which model size is best for a budget: the CLI at several H, by time or by characters.

    python benchmarks/lm_sizes.py [--hidden 256,384,512] [--seconds 60,120,240] [--seed 0]
    python benchmarks/lm_sizes.py --chars 2e6,4e6 [--threads 1]   (runs under any load)

A CPU twice as fast moves, in 120 s, the characters this one moves in 240 s. With ``--chars``
each run stops after that many training characters instead of a time (the cosine decay spans
the steps), so the loss it reaches depends on the recipe and the characters, not on the CPU or
its load: the table says which H is best for a number of characters, and the CLI's start-up
measurement says how many characters each H gets through in the budget here. Every other
option is the CLI's default.
"""

from __future__ import annotations

import argparse

from lm_quality import _load, row, run_cli

WINDOW = 64 * 8  # characters per step at the CLI's default T and B


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", default="256,384,512")
    p.add_argument("--seconds", default="60,120,240")
    p.add_argument("--chars", default=None, help="character budgets instead of seconds")
    p.add_argument("--threads", default="auto")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    print(f"seed {a.seed}; {_load()}", flush=True)
    print("| run | seed | chars/s | chars | steps | val nats/char | load |")
    print("|---|---:|---:|---:|---:|---:|---:|", flush=True)
    budgets = (a.chars or a.seconds).split(",")
    for budget in (float(b) for b in budgets):
        for hidden in a.hidden.split(","):
            flags = ["--hidden", hidden, "--threads", a.threads]
            if a.chars:
                flags += ["--max-steps", str(round(budget / WINDOW))]
                result, name = run_cli(6 * 3600, a.seed, flags), f"H={hidden}, {budget:.2g} chars"
            else:
                result, name = run_cli(budget, a.seed, flags), f"H={hidden}, {budget:.0f} s"
            print(row(name, a.seed, result), flush=True)
    print(_load())


if __name__ == "__main__":
    main()
