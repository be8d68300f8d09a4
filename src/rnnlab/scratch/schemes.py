"""The four RNN schemes in numpy, built from the one recurrence of :mod:`rnnlab.scratch.rnn`.

They differ only in where inputs go in and where outputs are read:

- many to one: read x_1..x_T, keep only the last state, s = W_hy h_T + b_y;
- many to many, synced: keep the logits of every step, s_t = W_hy h_t + b_y;
- one to many: one vector sets h_0, then each output word is fed back as the next input;
- encoder-decoder: an encoder reads the source, its last state is the decoder's h_0, and the
  decoder (its own weights) writes until it emits <eos>, each word fed back as its next input.

Tokens enter as rows of an embedding matrix (vocab, E): ``embedding[ids]`` is (T, B, E).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rnnlab._validate import as_array, check_rank
from rnnlab.scratch.rnn import rnn_forward, rnn_step

__all__ = ["embed", "many_to_one", "synced", "one_to_many", "encoder_decoder"]

Params = Mapping[str, np.ndarray]


def embed(embedding: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Look up token ids (T, B) in an embedding matrix (vocab, E) -> (T, B, E)."""
    embedding = as_array(embedding, "embedding", dtype=np.float64)
    check_rank(embedding, "embedding", 2, "(vocab, E)")
    ids = np.asarray(ids)
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must hold integer token ids, got dtype {ids.dtype}")
    if ids.size and (ids.min() < 0 or ids.max() >= embedding.shape[0]):
        raise ValueError(
            f"ids must be in [0, {embedding.shape[0]}) (rows of embedding), got {ids.max()}"
        )
    return embedding[ids]


def _last_states(hs: np.ndarray, lengths: np.ndarray | None) -> np.ndarray:
    """h at each sequence's own last step: hs (T, B, H), lengths (B,) or None -> (B, H)."""
    T, B, _ = hs.shape
    if lengths is None:
        return hs[-1]
    lengths = np.asarray(lengths)
    if lengths.shape != (B,) or lengths.min() < 1 or lengths.max() > T:
        raise ValueError(f"lengths must be (B,) = ({B},) ints in [1, {T}], got {lengths!r}")
    return hs[lengths - 1, np.arange(B)]


def many_to_one(params: Params, xs: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
    """Read xs (T, B, D) (zero-padded after `lengths`); the logits s = W_hy h_last + b_y, (B, V)."""
    hs, _ = rnn_forward(params, xs)
    return _last_states(hs, lengths) @ params["W_hy"].T + params["b_y"]


def synced(params: Params, xs: np.ndarray, h0: np.ndarray | None = None) -> np.ndarray:
    """The logits s_t of every step, one per input: (T, B, V)."""
    return rnn_forward(params, xs, h0)[1]


def _greedy(params: Params, h: np.ndarray, embedding: np.ndarray, bos: int, max_len: int):
    """Feed back the most likely word at every step, starting from <bos>: ids (max_len, B)."""
    token = np.full(h.shape[0], bos)
    out = np.empty((max_len, h.shape[0]), dtype=np.int64)
    for t in range(max_len):
        h = rnn_step(params, embedding[token], h)  # the previous word is this step's input
        token = (h @ params["W_hy"].T + params["b_y"]).argmax(axis=-1)
        out[t] = token
    return out


def one_to_many(
    params: Params, h0: np.ndarray, embedding: np.ndarray, *, bos: int, max_len: int
) -> np.ndarray:
    """Generate from one vector: h0 (B, H) starts the RNN; returns greedy ids (max_len, B).

    The caller cuts each sequence after its first <eos>.
    """
    embedding = as_array(embedding, "embedding", dtype=np.float64)
    h0 = as_array(h0, "h0", dtype=np.float64)
    check_rank(h0, "h0", 2, "(B, H)")
    if isinstance(max_len, bool) or not isinstance(max_len, int) or max_len < 1:
        raise ValueError(f"max_len must be an int >= 1, got {max_len!r}")
    return _greedy(params, h0, embedding, bos, max_len)


def encoder_decoder(
    enc_params: Params,
    dec_params: Params,
    src_xs: np.ndarray,
    src_lengths: np.ndarray | None,
    embedding: np.ndarray,
    *,
    bos: int,
    max_len: int,
) -> np.ndarray:
    """Encode src_xs (T_in, B, D) into its last state, then decode greedily: ids (max_len, B)."""
    hs, _ = rnn_forward(enc_params, src_xs)
    context = _last_states(hs, src_lengths)  # (B, H): the whole source in one vector
    return one_to_many(dec_params, context, embedding, bos=bos, max_len=max_len)
