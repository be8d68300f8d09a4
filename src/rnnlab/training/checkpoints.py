"""Checkpoints of trained character LMs: atomic writes, loads with torch's weights_only=True.

A checkpoint holds plain tensors, strings and numbers only: the model's constructor arguments
and weights, the vocabulary, the training config, the final metrics and, when known, the sha256 of
the text it was trained on (:func:`rnnlab.data.python_source.text_sha256`). The package ships small
pretrained ones (:data:`PRETRAINED`) so notebooks need not train for minutes; each records its
corpus's hash, and :func:`load_pretrained` refuses one whose packaged corpus has changed since.
"""

from __future__ import annotations

import functools
import os
import shlex
import tempfile
import warnings
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path

import torch

from rnnlab.data.corpora import load_corpus
from rnnlab.data.python_source import text_sha256
from rnnlab.data.text import Vocab
from rnnlab.models.char_lm import CharLM
from rnnlab.training.config import TrainConfig, TrainResult
from rnnlab.training.hardware import resolve_device
from rnnlab.training.paths import check_writable

__all__ = [
    "CHECKPOINT_FORMAT",
    "Checkpoint",
    "CorpusMismatchWarning",
    "check_corpus",
    "pretrained_corpus",
    "save_checkpoint",
    "load_checkpoint",
    "PRETRAINED",
    "pretrained_path",
    "load_pretrained",
]

CHECKPOINT_FORMAT = "rnnlab-charlm-1"

# the settings a checkpoint written before they existed trained with (the defaults of the day)
BEFORE_EMBEDDINGS = {
    "embedding": None,
    "warmup": 0.0,
    "betas": (0.9, 0.999),
    "lr_floor": 0.1,
    "random_offset": False,
}

# each packaged file in rnnlab/checkpoints/ and the command that made it (the flags of the last
# line restore the recipe of the day: Adam's beta2, the decay floor, no warm-up, fixed windows)
PRETRAINED = {
    "rnn_shakespeare": (
        "python -m rnnlab.train --corpus tinyshakespeare --model rnn --hidden 256"
        " --seq-len 64 --batch-size 64 --lr 4e-3 --eval-every 50 --precision float32"
        " --max-steps 3000 --minutes 30 --out rnn_shakespeare.pt"
        " --embedding 0 --beta2 0.999 --lr-floor 0.1 --warmup 0 --fixed-windows"
    ),
    # notebook 10: Python 3.11.7's stdlib source (rnnlab.data.python_source ships it), trained
    # when that was the running Python's; wall-clock budgets
    "lstm_python": (
        "python -m rnnlab.train --corpus python-stdlib --model lstm --hidden 256 --seq-len 64"
        " --batch-size 32 --lr 8e-3 --eval-every 200 --precision float32 --seed 0 --minutes 25"
        " --out lstm_python.pt"
        " --embedding 0 --beta2 0.999 --lr-floor 0.1 --warmup 0 --fixed-windows"
    ),
    "rnn_python": (
        "python -m rnnlab.train --corpus python-stdlib --model rnn --hidden 256 --seq-len 64"
        " --batch-size 32 --lr 4e-3 --eval-every 200 --precision float32 --seed 0 --minutes 15"
        " --out rnn_python.pt"
        " --embedding 0 --beta2 0.999 --lr-floor 0.1 --warmup 0 --fixed-windows"
    ),
}


@dataclass
class Checkpoint:
    """A loaded checkpoint: the model (in eval mode), its vocabulary, config and metrics, and
    the sha256 of the text it was trained on (None in a checkpoint that did not record it)."""

    model: object
    vocab: Vocab
    config: TrainConfig
    metrics: dict[str, float]
    corpus_sha256: str | None = None


class CorpusMismatchWarning(UserWarning):
    """A checkpoint is used with another text than the one it was trained on."""


def check_corpus(checkpoint: Checkpoint, text: str, *, strict: bool = False) -> bool:
    """True when `text` is the corpus `checkpoint` was trained on (or it recorded none).

    On a mismatch: a :class:`CorpusMismatchWarning`, or with `strict` a ValueError.
    """
    if checkpoint.corpus_sha256 is None or checkpoint.corpus_sha256 == text_sha256(text):
        return True
    message = (
        f"the checkpoint was trained on a text with sha256 {checkpoint.corpus_sha256[:12]}...,"
        f" not on this one ({text_sha256(text)[:12]}..., {len(text):,} characters): its"
        " numbers on this text are not the ones it was trained to give"
    )
    if strict:
        raise ValueError(message)
    warnings.warn(message, CorpusMismatchWarning, stacklevel=2)
    return False


