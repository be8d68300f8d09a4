"""Train a character language model from the command line.

    python -m rnnlab.train --corpus tinyshakespeare --model rnn --minutes 2 --out shakespeare.pt

Trains for the wall-clock budget, validates on the last 10% of the text, writes the checkpoint
atomically, and ends with a line ``val_loss=X.XXX`` (nats per character).
"""

from __future__ import annotations

import argparse
import sys

from rnnlab.training import TrainConfig

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    d = TrainConfig()
    p = argparse.ArgumentParser(
        prog="python -m rnnlab.train",
        description="Train a character-level language model (rnn, lstm or gru) on a text corpus "
        "with truncated BPTT, then save a checkpoint for `python -m rnnlab.sample`.",
        epilog="Example: python -m rnnlab.train --corpus tinyshakespeare --model rnn "
        "--minutes 2 --out shakespeare.pt",
    )
    p.add_argument(
        "--corpus",
        default="tinyshakespeare",
        help="'tinyshakespeare' (downloaded once into $RNNLAB_CACHE_DIR, else "
        "~/.cache/rnnlab), 'hello', or the path of a UTF-8 text file (default: %(default)s)",
    )
    p.add_argument(
        "--model",
        default=d.cell,
        choices=["rnn", "lstm", "gru"],
        help="the recurrent cell (default: %(default)s)",
    )
    p.add_argument(
        "--minutes",
        type=float,
        default=d.minutes,
        help="wall-clock training budget in minutes (default: %(default)s)",
    )
    p.add_argument("--out", required=True, help="where to write the checkpoint (.pt)")
    p.add_argument(
        "--hidden", type=int, default=d.hidden_size, help="hidden size H (default: %(default)s)"
    )
    p.add_argument(
        "--layers", type=int, default=d.num_layers, help="stacked layers (default: %(default)s)"
    )
    p.add_argument(
        "--dropout",
        type=float,
        default=d.dropout,
        help="dropout between layers (default: %(default)s)",
    )
    p.add_argument(
        "--seq-len",
        type=int,
        default=d.seq_len,
        help="T, steps of truncated BPTT per window (default: %(default)s)",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=d.batch_size,
        help="B, parallel streams of text (default: %(default)s)",
    )
    p.add_argument(
        "--lr", type=float, default=d.lr, help="Adam's peak learning rate (default: %(default)s)"
    )
    p.add_argument(
        "--clip", type=float, default=d.clip, help="max gradient norm (default: %(default)s)"
    )
    p.add_argument(
        "--max-steps",
        type=int,
        default=None,
        help="also stop after this many steps (default: no step limit)",
    )
    p.add_argument(
        "--eval-every",
        type=int,
        default=d.eval_every,
        help="steps between validation points (default: %(default)s)",
    )
    p.add_argument(
        "--precision",
        default=d.precision,
        choices=["auto", "float32", "bfloat16"],
        help="arithmetic of the training steps: bfloat16 autocast is 2-3x faster on CPUs that "
        "have it natively (AVX512-BF16, AMX); auto uses it only there (default: %(default)s)",
    )
    p.add_argument("--seed", type=int, default=d.seed, help="random seed (default: %(default)s)")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads for torch; 0 lets torch choose. One thread is the fastest for these "
        "small matrices on a shared or small CPU (default: %(default)s)",
    )
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    from rnnlab.data import CorpusUnavailableError, load_corpus
    from rnnlab.training import save_checkpoint, train_lm
    from rnnlab.training.lm import resolve_precision

    parser = build_parser()
    args = parser.parse_args(argv)
    config = TrainConfig(
        cell=args.model,
        hidden_size=args.hidden,
        num_layers=args.layers,
        dropout=args.dropout,
        seq_len=args.seq_len,
        batch_size=args.batch_size,
        lr=args.lr,
        clip=args.clip,
        minutes=args.minutes,
        max_steps=args.max_steps,
        eval_every=args.eval_every,
        seed=args.seed,
        precision=args.precision,
    )
    if args.threads < 0:
        parser.error(f"--threads must be 0 (torch's choice) or a positive int, got {args.threads}")
    if args.threads > 0:
        import torch

        torch.set_num_threads(args.threads)
    try:
        config.validate()
        text = load_corpus(args.corpus)
    except ValueError as exc:
        parser.error(str(exc))
    except CorpusUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"corpus {args.corpus}: {len(text):,} characters, {len(set(text))} symbols; "
        f"model {config.cell} H={config.hidden_size} x{config.num_layers}, "
        f"T={config.seq_len} B={config.batch_size} lr={config.lr:g} "
        f"{resolve_precision(config.precision)}; "
        f"budget {config.minutes} min",
        flush=True,
    )
    try:
        result = train_lm(text, config, progress=not args.no_progress)
    except ValueError as exc:
        parser.error(str(exc))
    path = save_checkpoint(args.out, result)
    last = result.history[-1]
    print(
        f"trained {int(last['step'])} steps, {int(last['chars']):,} characters in "
        f"{last['seconds']:.0f} s; checkpoint saved to {path}"
    )
    print(f"val_perplexity={result.val_perplexity:.2f}")
    print(f"val_loss={result.val_loss:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
