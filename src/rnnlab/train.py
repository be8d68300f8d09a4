"""Train a character language model from the command line.

    python -m rnnlab.train --corpus tinyshakespeare --model rnn --minutes 2 --out shakespeare.pt

Trains for the wall-clock budget, validates on the last 10% of the text, writes the checkpoint
atomically, and ends with a line ``val_loss=X.XXX`` (nats per character). The first line says
what ``--device``, ``--precision`` and ``--threads auto`` chose, and why. Ctrl-C stops training
at the next step, saves the checkpoint so far and exits with status 130.
"""

from __future__ import annotations

import argparse
import signal
import sys

from rnnlab.training.config import TrainConfig

__all__ = ["build_parser", "main"]

DEFAULT = " (default: %(default)s)"  # argparse fills in the argument's default
INTERRUPTED = 130  # the shell's status for a command ended by Ctrl-C (128 + SIGINT)

# (flag, TrainConfig field or None, type, help); the default comes from TrainConfig
_TUNING = [
    ("--hidden", "hidden_size", int, "hidden size H"),
    ("--embedding", "embedding", int, "size D of the learned character embedding; 0: one-hot"),
    ("--layers", "num_layers", int, "stacked layers"),
    ("--dropout", "dropout", float, "dropout between layers"),
    ("--seq-len", "seq_len", int, "T, steps of truncated BPTT per window"),
    ("--batch-size", "batch_size", int, "B, parallel streams of text"),
    ("--lr", "lr", float, "Adam's peak learning rate, reached after the warm-up"),
    ("--warmup", "warmup", float, "fraction of the budget over which the lr rises from 0"),
    ("--lr-floor", "lr_floor", float, "the lr at the end of the budget, as a fraction of --lr"),
    ("--beta2", "beta2", float, "Adam's decay rate of its squared-gradient average"),
    ("--clip", "clip", float, "max gradient norm"),
    ("--eval-every", "eval_every", int, "steps between validation points (not timed)"),
    ("--seed", "seed", int, "random seed"),
]
_CHOICES = [
    ("--model", "cell", ["rnn", "lstm", "gru"], "the recurrent cell"),
    ("--device", "device", ["auto", "cpu", "cuda", "mps"], "auto: CUDA, then MPS, then CPU"),
    (
        "--precision",
        "precision",
        ["auto", "float32", "bfloat16"],
        "arithmetic of the training steps; auto times both for a few hundred ms at the start "
        "and takes bfloat16 autocast only if it is clearly faster",
    ),
]


