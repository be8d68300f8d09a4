"""What did the network learn? Cells that track features, saturated gates, reach into the past.

Notebook 10's experiments, each returning a typed result:
:func:`find_cells` (the cell, h or c, most correlated with each feature, against what the same
search finds with the feature shifted in time and in an untrained model), :func:`gate_saturation`,
:func:`context_curve` (loss against context length and the input gradient against distance),
and :func:`samples_as_training_goes` (the same prompt sampled at fixed steps of a run).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch

from rnnlab._validate import check_int, check_rng
from rnnlab.analysis.units import (
    best_unit,
    input_gradient,
    loss_vs_context,
    saturation,
    shift_null,
    trace,
)
from rnnlab.data.python_source import python_features, stdlib_files
from rnnlab.data.text import Vocab, split_text, tbptt_passes
from rnnlab.experiments.results.learned import (
    AnalysisText,
    CellRow,
    CellSearch,
    ContextCurve,
    GateSaturation,
    SampleRow,
)
from rnnlab.generation import generate
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.repro import one_thread
from rnnlab.training.checkpoints import PRETRAINED, Checkpoint, load_checkpoint, load_pretrained
from rnnlab.training.config import TrainConfig
from rnnlab.training.lm import cosine_schedule
from rnnlab.training.loop import Budget, fit

__all__ = [
    "analysis_text",
    "untrained_like",
    "find_cells",
    "gate_saturation",
    "context_curve",
    "samples_as_training_goes",
    "packaged_models",
]


def analysis_text(
    vocab: Vocab, n_chars: int = 20_000, per_file: int = 4_000, root: str | None = None
) -> AnalysisText:
    """The first `per_file` characters of held-out stdlib modules (whose characters `vocab`
    knows), in name order, up to `n_chars` in all.

    Features come from each whole file (tokenize needs whole files), then are cut with the text:
    python_features' five, and 'string or comment' (1 inside either) after 'comment'.
    """
    check_int(n_chars, "n_chars")
    check_int(per_file, "per_file")
    texts, names, feats = [], [], []
    for f in stdlib_files(root, held_out=True):
        if sum(map(len, texts)) >= n_chars:
            break
        if set(f.text) <= set(vocab.symbols):
            texts.append(f.text[:per_file])
            names.append(f.name)
            feats.append({k: v[:per_file] for k, v in python_features(f.text).items()})
    if not texts:
        raise ValueError("no held-out file uses only characters of vocab")
    text = "".join(texts)[:n_chars]
    features = {k: np.concatenate([f[k] for f in feats])[: len(text)] for k in feats[0]}
    features = {  # the union of two features, after them: one cell may track both at once
        **{k: features[k] for k in ("string", "comment")},
        "string or comment": np.maximum(features["string"], features["comment"]),
        **{k: v for k, v in features.items() if k not in ("string", "comment")},
    }
    return AnalysisText(text=text, files=names, features=features)


def untrained_like(model: CharLM, seed: int = 0) -> CharLM:
    """A freshly initialised CharLM of the same shape as `model` (the untrained baseline)."""
    torch.manual_seed(seed)
    return CharLM(**model.config()).eval()


def find_cells(
    model: CharLM,
    ids: np.ndarray,
    features: Mapping[str, np.ndarray],
    rng: np.random.Generator,
    *,
    untrained: CharLM | None = None,
    streams: int = 16,
    shifts: int = 20,
) -> CellSearch:
    """For each feature (T,) of the text ids (T,), the best unit of h (and c for an LSTM).

    Chance is :func:`~rnnlab.analysis.units.shift_null` over all the units of h and c together
    (`shifts` circular shifts drawn by `rng`); `untrained` (default :func:`untrained_like`)
    gives the random-init baseline. Runs on one thread (small matrix products).
    """
    rng = check_rng(rng)
    with one_thread():
        states = trace(model, ids, streams).states()
        base = trace(untrained or untrained_like(model), ids, streams).states()
    n = len(states["h"])
    every = np.concatenate(list(states.values()), axis=1)  # (T, H or 2H): all units searched
    rows = []
    for name, feature in features.items():
        feature = np.asarray(feature, dtype=np.float64)[:n]
        null = shift_null(every, feature, rng, shifts)
        for key, acts in states.items():
            unit, r = best_unit(acts, feature)
            _, r0 = best_unit(base[key], feature)
            row = CellRow(
                feature=name,
                state=key,
                unit=unit,
                r=r,
                null_median=float(np.median(null)),
                null_max=float(null.max()),
                untrained=abs(r0),
            )
            rows.append(row)
    return CellSearch(rows=rows)


def gate_saturation(model: CharLM, ids: np.ndarray, streams: int = 16) -> list[GateSaturation]:
    """Saturation of the LSTM's sigmoid gates i, f, o over the text ids (T,)."""
    if getattr(model, "cell", None) != "lstm":
        raise ValueError(f"model must be an lstm CharLM, got {model!r:.60}")
    with one_thread():
        gates = trace(model, ids, streams).gates
    found = []
    for gate in ("i", "f", "o"):
        left, right = saturation(gates[gate])
        found.append(GateSaturation(gate=gate, left=left, right=right))
    return found


