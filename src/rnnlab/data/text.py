"""Text as numbers: a character vocabulary, one-hot vectors, and (T, B) windows for truncated BPTT.

The lecture's example: vocabulary [e, h, l, o] (sorted), inputs 'hell', targets 'ello'.
Ids are int64 numpy arrays; one-hot vectors are float64 with V = len(vocab) on the last axis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from rnnlab._validate import check_int

__all__ = [
    "Vocab",
    "one_hot",
    "tbptt_windows",
    "tbptt_passes",
    "random_windows",
    "num_windows",
    "split_text",
]


@dataclass(frozen=True)
class Vocab:
    """An ordered set of symbols (characters); a symbol's id is its position in `symbols`.

    Build one with :meth:`Vocab.from_text`, which sorts the symbols so that the same text always
    gives the same ids.
    """

    symbols: tuple[str, ...]

    def __post_init__(self) -> None:
        symbols = tuple(self.symbols)
        if not symbols:
            raise ValueError("symbols must hold at least one symbol, got an empty sequence")
        bad = [s for s in symbols if not isinstance(s, str) or len(s) != 1]
        if bad:
            raise ValueError(f"symbols must be single characters, got {bad[0]!r}")
        if len(set(symbols)) != len(symbols):
            dup = next(s for s in symbols if symbols.count(s) > 1)
            raise ValueError(f"symbols must be distinct, got {dup!r} twice")
        object.__setattr__(self, "symbols", symbols)
        object.__setattr__(self, "_index", {s: i for i, s in enumerate(symbols)})

    @classmethod
    def from_text(cls, text: str) -> Vocab:
        """The sorted set of characters of `text` (non-empty)."""
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, got {type(text).__name__}")
        if not text:
            raise ValueError("text is empty; a vocabulary needs at least one character")
        return cls(tuple(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.symbols)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._index

    def __repr__(self) -> str:
        shown = "".join(self.symbols)
        if len(shown) > 40:
            shown = shown[:37] + "..."
        return f"Vocab(V={len(self)}, symbols={shown!r})"

    def encode(self, text: str) -> np.ndarray:
        """The ids of the characters of `text`, an int64 array (len(text),)."""
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, got {type(text).__name__}")
        index = self._index
        try:
            return np.fromiter((index[c] for c in text), dtype=np.int64, count=len(text))
        except KeyError as exc:
            pos = next(i for i, c in enumerate(text) if c not in index)
            raise ValueError(
                f"text has symbol {text[pos]!r} at position {pos}, which is not in the vocabulary"
                f" {''.join(self.symbols)[:70]!r}"
            ) from exc

    def decode(self, ids: Iterable[int] | np.ndarray) -> str:
        """The text of a 1-D sequence of ids in [0, V)."""
        ids = np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids)
        if ids.ndim != 1:
            raise ValueError(f"ids must be a 1-D sequence of ids, got shape {ids.shape}")
        if ids.size and not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
        bad = ids[(ids < 0) | (ids >= len(self))]
        if bad.size:
            raise ValueError(f"ids must be in [0, {len(self)}) for this vocabulary, got {bad[0]}")
        return "".join(self.symbols[i] for i in ids.tolist())

    def one_hot(self, text_or_ids: str | np.ndarray) -> np.ndarray:
        """One-hot vectors of a text or of ids: shape ids.shape + (V,), float64."""
        ids = self.encode(text_or_ids) if isinstance(text_or_ids, str) else text_or_ids
        return one_hot(ids, len(self))

    def to_list(self) -> list[str]:
        """The symbols as a plain list (what a checkpoint stores)."""
        return list(self.symbols)


def one_hot(ids: np.ndarray | Sequence[int], V: int) -> np.ndarray:
    """x[..., i] = 1 where i = ids[...]: integer ids of any shape -> float64 ids.shape + (V,)."""
    check_int(V, "V")
    ids = np.asarray(ids)
    if ids.size and not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
    bad = ids[(ids < 0) | (ids >= V)]
    if bad.size:
        raise ValueError(f"ids must be in [0, {V}), got {int(bad.flat[0])}")
    return np.eye(V)[ids.astype(np.int64)]


def split_text(text: str, val_fraction: float = 0.1) -> tuple[str, str]:
    """(train, val): the last `val_fraction` of the text is the validation part."""
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction!r}")
    cut = int(round(len(text) * (1.0 - val_fraction)))
    if cut < 2 or len(text) - cut < 2:
        raise ValueError(
            f"text of {len(text)} characters is too short to split with "
            f"val_fraction={val_fraction}; each part needs at least 2 characters"
        )
    return text[:cut], text[cut:]


def _check_window_args(ids: np.ndarray, T: int, B: int) -> np.ndarray:
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"ids must be a 1-D array of ids, got shape {ids.shape}")
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be integers, got dtype {ids.dtype}")
    for name, value in (("T", T), ("B", B)):
        check_int(value, name)
    if len(ids) < B * (T + 1):
        raise ValueError(
            f"ids has {len(ids)} ids, too few for one window of T={T} in each of B={B} streams;"
            f" need at least B*(T+1) = {B * (T + 1)}"
        )
    return ids


def num_windows(n_ids: int, T: int, B: int) -> int:
    """How many (T, B) windows :func:`tbptt_windows` yields for `n_ids` ids."""
    return (n_ids // B - 1) // T


def tbptt_windows(
    ids: np.ndarray, T: int, B: int, *, keep_tail: bool = False
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Cut a corpus into (inputs, targets) windows of shape (T, B) for truncated BPTT.

    The ids are split into B contiguous streams, one per batch column, so column b of window k+1
    continues column b of window k exactly where it stopped: the final hidden state of one
    window is the right initial state of the next (carry it, detached). targets[t] = inputs[t+1]
    shifted by one character. The tail that doesn't fill a window is dropped, unless `keep_tail`
    is true: then a last, shorter window (T' < T, B) follows (what an evaluation wants).
    """
    ids = _check_window_args(ids, T, B)
    L = len(ids) // B
    streams = ids[: L * B].reshape(B, L).T  # (L, B): column b is one stretch of the text
    n = num_windows(len(ids), T, B)
    for k in range(n):
        start = k * T
        yield streams[start : start + T], streams[start + 1 : start + T + 1]
    if keep_tail and n * T < L - 1:
        yield streams[n * T : L - 1], streams[n * T + 1 : L]


