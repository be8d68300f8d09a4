"""The typed results of notebook 10's look inside a trained character LM: the held-out text and
its features, the cells that track them, the gates' saturation, the reach into the past, and
samples along training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

__all__ = [
    "AnalysisText",
    "CellRow",
    "CellSearch",
    "GateSaturation",
    "ContextCurve",
    "SampleRow",
]


@dataclass
class AnalysisText:
    """Held-out source: the text, the modules it comes from, and its features (name -> (T,))."""

    text: str
    files: list[str]
    features: dict[str, np.ndarray]


@dataclass
class CellRow:
    """The unit of state h or c with the largest |r| with a feature (signed r); chance: the
    median and the largest, over circular shifts of the feature, of the best |r| among all the
    units searched (h and c); and the best |r| an untrained model of the same shape has."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "feature",
        "state",
        "unit",
        "r",
        "shifted: median / max |r|",
        "untrained best |r|",
    )

    feature: str
    state: str
    unit: int
    r: float
    null_median: float
    null_max: float
    untrained: float

    @property
    def beats_chance(self) -> bool:
        """|r| above the best that any shift of the feature gave."""
        return abs(self.r) > self.null_max

    def cells(self) -> list[str]:
        return [
            self.feature,
            self.state,
            str(self.unit),
            f"{self.r:+.2f}",
            f"{self.null_median:.2f} / {self.null_max:.2f}",
            f"{self.untrained:.2f}",
        ]


@dataclass
class CellSearch:
    """One :class:`CellRow` per (feature, state)."""

    rows: list[CellRow]

    def best(self, feature: str, state: str | None = None) -> CellRow:
        """The row of `feature` with the largest |r| (over h and c unless `state` is given)."""
        rows = [r for r in self.rows if r.feature == feature and state in (None, r.state)]
        if not rows:
            known = sorted({(r.feature, r.state) for r in self.rows})
            raise ValueError(f"no row for feature={feature!r} state={state!r}; known: {known}")
        return max(rows, key=lambda r: abs(r.r))

    def table(self) -> str:
        """The rows as a Markdown table."""
        lines = ["| " + " | ".join(CellRow.COLUMNS) + " |", "|" + "---|" * len(CellRow.COLUMNS)]
        return "\n".join(lines + ["| " + " | ".join(r.cells()) + " |" for r in self.rows])


@dataclass
class GateSaturation:
    """Per unit, the fraction of time a gate is left- (< 0.1) and right-saturated (> 0.9)."""

    gate: str
    left: np.ndarray  # (H,)
    right: np.ndarray  # (H,)

    @property
    def mean_left(self) -> float:
        return float(self.left.mean())

    @property
    def mean_right(self) -> float:
        return float(self.right.mean())

    def units_mostly(self, side: str, fraction: float = 0.5) -> int:
        """How many units sit on `side` ('left' or 'right') more than `fraction` of the time."""
        return int((getattr(self, side) > fraction).sum())


@dataclass
class ContextCurve:
    """Loss (nats/char) given only the last d characters, for each d in `contexts`; the loss
    with the full context; the input gradient norm d steps back, for d = 0..D."""

    cell: str
    contexts: np.ndarray  # (K,)
    loss: np.ndarray  # (K,)
    full: float
    gradient: np.ndarray  # (D + 1,)

    def reach(self, fraction: float = 0.9) -> int:
        """The shortest context that earns `fraction` of the gain from 1 character to the full
        context (loss(1) - loss(d) >= fraction * (loss(1) - full))."""
        gain = self.loss[0] - self.full
        ok = self.loss[0] - self.loss >= fraction * gain
        return int(self.contexts[np.argmax(ok)]) if ok.any() else int(self.contexts[-1]) * 2

    def gradient_reach(self, ratio: float = 0.01) -> int:
        """The first distance d where the gradient falls below `ratio` of its value at d = 0."""
        low = self.gradient < ratio * self.gradient[0]
        return int(np.argmax(low)) if low.any() else len(self.gradient)


@dataclass
class SampleRow:
    """What the model writes from the prompt after `step` updates, and its training loss then."""

    step: int
    train_loss: float
    sample: str