def context_curve(
    model: CharLM,
    ids: np.ndarray,
    contexts: Sequence[int],
    max_distance: int,
    rng: np.random.Generator,
    n_positions: int = 256,
) -> ContextCurve:
    """The model's loss against context length and its input gradient against distance."""
    rng = check_rng(rng)
    with one_thread():
        loss, full = loss_vs_context(model, ids, list(contexts), rng, n_positions)
        grad = input_gradient(model, ids, max_distance, rng, n_positions=min(n_positions, 128))
    return ContextCurve(
        cell=model.cell, contexts=np.asarray(contexts), loss=loss, full=full, gradient=grad
    )


def _stream_loss(model: CharLM, windows, carried: dict):
    """fit's loss_fn: the next (T, B) window's cross-entropy, state carried (detached)."""

    def loss_fn(step: int) -> torch.Tensor:
        xs, ys, new_pass = next(windows)
        logits, state = model(torch.from_numpy(xs), None if new_pass else carried.get("state"))
        carried["state"] = detach_state(state)
        return torch.nn.functional.cross_entropy(
            logits.reshape(-1, model.vocab_size), torch.from_numpy(ys).reshape(-1)
        )

    return loss_fn


def samples_as_training_goes(
    text: str,
    config: TrainConfig,
    at: Sequence[int] = (100, 300, 1000),
    prompt: str = "def ",
    length: int = 200,
    temperature: float = 0.8,
) -> list[SampleRow]:
    """Train a CharLM as :func:`rnnlab.training.lm.train_lm` does (same config, cosine schedule over
    max(at) steps) and sample `length` characters from `prompt` after each step count in `at`."""
    at = sorted({check_int(int(s), "at[k]") for s in at})
    config.validate()
    vocab = Vocab.from_text(text)
    ids = vocab.encode(split_text(text, config.val_fraction)[0])
    torch.manual_seed(config.seed)
    model = CharLM(**config.model_kwargs(len(vocab)))
    windows = tbptt_passes(ids, config.seq_len, config.batch_size)
    rows: list[SampleRow] = []

    def on_step(step: int, loss: float) -> None:
        if step in at:
            model.eval()
            rng = np.random.default_rng(config.seed)
            sample = generate(model, vocab, prompt, length, temperature, rng=rng)
            rows.append(SampleRow(step=step, train_loss=loss, sample=sample))
            model.train()

    with one_thread():
        fit(
            model.parameters(),
            _stream_loss(model, windows, {}),
            lr=config.lr,
            budget=Budget(steps=at[-1]),
            clip=config.clip,
            schedule=cosine_schedule,
            on_step=on_step,
        )
    return rows


MODELS = ("lstm_python", "rnn_python")


def packaged_models(retrain: bool = False) -> tuple[Checkpoint, Checkpoint]:
    """Notebook 10's LSTM and RNN: the packaged checkpoints, or with `retrain` both trained
    again with the commands recorded in PRETRAINED (about 40 minutes), into a temporary folder
    (nothing is written into the repository)."""
    if not retrain:
        return load_pretrained(MODELS[0]), load_pretrained(MODELS[1])
    folder = Path(tempfile.mkdtemp())
    return _retrain(MODELS[0], folder), _retrain(MODELS[1], folder)


def _retrain(name: str, folder: Path) -> Checkpoint:
    """Run `name`'s recorded command ("python -m rnnlab.train ...") with --out in `folder`."""
    args = shlex.split(PRETRAINED[name])[1:]  # ["-m", "rnnlab.train", ...]
    out = folder / f"{name}.pt"
    args[args.index("--out") + 1] = str(out)
    subprocess.run([sys.executable, *args, "--no-progress"], check=True)
    return load_checkpoint(out)
