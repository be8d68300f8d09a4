"""The typed results of the smaller experiments: spike detection (notebook 02), the schemes'
checks (03), gradients and plain SGD (07, 08), the copy task's recall (09), and the forecaster
the digit row reader and the word model against the character model (11). Read by attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rnnlab.data.applications import Scaler, Series
    from rnnlab.data.text import Vocab
    from rnnlab.data.words import WordVocab
    from rnnlab.models.char_lm import CharLM
    from rnnlab.models.memory import MemoryModel
    from rnnlab.models.painter import Painter

__all__ = [
    "SpikeResult",
    "LengthResult",
    "GradientFlow",
    "GradientTracking",
    "SGDRun",
    "ParityCheck",
    "SwapTest",
    "CopyRecall",
    "ForecastRun",
    "DigitsRun",
    "PainterRun",
    "WordsRun",
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


@dataclass
class CopyRecall:
    """Per answer position k of the copy task (arrays (K,)): the share answered right; the share
    the best map from the true symbol to an answer explains (1 if the answer is a function of
    the symbol, right or wrong); and that share with the symbols shuffled across sequences (what
    an answer that ignores its symbol gets)."""

    accuracy: np.ndarray
    mapped: np.ndarray
    shuffled: np.ndarray


@dataclass
class ForecastRun:
    """A forecaster trained on all but the last `n_test` months of `series`.

    The mean absolute errors (ppm) of the one-step-ahead forecasts over the held-out months:
    `rnn_mae` the RNN's, `last_mae` repeating the last value, `seasonal_mae` the value twelve
    months before, `ar_mae` the linear autoregression on the same window. `predicted` (n_test,)
    are the RNN's one-step forecasts; `ar_coef` the autoregression's coefficients.
    """

    window: int
    series: Series
    n_test: int
    model: MemoryModel
    scaler: Scaler
    ar_coef: np.ndarray
    predicted: np.ndarray
    rnn_mae: float
    last_mae: float
    seasonal_mae: float
    ar_mae: float
    steps: int
    seconds: float

    @property
    def split(self) -> int:
        """Index of the first held-out month."""
        return len(self.series.values) - self.n_test


@dataclass
class DigitsRun:
    """A tanh RNN that reads a digit one row of 8 pixels per step and answers after the last.

    `rnn_accuracy` and `logistic_accuracy` on the 500 held-out digits (the logistic regression
    sees all 64 pixels at once); `by_row` (8,) the RNN's accuracy if its answer is read after
    row 1, ..., 8; `settle` (500,) for each held-out digit, the first row from which the answer
    read after every later row is already the final one (1-8).
    """

    model: MemoryModel
    rnn_accuracy: float
    logistic_accuracy: float
    by_row: np.ndarray
    settle: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    steps: int
    seconds: float


@dataclass
class PainterRun:
    """A digit painter (one to many: the class sets h_0, then 8 rows of 8 gray levels) and how
    its paintings fare.

    `test_nats`: its cross-entropy per pixel on the 500 held-out digits (teacher forced);
    `baseline_nats`: the same for independent pixels given the class. `params`: its weights as
    float64 arrays for the numpy sampler. The judge is a logistic regression on all 64 quantised
    pixels (`judge_weight` (10, 64), `judge_bias` (10,)); `judge_accuracy` its accuracy on the
    held-out real digits. `recognised`: temperature -> the fraction of paintings the judge reads
    as the class asked for; `recognised_by_class`: temperature -> that fraction per class (10,);
    `baseline_recognised`: the fraction for digits drawn from the independent-pixel baseline.
    """

    model: Painter
    params: dict[str, np.ndarray]
    judge_weight: np.ndarray
    judge_bias: np.ndarray
    judge_accuracy: float
    recognised: dict[float, float]
    recognised_by_class: dict[float, np.ndarray]
    test_nats: float
    baseline_nats: float
    baseline_recognised: float
    steps: int
    seconds: float


@dataclass
class WordsRun:
    """A word LM and a character LM trained in the same budget, scored on the same held-out text.

    Per held-out token after the first (arrays (N,)): `word_nats` the word model's -ln p,
    `token_chars` its characters, `is_unk` whether it is <unk>, `spelling_nats` the price of
    spelling it out if so (0 otherwise). `char_nats` (C,): the character model's -ln p of each
    of the C = token_chars.sum() characters those tokens cover, in order. `seq_tokens` and
    `seq_chars`: the window of each model (same B, H, D and number of steps). The samples
    start with the same prompt; `char_words` counts the words the character model wrote after
    it, and `char_invented` lists those that occur nowhere in the training text.
    """

    word_model: CharLM
    char_model: CharLM
    word_vocab: WordVocab
    char_vocab: Vocab
    word_nats: np.ndarray
    token_chars: np.ndarray
    is_unk: np.ndarray
    spelling_nats: np.ndarray
    char_nats: np.ndarray
    word_sample: str
    char_sample: str
    char_words: int
    char_invented: tuple[str, ...]
    seq_tokens: int
    seq_chars: int
    steps: int
    word_seconds: float
    char_seconds: float

    @property
    def word_J(self) -> float:
        """The word model's mean cross-entropy, nats per token."""
        return float(np.mean(self.word_nats))

    @property
    def char_J(self) -> float:
        """The character model's mean cross-entropy, nats per character."""
        return float(np.mean(self.char_nats))

    @property
    def word_per_char(self) -> float:
        """The word model's nats spread over the characters its tokens cover."""
        return float(self.word_nats.sum() / self.token_chars.sum())

    @property
    def fair_word_per_char(self) -> float:
        """As `word_per_char`, each <unk> charged the price of spelling its word."""
        return float((self.word_nats.sum() + self.spelling_nats.sum()) / self.token_chars.sum())

    @property
    def unk_fraction(self) -> float:
        """The share of the scored held-out tokens that are <unk>."""
        return float(np.mean(self.is_unk))

    @property
    def unk_chars(self) -> np.ndarray:
        """(C,) bool: True on the characters that an <unk> token covers."""
        return np.repeat(self.is_unk, self.token_chars)

    @property
    def known_word_per_char(self) -> float:
        """The word model's nats per character on the characters of the tokens it knows."""
        known = ~self.is_unk
        return float(self.word_nats[known].sum() / self.token_chars[known].sum())

    @property
    def known_char_per_char(self) -> float:
        """The character model's nats per character on those same characters."""
        return float(self.char_nats[~self.unk_chars].mean())
