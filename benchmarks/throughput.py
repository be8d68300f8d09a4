"""Training throughput in characters per second: the numpy RNN against torch, at lecture sizes.

    python benchmarks/throughput.py [--hidden 128 --batch 32 --seq 32 --steps 30 --repeats 3]

One step = forward, BPTT backward, gradient clipping and an Adam update on a (T, B) window of
one-hot characters (V = 65, like tiny-shakespeare). Goal: numpy within 2x of torch.
The CPU may be shared: the script reports the best of `repeats` timings for each row. numpy's
BLAS runs on one thread like torch (OPENBLAS_NUM_THREADS=1 unless set): on a shared 2-core CPU
a multi-threaded OpenBLAS made the numpy RNN 30x slower (529 against 17,377 chars/s, load 11).
"""

from __future__ import annotations

import argparse
import os
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # before numpy loads its BLAS

import numpy as np  # noqa: E402
import torch  # noqa: E402

from rnnlab.models.char_lm import CharLM  # noqa: E402
from rnnlab.scratch.clip import clip_by_norm  # noqa: E402
from rnnlab.scratch.optim import adam_init, adam_update  # noqa: E402
from rnnlab.scratch.rnn import init_rnn_params, rnn_loss_and_grads  # noqa: E402

V = 65


def numpy_steps(H: int, B: int, T: int, steps: int, rng: np.random.Generator) -> float:
    params = init_rnn_params(V, H, V, rng=rng)
    opt = adam_init(params)
    eye = np.eye(V)
    ids = rng.integers(0, V, size=(steps, T + 1, B))
    h = None
    start = time.perf_counter()
    for k in range(steps):
        loss, grads, h = rnn_loss_and_grads(params, eye[ids[k, :-1]], ids[k, 1:], h)
        grads, _ = clip_by_norm(grads, 1.0)
        adam_update(params, grads, opt, 1e-3)
    return time.perf_counter() - start


def torch_steps(cell: str, dtype, H: int, B: int, T: int, steps: int) -> float:
    torch.manual_seed(0)
    model = CharLM(V, H, cell).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    ids = torch.randint(0, V, (steps, T + 1, B))
    state = None
    model(ids[0, :-1])  # warm-up outside the timing
    start = time.perf_counter()
    for k in range(steps):
        logits, state = model(ids[k, :-1], state)
        state = state.detach() if not isinstance(state, tuple) else tuple(s.detach() for s in state)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, V), ids[k, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seq", type=int, default=32)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--threads", type=int, default=1, help="torch threads (the CLI's default)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    H, B, T, n = a.hidden, a.batch, a.seq, a.steps
    chars = n * B * T
    rows = {
        "numpy RNN (float64)": lambda: numpy_steps(H, B, T, n, np.random.default_rng(0)),
        "torch RNN (float32)": lambda: torch_steps("rnn", torch.float32, H, B, T, n),
        "torch RNN (float64)": lambda: torch_steps("rnn", torch.float64, H, B, T, n),
        "torch LSTM (float32)": lambda: torch_steps("lstm", torch.float32, H, B, T, n),
    }
    rates = {}
    for name, run in rows.items():
        rates[name] = chars / min(run() for _ in range(a.repeats))
    ref = rates["torch RNN (float32)"]
    print(
        f"H={H}, B={B}, T={T}, V={V}, {n} steps x {a.repeats} repeats (best), "
        f"torch threads {torch.get_num_threads()}"
    )
    print(f"| {'implementation':<22} | {'chars/s':>9} | {'vs torch RNN f32':>16} |")
    print(f"|{'-' * 24}|{'-' * 10}:|{'-' * 17}:|")
    for name, rate in rates.items():
        print(f"| {name:<22} | {rate:>9,.0f} | {rate / ref:>15.2f}x |")
    ratio = ref / rates["numpy RNN (float64)"]
    verdict = "met" if ratio <= 2 else "NOT met"
    print(f"numpy is {ratio:.2f}x slower than torch RNN float32 (goal <= 2x: {verdict})")


if __name__ == "__main__":
    main()
