"""The results that are rows of a table (a scheme on its task, a model on a long-memory task), and
:func:`results_table`, the one Markdown table that lists them.

Each kind names its table columns (``COLUMNS``) and formats its own row (``cells``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

__all__ = ["SchemeResult", "MemoryResult", "results_table"]


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
        "task",
        "model",
        "T",
        "steps",
        "metric",
        "value",
        "baseline",
    )

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