def tbptt_passes(
    ids: np.ndarray, T: int, B: int, rng: np.random.Generator | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray, bool]]:
    """:func:`tbptt_windows` over and over, pass after pass: (inputs, targets, new_pass).

    inputs and targets are contiguous (T, B) id arrays; `new_pass` is True on the first window
    of every pass over the text, where a trainer resets the carried state to zero. With an
    `rng`, every pass first drops a random number (0 to T - 1) of leading ids, so the windows
    are cut in new places each time.
    """
    _check_window_args(ids, T, B)  # long enough for at least one window
    spare = min(T, len(ids) - B * (T + 1) + 1)  # offsets that still leave one full window
    while True:
        start = int(rng.integers(0, spare)) if rng is not None and spare > 1 else 0
        for k, (xs, ys) in enumerate(tbptt_windows(ids[start:], T, B)):
            yield np.ascontiguousarray(xs), np.ascontiguousarray(ys), k == 0


def random_windows(ids: np.ndarray, T: int, B: int, rng: np.random.Generator) -> np.ndarray:
    """B windows of T + 1 consecutive ids from random places of `ids`: (T + 1, B).

    Row t of column b is ids[s_b + t] for a random start s_b; the inputs are rows 0..T-1 and
    the next-character targets rows 1..T.
    """
    ids = np.asarray(ids)
    check_int(T, "T")
    check_int(B, "B")
    if ids.ndim != 1 or len(ids) < T + 2:
        raise ValueError(f"ids must be 1-D with more than T + 1 = {T + 1} ids, got {ids.shape}")
    starts = rng.integers(0, len(ids) - T - 1, size=B)
    return ids[starts[None, :] + np.arange(T + 1)[:, None]]  # (T + 1, B)
