"""Small pretrained checkpoints shipped with the package, so notebooks need not train for minutes.

Each file was produced by ``python -m rnnlab.train`` (the command is in :data:`PRETRAINED`) and
loads with torch's ``weights_only=True``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["PRETRAINED", "pretrained_path", "load_pretrained"]

PRETRAINED = {
    "rnn_shakespeare": (
        "python -m rnnlab.train --corpus tinyshakespeare --model rnn --hidden 256"
        " --seq-len 64 --batch-size 64 --lr 4e-3 --eval-every 50 --precision float32"
        " --max-steps 3000 --minutes 30 --out rnn_shakespeare.pt"
    ),
}


def pretrained_path(name: str) -> Path:
    """The file of the packaged checkpoint `name` (one of ``PRETRAINED``)."""
    if name not in PRETRAINED:
        raise ValueError(f"name must be one of {sorted(PRETRAINED)}, got {name!r}")
    return Path(str(resources.files(__name__).joinpath(f"{name}.pt")))


def load_pretrained(name: str = "rnn_shakespeare"):
    """Load the packaged checkpoint `name` as a :class:`rnnlab.training.Checkpoint`."""
    from rnnlab.training import load_checkpoint

    return load_checkpoint(pretrained_path(name))
