"""Sequences as arrays: a D x T signal or text, and batching sequences of different lengths.

The lecture writes a sequence as x in R^{D x T}: column t is the vector x^t. rnnlab's functions
take time-major batches, ``xs`` (T, B, D), so :func:`to_time_major` turns one (D, T) sequence into
a batch of one. Variable lengths are batched two ways, both time-major as in torch:

- padding: :func:`pad_sequences` stacks sequences into (T_max, B, D) with a (T_max, B) mask;
- packing: :func:`pack_sequences` keeps only the real steps, (sum of lengths, D), plus
  ``batch_sizes`` (how many sequences are still running at each t), like
  ``torch.nn.utils.rnn.pack_sequence(..., enforce_sorted=False)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnnlab._validate import as_array, check_int, check_rank, check_rng

__all__ = [
    "ALPHABET",
    "sensor_signal",
    "text_to_onehot",
    "onehot_to_text",
    "to_time_major",
    "pad_sequences",
    "Packed",
    "pack_sequences",
    "unpack_sequences",
    "padding_fraction",
    "batch_padding_fraction",
    "mlp_param_count",
    "rnn_param_count",
]

ALPHABET = " abcdefghijklmnopqrstuvwxyz"  # D = 27: space and the lowercase letters


def sensor_signal(T: int, *, rng: np.random.Generator, noise: float = 0.05) -> np.ndarray:
    """A made-up 3-channel sensor reading over T steps, as a (D, T) = (3, T) array.

    Channel 0 is a slow oscillation, channel 1 a faster one whose amplitude drifts, and channel 2
    a step that switches on part-way through; each carries Gaussian noise of std `noise`.
    """
    T = check_int(T, "T", 1)
    check_rng(rng)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    t = np.arange(T, dtype=np.float64)
    phase = rng.uniform(0, 2 * np.pi)
    switch = rng.integers(T // 3, max(T // 3 + 1, 2 * T // 3))
    clean = np.stack(
        [
            np.sin(2 * np.pi * t / 40 + phase),
            (0.3 + 0.5 * t / max(T - 1, 1)) * np.sin(2 * np.pi * t / 9),
            (t >= switch).astype(np.float64) - 0.5,
        ]
    )
    return clean + noise * rng.standard_normal(clean.shape)


def text_to_onehot(text: str, alphabet: str = ALPHABET) -> np.ndarray:
    """Encode `text` as a (D, T) one-hot array, D = len(alphabet), T = len(text).

    Column t has a single 1 at the index of character t in `alphabet`.
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    if not isinstance(alphabet, str) or len(set(alphabet)) != len(alphabet) or not alphabet:
        raise ValueError(
            f"alphabet must be a non-empty str of distinct characters, got {alphabet!r}"
        )
    unknown = sorted(set(text) - set(alphabet))
    if unknown:
        raise ValueError(f"text has characters {unknown} that are not in the alphabet {alphabet!r}")
    index = {ch: i for i, ch in enumerate(alphabet)}
    out = np.zeros((len(alphabet), len(text)))
    out[[index[ch] for ch in text], np.arange(len(text))] = 1.0
    return out


def onehot_to_text(x: np.ndarray, alphabet: str = ALPHABET) -> str:
    """Decode a (D, T) one-hot (or score) array back to text, taking the argmax of each column."""
    x = as_array(x, "x", dtype=np.float64)
    check_rank(x, "x", 2, "(D, T)")
    if x.shape[0] != len(alphabet):
        raise ValueError(
            f"x must have D = len(alphabet) = {len(alphabet)} rows, got shape {x.shape}"
        )
    return "".join(alphabet[i] for i in x.argmax(axis=0))


def to_time_major(x: np.ndarray) -> np.ndarray:
    """One (D, T) sequence as a time-major batch of one, (T, 1, D): ``xs[t, 0]`` is x^t."""
    x = as_array(x, "x", dtype=np.float64)
    check_rank(x, "x", 2, "(D, T)")
    return x.T[:, None, :].copy()


