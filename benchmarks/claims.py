"""The claims table: does every notebook claim that rests on training or sampling hold on any
CPU and seed?

Each claim (``benchmarks/claim_specs/``) is measured for every seed, on 1 and 2 threads, and
under three code paths, as three kinds of CPU would run it: the CPU's own (default);
``MKL_CBWR=AVX2`` with numpy's OpenBLAS on its Sandy Bridge kernels; ``MKL_CBWR=COMPATIBLE``
with OpenBLAS on its oldest generic kernels (``OPENBLAS_CORETYPE=Prescott``). torch's matrix
products go through MKL, numpy's through OpenBLAS; both read these variables when they load, so
each (path, threads, seed) runs in a process of its own.
The table gives, per claim, how many runs it held in and the spread of its measured value.
A notebook claim must hold in all of them: the exit status is 1 if any claim fell short.

Usage:
    python benchmarks/claims.py                     # 5 seeds, the full table
    python benchmarks/claims.py --seeds 3           # what .ci/run runs
    python benchmarks/claims.py --notebooks 01 09   # only these notebooks' claims
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PATHS = ("default", "AVX2", "COMPATIBLE")
OPENBLAS = {"AVX2": "Sandybridge", "COMPATIBLE": "Prescott"}  # numpy's kernels on each path
THREADS = (1, 2)


def _specs(notebooks: list[str]):
    sys.path.insert(0, str(HERE))
    from claim_specs import all_specs

    return [s for s in all_specs() if not notebooks or s.notebook[:2] in notebooks]


def work(seed: int, threads: int, notebooks: list[str]) -> None:
    """Measure every claim for one seed in this process; print one JSON line per claim."""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(threads)
    with threadpool_limits(limits=threads, user_api="blas"):
        for spec in _specs(notebooks):
            row = {"notebook": spec.notebook, "says": spec.says, "seed": seed}
            start = time.perf_counter()
            try:
                result = spec.measure(seed)
                row |= {"value": float(spec.value(result)), "holds": bool(spec.holds(result))}
            except Exception:  # a claim whose run raises does not hold; say why
                row |= {"value": float("nan"), "holds": False, "error": traceback.format_exc()}
            row["seconds"] = time.perf_counter() - start
            print(json.dumps(row), flush=True)


def _launch(path: str, threads: int, seed: int, notebooks: list[str]) -> subprocess.Popen:
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    for name in ("MKL_CBWR", "OPENBLAS_CORETYPE"):
        env.pop(name, None)
    if path != "default":
        env |= {"MKL_CBWR": path, "OPENBLAS_CORETYPE": OPENBLAS[path]}
    cmd = [sys.executable, __file__, "--worker", str(seed), str(threads), *notebooks]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)


def run_all(seeds: list[int], notebooks: list[str]) -> list[dict]:
    """Every (path, threads, seed) job, two processes at a time; their rows.

    Two 2-thread jobs side by side oversubscribe a 2-core machine, which costs time but changes
    no number: the experiments hold torch and BLAS to one thread where they train
    (``rnnlab.repro.one_thread``), and a thread count changes results only through the order
    of the sums it splits, not through load.
    """
    jobs = [(p, t, s) for t in THREADS for p in PATHS for s in seeds]
    running: list[tuple[tuple, subprocess.Popen]] = []
    rows: list[dict] = []
    while jobs or running:
        if jobs and len(running) < 2:
            job = jobs.pop(0)
            running.append((job, _launch(*job, notebooks)))
            continue
        time.sleep(0.2)
        for job, proc in list(running):
            if proc.poll() is None:
                continue
            running.remove((job, proc))
            got = [json.loads(line) for line in proc.stdout.read().splitlines() if line[:1] == "{"]
            for row in got:
                row |= {"path": job[0], "threads": job[1]}
            rows += got
            failed = sum(not r["holds"] for r in got)
            label = f"{job[0]:<10} {job[1]} thread(s) seed {job[2]}"
            print(f"  {label}: {len(got)} claims, {failed} failed", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> tuple[str, bool]:
    """The markdown table (notebook, claim, holds k/n, value min / median / max, failures)."""
    by_claim: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        by_claim[row["notebook"], row["says"]].append(row)
    lines = [
        "| notebook | claim | holds | value min / median / max | failed in |",
        "|---|---|---:|---|---|",
    ]
    all_hold = True
    for (notebook, says), runs in by_claim.items():
        held = sum(r["holds"] for r in runs)
        all_hold &= held == len(runs)
        values = [r["value"] for r in runs]
        spread = f"{min(values):.3g} / {statistics.median(values):.3g} / {max(values):.3g}"
        failed = ", ".join(
            f"{r['path']} {r['threads']}t s{r['seed']}" for r in runs if not r["holds"]
        )
        lines.append(f"| {notebook} | {says} | {held}/{len(runs)} | {spread} | {failed} |")
    return "\n".join(lines), all_hold


def seconds_by_notebook(rows: list[dict]) -> str:
    """Each notebook's share of a job: the median over jobs of the seconds its claims took."""
    per_job: dict[str, dict[tuple, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        job = (row["path"], row["threads"], row["seed"])
        per_job[row["notebook"]][job] += row["seconds"]
    lines = ["| notebook | seconds per job (median) |", "|---|---:|"]
    for notebook, jobs in per_job.items():
        lines.append(f"| {notebook} | {statistics.median(jobs.values()):.1f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        work(int(argv[1]), int(argv[2]), argv[3:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 (at least 3)")
    parser.add_argument("--notebooks", nargs="*", default=[], help="two-digit prefixes")
    args = parser.parse_args(argv)
    if args.seeds < 3:
        parser.error(f"--seeds must be at least 3, got {args.seeds}")
    start = time.perf_counter()
    rows = run_all(list(range(args.seeds)), args.notebooks)
    text, all_hold = table(rows)
    print(text)
    print("\n" + seconds_by_notebook(rows))
    for row in rows:
        if "error" in row:
            print(f"\n{row['notebook']} / {row['says']} ({row['path']}, seed {row['seed']}):")
            print(row["error"])
    load = os.getloadavg()[0]
    print(
        f"\n{len(rows)} runs in {time.perf_counter() - start:.0f} s "
        f"(load average at the end {load:.1f}, {os.cpu_count()} CPUs)"
    )
    return 0 if all_hold and rows else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
