"""The CLI's defaults against a plain reference trainer, on the same machine, side by side.

    python benchmarks/lm_quality.py [--seconds 120] [--seeds 0,1,2] [-- extra CLI flags]

For every seed, interleaved: ``python benchmarks/lm_reference.py`` (a 50-line LSTM trainer,
see its docstring) and ``python -m rnnlab.train`` with its defaults (plus any extra flags), each
for the same wall-clock budget on tiny-shakespeare, each scored on the whole held-out last 10%
with the state carried. The table gives chars/s, characters and steps, and val loss in
nats/char; then the two targets of issue 22:
- quality: the CLI's worst seed within 0.02 nats/char of the reference's median;
- speed: the CLI's median chars/s within 10% of the reference's (compare at the reference's
  settings: the defaults are those settings, or pass them as extra flags).
Time it on a quiet machine: the load is printed before and after. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "benchmarks" / "lm_reference.py"
QUALITY_MARGIN = 0.02  # nats/char
SPEED_MARGIN = 0.10  # a fraction of the reference's chars/s


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


def run_reference(seconds: float, seed: int) -> dict[str, float]:
    """One run of the reference script; its last line parsed."""
    cmd = [sys.executable, str(REFERENCE), "--seconds", str(seconds), "--seed", str(seed)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    fields = dict(pair.split("=") for pair in out.split())
    return {key: float(value) for key, value in fields.items()}


def run_cli(seconds: float, seed: int, extra: list[str]) -> dict[str, float]:
    """One run of ``python -m rnnlab.train`` with its defaults; its report parsed."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "rnnlab.train", "--minutes", f"{seconds / 60:.6g}"]
        cmd += ["--seed", str(seed), "--out", str(Path(tmp) / "lm.pt"), "--no-progress", *extra]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    done = re.search(r"trained (\d+) steps, ([\d,]+) characters in (\d+) s", out)
    steps, chars, secs = int(done[1]), float(done[2].replace(",", "")), float(done[3])
    loss = float(re.search(r"^val_loss=(\d+\.\d+)$", out, re.M)[1])
    return {"chars_per_s": chars / secs, "chars": chars, "steps": steps, "val_loss": loss}


def row(name: str, seed: int, r: dict[str, float]) -> str:
    cells = [name, str(seed), f"{r['chars_per_s']:,.0f}", f"{r['chars']:,.0f}"]
    cells += [f"{r['steps']:.0f}", f"{r['val_loss']:.4f}", f"{os.getloadavg()[0]:.2f}"]
    return "| " + " | ".join(cells) + " |"


def verdict(ref: list[dict[str, float]], cli: list[dict[str, float]]) -> bool:
    """Print the two targets; True when both are met."""
    ref_loss = statistics.median(r["val_loss"] for r in ref)
    worst = max(r["val_loss"] for r in cli)
    ratio = statistics.median(r["chars_per_s"] for r in cli) / statistics.median(
        r["chars_per_s"] for r in ref
    )
    quality = worst <= ref_loss + QUALITY_MARGIN
    speed = ratio >= 1.0 - SPEED_MARGIN
    print(f"quality: CLI worst {worst:.4f} vs reference median {ref_loss:.4f}", end=" ")
    print(f"(+{QUALITY_MARGIN} allowed): {'met' if quality else 'MISSED'}")
    print(f"speed: CLI / reference median chars/s = {ratio:.3f}", end=" ")
    print(f"(>= {1 - SPEED_MARGIN:.2f} wanted): {'met' if speed else 'MISSED'}")
    return quality and speed


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--seeds", default="0,1,2")
    p.add_argument("extra", nargs="*", help="flags for the CLI, after --")
    a = p.parse_args()
    print(f"{a.seconds:.0f} s per run; {_load()}; {os.cpu_count()} CPUs", flush=True)
    print("| run | seed | chars/s | chars | steps | val nats/char | load |")
    print("|---|---:|---:|---:|---:|---:|---:|", flush=True)
    ref, cli = [], []
    for seed in (int(s) for s in a.seeds.split(",")):
        ref.append(run_reference(a.seconds, seed))
        print(row("reference", seed, ref[-1]), flush=True)
        cli.append(run_cli(a.seconds, seed, a.extra))
        print(row("CLI defaults", seed, cli[-1]), flush=True)
        time.sleep(1)
    print(_load())
    return 0 if verdict(ref, cli) else 1


if __name__ == "__main__":
    raise SystemExit(main())