def _threads(value: str) -> int | str:
    if value == "auto":
        return value
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"--threads must be 'auto', 0 or a positive int: {value}")
    return n


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m rnnlab.train`` (defaults from :class:`TrainConfig`)."""
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
        help="'tinyshakespeare' (ships with the package), 'python-stdlib' (Python 3.11.7's "
        "standard library source, also shipped), 'hello' (too short to validate: trains on all "
        f"of it), or the path of a UTF-8 text file{DEFAULT}",
    )
    p.add_argument("--out", required=True, help="where to write the checkpoint (.pt)")
    p.add_argument("--minutes", type=float, default=d.minutes, help=f"wall-clock budget{DEFAULT}")
    p.add_argument("--max-steps", type=int, default=None, help="also stop after this many steps")
    for flag, name, choices, text in _CHOICES:
        p.add_argument(flag, default=getattr(d, name), choices=choices, help=text + DEFAULT)
    for flag, name, kind, text in _TUNING:
        p.add_argument(flag, type=kind, default=getattr(d, name), help=text + DEFAULT)
    p.add_argument(
        "--threads",
        type=_threads,
        default="auto",
        help="CPU threads for torch; 0 lets torch choose; auto times 1 thread against all "
        f"cores at the start (a shared CPU is often faster with one){DEFAULT}",
    )
    p.add_argument(
        "--fixed-windows",
        action="store_true",
        help="cut the windows at the same places in every pass (default: a random offset)",
    )
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return p


def _config(args: argparse.Namespace) -> TrainConfig:
    fields = {name: getattr(args, flag[2:].replace("-", "_")) for flag, name, *_ in _TUNING}
    fields.update({name: getattr(args, flag[2:]) for flag, name, *_ in _CHOICES})
    fields["embedding"] = fields["embedding"] or None  # 0: one-hot inputs
    fields["betas"] = (TrainConfig.betas[0], fields.pop("beta2"))
    fields["random_offset"] = not args.fixed_windows
    return TrainConfig(minutes=args.minutes, max_steps=args.max_steps, **fields)


def _choose(config: TrainConfig, vocab_size: int, threads: int | str):
    """Device, precision and threads: measured where 'auto', set where given; the choice."""
    import os

    import torch

    from rnnlab.training.hardware import SpeedChoice, resolve_device
    from rnnlab.training.speed import measure_speed

    device = resolve_device(config.device)
    if threads != "auto" and threads > 0:
        torch.set_num_threads(threads)
    cores = os.cpu_count() or 1
    options = (1, cores) if threads == "auto" and device == "cpu" and cores > 1 else (None,)
    if config.precision == "auto" or len(options) > 1:
        choice = measure_speed(config, vocab_size, threads=options)
    else:
        choice = SpeedChoice(config.precision, None, {}, "nothing to measure")
    what = "measured" if config.precision == "auto" or len(options) > 1 else "as asked"
    print(
        f"device {device}, precision {choice.precision}, {torch.get_num_threads()} thread(s) "
        f"({what}; {choice.reason})",
        flush=True,
    )
    return choice


def _prepare(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """Check everything before training starts: config, --out, the corpus; exit on a problem."""
    from rnnlab.training.config import fit_to_text
    from rnnlab.training.paths import check_writable

    try:
        check_writable(args.out)  # first, and before torch is imported: a quick refusal
        config = _config(args).validate()
    except ValueError as exc:
        parser.error(str(exc))
    from rnnlab.data.corpora import CorpusUnavailableError, load_corpus

    try:
        text = load_corpus(args.corpus)
    except (ValueError, CorpusUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    config, notes = fit_to_text(config, len(text))
    return config, text, notes


def _report(result, path, interrupted: bool) -> None:
    last = result.history[-1]
    steps, chars, seconds = int(last["step"]), int(last["chars"]), last["seconds"]
    done = f"{steps} steps, {chars:,} characters in {seconds:.0f} s"
    if interrupted:
        loss = result.val_loss if result.val_loss == result.val_loss else last["train_loss"]
        print(f"interrupted after {done}: checkpoint so far saved to {path} (loss {loss:.3f})")
        return
    print(f"trained {done}; checkpoint saved to {path}")
    if result.val_loss == result.val_loss:  # not NaN: there was held-out text
        print(f"scored on all {int(last['val_chars']):,} held-out characters:")
        print(f"val_perplexity={result.val_perplexity:.2f}")
        print(f"val_loss={result.val_loss:.3f}")
    else:
        print(f"train_loss={last['train_loss']:.3f} (no held-out text to validate on)")


def _train(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    config, text, notes = _prepare(parser, args)
    from rnnlab.training.checkpoints import save_checkpoint
    from rnnlab.training.lm import train_lm

    try:
        choice = _choose(config, len(set(text)), args.threads)
    except ValueError as exc:  # e.g. --device cuda without a GPU
        parser.error(str(exc))
    print(
        f"corpus {args.corpus}: {len(text):,} characters, {len(set(text))} symbols; "
        f"model {config.cell} H={config.hidden_size} x{config.num_layers}, "
        f"T={config.seq_len} B={config.batch_size} lr={config.lr:g}; budget {config.minutes} min",
        flush=True,
    )
    for note in notes:
        print(f"note: {note}", flush=True)
    result = train_lm(text, config, progress=not args.no_progress, choice=choice)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # let the save finish
    try:
        path = save_checkpoint(args.out, result, corpus=text)
    finally:
        signal.signal(signal.SIGINT, previous)
    _report(result, path, result.interrupted)
    return INTERRUPTED if result.interrupted else 0


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0, 2 for bad arguments, 130 after Ctrl-C)."""
    try:
        return _train(argv)
    except KeyboardInterrupt:  # before training started (loading, measuring): nothing to save
        print("interrupted before training started; nothing saved", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