def _check_seqs(seqs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Validate a list of (T_i, D) arrays with one D; return them as float64 arrays."""
    if isinstance(seqs, np.ndarray) or not isinstance(seqs, Sequence) or len(seqs) == 0:
        raise ValueError("seqs must be a non-empty list of (T_i, D) arrays")
    arrays = []
    for i, s in enumerate(seqs):
        a = as_array(s, f"seqs[{i}]", dtype=np.float64)
        check_rank(a, f"seqs[{i}]", 2, "(T_i, D)")
        if a.shape[0] == 0:
            raise ValueError(f"seqs[{i}] is empty (T_i=0); every sequence needs at least one step")
        if arrays and a.shape[1] != arrays[0].shape[1]:
            raise ValueError(
                f"seqs[{i}] has D={a.shape[1]}, expected D={arrays[0].shape[1]} like seqs[0]"
            )
        arrays.append(a)
    return arrays


def pad_sequences(
    seqs: Sequence[np.ndarray], pad_value: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stack sequences of different lengths into one time-major batch.

    seqs: B arrays of shape (T_i, D). Returns (xs, lengths, mask): xs (T_max, B, D) with
    `pad_value` after each sequence's end, lengths (B,) int, mask (T_max, B) bool, True on real
    steps. Matches ``torch.nn.utils.rnn.pad_sequence(seqs)`` (time-major by default).
    """
    arrays = _check_seqs(seqs)
    lengths = np.array([a.shape[0] for a in arrays])
    T_max, B, D = int(lengths.max()), len(arrays), arrays[0].shape[1]
    xs = np.full((T_max, B, D), float(pad_value))
    for b, a in enumerate(arrays):
        xs[: len(a), b] = a
    mask = np.arange(T_max)[:, None] < lengths[None, :]  # (T_max, B)
    return xs, lengths, mask


@dataclass(frozen=True)
class Packed:
    """A packed batch, laid out like torch's PackedSequence.

    data (N, D) holds the real steps only, N = sum of lengths: first x^1 of every sequence
    (longest first), then x^2 of those still running, and so on. batch_sizes (T_max,) counts the
    sequences running at each t; sorted_indices (B,) lists the original sequence indices from
    longest to shortest and unsorted_indices (B,) undoes that order.
    """

    data: np.ndarray
    batch_sizes: np.ndarray
    sorted_indices: np.ndarray
    unsorted_indices: np.ndarray


def pack_sequences(seqs: Sequence[np.ndarray]) -> Packed:
    """Pack B sequences of shape (T_i, D) without any padding (see :class:`Packed`)."""
    arrays = _check_seqs(seqs)
    lengths = np.array([a.shape[0] for a in arrays])
    order = np.argsort(-lengths, kind="stable")  # longest first; ties keep their order
    T_max = int(lengths.max())
    batch_sizes = np.array([(lengths > t).sum() for t in range(T_max)])
    # step t takes the first batch_sizes[t] sequences of the sorted order
    data = np.concatenate(
        [np.stack([arrays[b][t] for b in order[: batch_sizes[t]]]) for t in range(T_max)]
    )
    return Packed(data, batch_sizes, order, np.argsort(order))


def unpack_sequences(packed: Packed) -> list[np.ndarray]:
    """Undo :func:`pack_sequences`: the list of (T_i, D) sequences in their original order."""
    if not isinstance(packed, Packed):
        raise ValueError(f"packed must be a Packed, got {type(packed).__name__}")
    B = len(packed.sorted_indices)
    steps: list[list[np.ndarray]] = [[] for _ in range(B)]
    start = 0
    for size in packed.batch_sizes:
        for k in range(int(size)):
            steps[k].append(packed.data[start + k])
        start += int(size)
    by_rank = [np.stack(s) for s in steps]  # rank k = k-th longest
    return [by_rank[int(packed.unsorted_indices[b])] for b in range(B)]


def padding_fraction(lengths: Sequence[int]) -> float:
    """The share of a padded (T_max, B) batch that is padding: 1 - sum(lengths) / (T_max B)."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0 or (lengths < 1).any():
        raise ValueError(f"lengths must be a non-empty 1-D list of ints >= 1, got {lengths!r}")
    return float(1.0 - lengths.sum() / (lengths.max() * lengths.size))


def mlp_param_count(T: int, D: int, H: int, V: int) -> int:
    """Parameters of a one-hidden-layer MLP that reads a whole (D, T) sequence flattened.

    Its first layer sees all D*T numbers at once: D*T*H + H, then H*V + V for the output.
    """
    T, D, H, V = (check_int(v, n, 1) for v, n in [(T, "T"), (D, "D"), (H, "H"), (V, "V")])
    return D * T * H + H + H * V + V


def rnn_param_count(D: int, H: int, V: int) -> int:
    """Parameters of the lecture's RNN: W_xh (H, D), W_hh (H, H), b_h, W_hy (V, H), b_y.

    No T anywhere: the same weights serve every step.
    """
    D, H, V = (check_int(v, n, 1) for v, n in [(D, "D"), (H, "H"), (V, "V")])
    return H * D + H * H + H + V * H + V


def batch_padding_fraction(lengths: Sequence[int], batch_size: int, *, sort: bool = False) -> float:
    """The share of padding when `lengths` are cut into padded batches of `batch_size`.

    With `sort`, sequences of similar length are batched together (bucketing) first.
    """
    lengths = np.asarray(lengths)
    padding_fraction(lengths)  # validates
    batch_size = check_int(batch_size, "batch_size", 1)
    if sort:
        lengths = np.sort(lengths)
    padded = sum(
        int(lengths[i : i + batch_size].max()) * len(lengths[i : i + batch_size])
        for i in range(0, len(lengths), batch_size)
    )
    return float(1.0 - lengths.sum() / padded)