def save_checkpoint(
    path: str | os.PathLike, result: TrainResult, corpus: str | None = None
) -> Path:
    """Write a training result to `path` atomically (temp file + rename); return the path.

    The file holds plain tensors, strings and numbers only, so it loads with weights_only=True.
    The temporary file is written beside the target, so the rename never crosses file systems.
    With `corpus` (the text it was trained on), the file records that text's sha256.
    """
    if not isinstance(result, TrainResult) or not hasattr(result.model, "state_dict"):
        raise ValueError(f"result must be a TrainResult of a torch CharLM, got {result!r:.80}")
    path = check_writable(path)
    payload = {
        "format": CHECKPOINT_FORMAT,
        "model": result.model.config(),
        "state_dict": {k: v.detach().cpu() for k, v in result.model.state_dict().items()},
        "vocab": result.vocab.to_list(),
        "config": asdict(result.config),
        "metrics": {
            "val_loss": float(result.val_loss),
            "val_perplexity": float(result.val_perplexity),
            "steps": int(result.history[-1]["step"]) if result.history else 0,
            "seconds": float(result.history[-1]["seconds"]) if result.history else 0.0,
            "chars": int(result.history[-1]["chars"]) if result.history else 0,
            "interrupted": bool(result.interrupted),
        },
    }
    if corpus is not None:
        payload["corpus_sha256"] = text_sha256(corpus)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    try:
        torch.save(payload, tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a checkpoint is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_checkpoint(path: str | os.PathLike, device: str = "cpu") -> Checkpoint:
    """Read a checkpoint written by :func:`save_checkpoint` (with torch's weights_only=True)
    onto `device` ('cpu', 'cuda', 'mps' or 'auto': see :func:`resolve_device`), wherever it was
    trained."""
    device = resolve_device(device)
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must be an existing checkpoint file, got {str(path)!r}")
    try:
        payload = torch.load(path, map_location=device, weights_only=True)
    except Exception as exc:  # pickle errors, truncated files, non-checkpoints
        raise ValueError(f"{path} is not a readable rnnlab checkpoint ({exc})") from exc
    if not isinstance(payload, dict) or payload.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not an rnnlab checkpoint (format {CHECKPOINT_FORMAT!r})")
    model = CharLM(**payload["model"]).to(device)
    model.load_state_dict(payload["state_dict"])
    model.eval()
    known = {f.name for f in fields(TrainConfig)}
    stored = {k: v for k, v in payload["config"].items() if k in known}
    config = TrainConfig(**{**BEFORE_EMBEDDINGS, **stored})
    config.betas = tuple(config.betas)
    vocab = Vocab(tuple(payload["vocab"]))
    return Checkpoint(model, vocab, config, dict(payload["metrics"]), payload.get("corpus_sha256"))


def pretrained_path(name: str) -> Path:
    """The file of the packaged checkpoint `name` (one of ``PRETRAINED``)."""
    if name not in PRETRAINED:
        raise ValueError(f"name must be one of {sorted(PRETRAINED)}, got {name!r}")
    return Path(str(resources.files("rnnlab").joinpath("checkpoints", f"{name}.pt")))


def pretrained_corpus(name: str) -> str:
    """The corpus name (``--corpus``) the packaged checkpoint `name` was trained on."""
    if name not in PRETRAINED:
        raise ValueError(f"name must be one of {sorted(PRETRAINED)}, got {name!r}")
    args = shlex.split(PRETRAINED[name])
    return args[args.index("--corpus") + 1]


@functools.cache
def _packaged_corpus_sha256(corpus: str) -> str:
    return text_sha256(load_corpus(corpus, download=False))


def load_pretrained(name: str = "rnn_shakespeare", device: str = "cpu") -> Checkpoint:
    """Load the packaged checkpoint `name` as a :class:`Checkpoint`, on `device`.

    Refuses (ValueError) when the corpus the package ships for it is not the text the checkpoint
    records it was trained on: the notebooks' numbers would no longer be the stored ones.
    """
    checkpoint = load_checkpoint(pretrained_path(name), device)
    shipped = _packaged_corpus_sha256(pretrained_corpus(name))
    if checkpoint.corpus_sha256 != shipped:
        raise ValueError(
            f"the packaged checkpoint {name!r} was trained on a text with sha256"
            f" {checkpoint.corpus_sha256}, but the package's {pretrained_corpus(name)!r} corpus"
            f" has sha256 {shipped}: retrain it ({PRETRAINED[name]})"
        )
    return checkpoint
