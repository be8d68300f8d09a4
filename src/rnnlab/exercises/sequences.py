"""Exercises of notebook 01 (sequences): pad a batch, read each sequence's last state, the size
of a flat MLP, and a new kind of sequence (a week of weather readings)."""

from __future__ import annotations

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_number

__all__ = ["check_pad_batch", "check_last_states", "check_mlp_growth", "check_weather_mlp"]


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


def _state_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """Fresh (hs, lengths): hidden states of a padded batch, (T_max, B, H), and the B lengths,
    never sorted, the longest equal to T_max."""
    rng = np.random.default_rng()
    cases = []
    for lengths, H in [((3, 5, 1), 2), ((6, 2, 4, 2), 3), ((1, 4), 1), ((2, 7, 7, 3, 5), 4)]:
        lengths = np.array(lengths)
        cases.append((rng.normal(size=(lengths.max(), len(lengths), H)), lengths))
    return cases


def check_last_states(fn: object) -> Verdict:
    """Exercise 2: `fn(hs, lengths)` returns each sequence's hidden state at its own last step,
    h_{T_b} of sequence b: hs (T_max, B, H) from a padded batch, lengths (B,) ints -> (B, H)."""

    def reference(hs, lengths):
        return hs[np.asarray(lengths) - 1, np.arange(len(lengths))]

    def shortest(hs, lengths):
        return hs[min(lengths) - 1]

    mistakes = [
        Mistake(
            lambda hs, lengths: hs[-1],
            "hs[-1] is the state at T_max: a shorter sequence has read padding zeros since its"
            " end, and they changed its h through W_hh and b_h",
        ),
        Mistake(
            lambda hs, lengths: hs[np.asarray(lengths), np.arange(len(lengths))],
            "step T_b is row T_b - 1 of hs (Python counts from 0)",
        ),
        Mistake(
            lambda hs, lengths: hs[np.asarray(lengths) - 1],
            "pair each length with its own column: index time with lengths - 1 and the batch"
            " with np.arange(B) together",
        ),
        Mistake(shortest, "each sequence ends at its own length, not at the shortest one"),
        Mistake(lambda hs, lengths: hs[0], "hs[0] is the state after the first step only"),
    ]
    return check_function(
        "Exercise 2 (each sequence's last state)",
        fn,
        reference=reference,
        cases=_state_cases(),
        mistakes=mistakes,
        hint="row b of the result is hs[lengths[b] - 1, b]",
    )


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


def check_weather_mlp(answer: object) -> Verdict:
    """Exercise 4: the parameters of a one-hidden-layer MLP (H = 32, one output) reading one week
    of hourly readings of temperature, pressure and humidity at once."""
    from rnnlab.data.sequences import mlp_param_count, rnn_param_count

    D, T, H, V = 3, 7 * 24, 32, 1
    return check_number(
        answer,
        "Exercise 4 (a week of weather)",
        mlp_param_count(T, D, H, V),
        atol=0.0,
        rtol=0.0,
        hint="find D (numbers per reading) and T (readings per week), then count D·T·H + H for"
        " the first layer and H·V + V for the output",
        wrong=[
            (mlp_param_count(7, D, H, V), "one reading an hour: a week is 7 · 24 steps, not 7"),
            (mlp_param_count(24, D, H, V), "that is one day; the MLP reads a whole week"),
            (mlp_param_count(T, 1, H, V), "each reading holds D = 3 numbers"),
            (rnn_param_count(D, H, V), "that is the RNN's count; the MLP's grows with T"),
            (D * T * H, "add the biases and the output layer: + H + H·V + V"),
        ],
    )
