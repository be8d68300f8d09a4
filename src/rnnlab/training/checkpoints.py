"""Checkpoints of trained character LMs: atomic writes, loads with torch's weights_only=True.

A checkpoint holds plain tensors, strings and numbers only: the model's constructor arguments
and weights, the vocabulary, the training config and the final metrics. The package ships small
pretrained ones (:data:`PRETRAINED`) so notebooks need not train for minutes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, fields
from importlib import resources
from pathlib import Path

import torch

from rnnlab.data.text import Vocab
from rnnlab.models.char_lm import CharLM
from rnnlab.training.config import TrainConfig, TrainResult
from rnnlab.training.hardware import resolve_device
from rnnlab.training.paths import check_writable

__all__ = [
    "CHECKPOINT_FORMAT",
    "Checkpoint",
    "check_writable",
    "save_checkpoint",
    "load_checkpoint",
    "PRETRAINED",
    "pretrained_path",
    "load_pretrained",
]

CHECKPOINT_FORMAT = "rnnlab-charlm-1"

# each packaged file in rnnlab/checkpoints/ and the command that made it
PRETRAINED = {
    "rnn_shakespeare": (
        "python -m rnnlab.train --corpus tinyshakespeare --model rnn --hidden 256"
        " --seq-len 64 --batch-size 64 --lr 4e-3 --eval-every 50 --precision float32"
        " --max-steps 3000 --minutes 30 --out rnn_shakespeare.pt"
    ),
    # notebook 10: this Python's stdlib source (rnnlab.data.python_source), wall-clock budgets
    "lstm_python": (
        "python -m rnnlab.train --corpus python-stdlib --model lstm --hidden 256 --seq-len 64"
        " --batch-size 32 --lr 8e-3 --eval-every 200 --precision float32 --seed 0 --minutes 25"
        " --out lstm_python.pt"
    ),
    "rnn_python": (
        "python -m rnnlab.train --corpus python-stdlib --model rnn --hidden 256 --seq-len 64"
        " --batch-size 32 --lr 4e-3 --eval-every 200 --precision float32 --seed 0 --minutes 15"
        " --out rnn_python.pt"
    ),
}


@dataclass
class Checkpoint:
    """A loaded checkpoint: the model (in eval mode), its vocabulary, config and metrics."""

    model: object
    vocab: Vocab
    config: TrainConfig
    metrics: dict[str, float]


def save_checkpoint(path: str | os.PathLike, result: TrainResult) -> Path:
    """Write a training result to `path` atomically (temp file + rename); return the path.

    The file holds plain tensors, strings and numbers only, so it loads with weights_only=True.
    The temporary file is written beside the target, so the rename never crosses file systems.
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
    config = TrainConfig(**{k: v for k, v in payload["config"].items() if k in known})
    config.betas = tuple(config.betas)
    return Checkpoint(model, Vocab(tuple(payload["vocab"])), config, dict(payload["metrics"]))


def pretrained_path(name: str) -> Path:
    """The file of the packaged checkpoint `name` (one of ``PRETRAINED``)."""
    if name not in PRETRAINED:
        raise ValueError(f"name must be one of {sorted(PRETRAINED)}, got {name!r}")
    return Path(str(resources.files("rnnlab").joinpath("checkpoints", f"{name}.pt")))


def load_pretrained(name: str = "rnn_shakespeare", device: str = "cpu") -> Checkpoint:
    """Load the packaged checkpoint `name` as a :class:`Checkpoint`, on `device`."""
    return load_checkpoint(pretrained_path(name), device)
