"""Typed results of the experiments, and the one Markdown table that lists them.

A notebook reads ``result.accuracy`` or ``run.metric``, never a string key or a tuple position.
Each result kind names its table columns (``COLUMNS``) and formats its own row (``cells``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

__all__ = [
    "SchemeResult",
    "MemoryResult",
    "SpikeResult",
    "LengthResult",
    "GradientFlow",
    "GradientTracking",
    "SGDRun",
    "ParityCheck",
    "SwapTest",
    "results_table",
]


@dataclass
class SchemeResult:
    """One scheme trained on its task: held-out accuracy against a baseline on the same data.

    examples: (source, predicted, target) strings of held-out cases. `key` names the scheme
    for :func:`rnnlab.experiments.scheme_checks.numpy_vs_torch`, `sample` holds the held-out
    tensors it reruns; `baseline_model` is set where the baseline is a trained model too.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ("scheme", "task", "baseline (score)", "model accuracy")

    scheme: str
    task: str
    application: str
    metric: str
    accuracy: float
    baseline: str
    baseline_accuracy: float
    seconds: float
    steps: int
    losses: list[float]
    examples: list[tuple[str, str, str]]
    key: str = ""
    model: object = None
    sample: dict = field(default_factory=dict)
    note: str = ""
    baseline_model: object = None

    def cells(self) -> list[str]:
        return [
            self.scheme,
            self.task,
            f"{self.baseline} ({self.baseline_accuracy:.0%})",
            f"{self.accuracy:.0%} {self.metric}",
        ]


@dataclass
class MemoryResult:
    """A model trained on a long-memory task; `metric` is measured on a fixed test batch.

    history_steps and history_metric: the metric on a validation batch along training (it decides
    early stopping; the test batch is scored once, at the end). `reached_delay` is how far
    the copy task's curriculum got (None for the adding problem).
    """

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "task", "model", "T", "steps", "metric", "value", "baseline"
    )  # fmt: skip

    task: str
    cell: str
    seq_len: int
    steps: int
    metric: float
    metric_name: str
    baseline: float
    seconds: float
    history_steps: list[int]
    history_metric: list[float]
    model: object = None
    reached_delay: int | None = None

    def cells(self) -> list[str]:
        return [
            self.task,
            self.cell,
            str(self.seq_len),
            str(self.steps),
            self.metric_name,
            f"{self.metric:.3f}",
            f"{self.baseline:.3f}",
        ]


@dataclass
class SpikeResult:
    """Spike detection: accuracy of an MLP and an RNN on spikes at seen and unseen positions."""

    mlp_seen: float
    mlp_unseen: float
    rnn_seen: float
    rnn_unseen: float
    mlp_params: int
    rnn_params: int
    seconds: float


@dataclass
class LengthResult:
    """The spike RNN trained on sequences of at most `T_train` steps, scored on longer ones.

    accuracy: {test length: the RNN's accuracy}, the spike anywhere in the sequence.
    mlp_error: what an MLP built for `T_train` inputs raises on the first longer batch.
    """

    T_train: int
    accuracy: dict[int, float]
    mlp_error: str
    seconds: float


@dataclass
class GradientFlow:
    """‖∂J/∂h_t‖ per step: distance (T,) = T-1-t, and curves label -> norms (T,), t forwards."""

    distance: np.ndarray
    curves: dict[str, np.ndarray]


@dataclass
class GradientTracking:
    """A numpy character RNN's training: loss (S,), gradient norm before clipping (S,),
    whether each step was clipped (S,), distance profiles {step: (T,)}, the vocabulary, the
    trained parameters, and at each profile's step the spectral radius of W_hh and the mean
    tanh' = 1 - h² of the states on the probe batch (the factor the Jacobian adds per step)."""

    loss: np.ndarray
    grad_norm: np.ndarray
    clipped: np.ndarray
    profiles: dict[int, np.ndarray]
    vocab: object
    params: dict[str, np.ndarray]
    spectral_radius: dict[int, float] = field(default_factory=dict)
    mean_slope: dict[int, float] = field(default_factory=dict)


@dataclass
class SGDRun:
    """Plain gradient descent on a character RNN: the loss (S,) and the gradient's global norm
    before any clipping (S,), one entry per step taken."""

    loss: np.ndarray
    grad_norm: np.ndarray

    @property
    def worst_jump(self) -> float:
        """The largest rise of the loss above its lowest value so far (inf once not finite)."""
        if not np.all(np.isfinite(self.loss)):
            return float("inf")
        return float(np.max(self.loss[1:] - np.minimum.accumulate(self.loss)[:-1], initial=0.0))


@dataclass
class ParityCheck:
    """numpy against torch on the same weights: the largest output difference, and whether
    the predictions (classes, tags or greedy sequences) agree."""

    max_abs_diff: float
    same_predictions: bool


@dataclass
class SwapTest:
    """Accuracy before and after swapping the clauses of reviews, and how often the answer
    changed, for the RNN and for the bag of words."""

    rnn_accuracy: float
    rnn_accuracy_swapped: float
    rnn_changed: float
    bow_accuracy: float
    bow_accuracy_swapped: float
    bow_changed: float


def results_table(results: Sequence[SchemeResult | MemoryResult], *, seconds: bool = True) -> str:
    """A Markdown table with one row per result (all of one kind), optionally with seconds."""
    if not results:
        raise ValueError("results must hold at least one result")
    kind = type(results[0])
    if not all(type(r) is kind for r in results) or not hasattr(kind, "COLUMNS"):
        raise ValueError(
            "results must all be SchemeResult or all MemoryResult, got"
            f" {sorted({type(r).__name__ for r in results})}"
        )
    head = [*kind.COLUMNS, *(["seconds"] if seconds else [])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [*r.cells(), *([f"{r.seconds:.1f}"] if seconds else [])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
