"""Generate text from a checkpoint written by ``python -m rnnlab.train``.

python -m rnnlab.sample shakespeare.pt --length 500 --temperature 0.8 --prompt "ROMEO:"
"""

from __future__ import annotations

import argparse

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m rnnlab.sample",
        description="Print text sampled one character at a time from a trained character LM.",
        epilog='Example: python -m rnnlab.sample shakespeare.pt --length 300 --prompt "ROMEO:"',
    )
    p.add_argument("checkpoint", help="a .pt file written by `python -m rnnlab.train`")
    p.add_argument(
        "--length",
        type=int,
        default=500,
        help="characters to generate after the prompt (default: %(default)s)",
    )
    p.add_argument(
        "--temperature",
        type=float,
        default=1.0,
        help="0 = always the most likely character; <1 safer, >1 wilder (default: %(default)s)",
    )
    p.add_argument(
        "--top-k",
        type=int,
        default=None,
        help="sample only among the k most likely characters (default: all)",
    )
    p.add_argument(
        "--prompt",
        default=None,
        help="text to start from; every character must be in the model's vocabulary "
        "(default: a newline, or the first symbol)",
    )
    p.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable sample")
    p.add_argument(
        "--device",
        default="auto",
        choices=["auto", "cpu", "cuda", "mps"],
        help="where the model runs; auto: CUDA, then MPS, then CPU (default: %(default)s)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    import numpy as np

    from rnnlab.generation import generate
    from rnnlab.training.checkpoints import load_checkpoint

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ckpt = load_checkpoint(args.checkpoint, device=args.device)
        prompt = args.prompt
        if prompt is None:
            prompt = "\n" if "\n" in ckpt.vocab else ckpt.vocab.symbols[0]
        text = generate(
            ckpt.model,
            ckpt.vocab,
            prompt,
            args.length,
            temperature=args.temperature,
            top_k=args.top_k,
            rng=np.random.default_rng(args.seed),
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
