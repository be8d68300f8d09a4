"""Exercises of notebook 01 (sequences): pad a batch, packing, and the size of a flat MLP."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number, unanswered, verdict

__all__ = ["check_pad_batch", "check_batch_sizes", "check_mlp_growth"]

_LENGTHS = (4, 7, 2)  # the three sequences of exercise 2


def _pad_cases() -> list[tuple[list[np.ndarray]]]:
    """Fresh batches of (T_i, D) sequences; lengths never sorted, B never equal to T_max."""
    rng = np.random.default_rng()
    cases = []
    for lengths, D in [((3, 5, 1), 2), ((6, 2, 4, 2), 3), ((1, 4), 1), ((2, 7, 7, 3, 5), 4)]:
        cases.append(([rng.normal(size=(n, D)) for n in lengths],))
    return cases


def check_pad_batch(fn: object) -> Verdict:
    """Exercise 1: `fn(seqs)` pads a list of (T_i, D) arrays into a time-major (T_max, B, D) batch
    with zeros after each sequence's end, in the order given."""
    from rnnlab.data.sequences import pad_sequences

    def reference(seqs):
        return pad_sequences(seqs)[0]

    def left_padded(seqs):
        out = np.zeros_like(reference(seqs))
        for b, s in enumerate(seqs):
            out[out.shape[0] - len(s) :, b] = s
        return out

    mistakes = [
        Mistake(
            lambda seqs: reference(seqs).transpose(1, 0, 2),
            "time-major means (T_max, B, D): step t of every sequence is padded[t]",
        ),
        Mistake(left_padded, "put the zeros after each sequence's end, not before its start"),
        Mistake(
            lambda seqs: reference(sorted(seqs, key=len, reverse=True)),
            "keep the sequences in the order given; only packing sorts them",
        ),
        Mistake(
            lambda seqs: reference(seqs)[: min(len(s) for s in seqs)],
            "pad up to the longest sequence; do not cut to the shortest",
        ),
    ]
    hint = "column b of padded[:len_b] is sequence b; the rest stays 0"
    return check_function(
        "Exercise 1 (pad a batch)",
        fn,
        reference=reference,
        cases=_pad_cases(),
        mistakes=mistakes,
        hint=hint,
    )


def _as_ints(answer: object) -> tuple[int, ...] | None:
    """The answer as a tuple of whole numbers (no bools, no truncation), or None."""
    try:
        values = np.asarray(answer, dtype=object).ravel().tolist()
    except (TypeError, ValueError):
        return None
    ok = all(
        isinstance(v, int | float | np.integer | np.floating)
        and not isinstance(v, bool)
        and float(v).is_integer()
        for v in values
    )
    return tuple(int(v) for v in values) if ok and values else None


def check_batch_sizes(answer: object) -> Verdict:
    """Exercise 2: the packed batch_sizes for three sequences of lengths 4, 7, 2."""
    name = "Exercise 2 (batch_sizes)"
    if (pending := unanswered(answer, name)) is not None:
        return pending
    lengths = np.array(_LENGTHS)
    expected = tuple(int((lengths > t).sum()) for t in range(lengths.max()))
    got = _as_ints(answer)
    if got is not None and sorted(got) == sorted(_LENGTHS):
        return verdict(False, name, "those are the lengths; batch_sizes has one number per step")
    if got is not None and got == expected[::-1]:
        return verdict(False, name, "at the first step every sequence is still running")
    hint = "one number per step t = 1..7: how many sequences are at least t long?"
    return verdict(got == expected, name, hint)


def check_mlp_growth(answer: object) -> Verdict:
    """Exercise 3: extra MLP parameters when T goes from 10 to 11 (D = 27, H = 64, V = 27)."""
    from rnnlab.data.sequences import mlp_param_count

    D, H, V = 27, 64, 27
    return check_number(
        answer,
        "Exercise 3 (MLP growth)",
        mlp_param_count(11, D, H, V) - mlp_param_count(10, D, H, V),
        atol=0.0,
        rtol=0.0,
        hint="only the first layer grows: one more step adds D inputs to each of H units",
        wrong=[
            (mlp_param_count(11, D, H, V), "that is the whole MLP at T = 11; give the difference"),
            (D, "each of the D new inputs connects to all H hidden units"),
            (H, "each of the H hidden units gets D new weights, one per number of x_11"),
        ],
    )
