"""Text generation, one character at a time: turn logits into a choice, feed the choice back.

    p = softmax(s / temperature), restricted to the top_k largest logits, then draw from p.

Temperature 0 means argmax (greedy). Low temperatures sharpen p towards the most likely character,
high ones flatten it towards uniform. Works for a batch: logits (B, V) -> ids (B,).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from rnnlab._validate import check_int, check_rng
from rnnlab.data.text import Vocab
from rnnlab.repro import one_thread

__all__ = ["next_char_probs", "sample_next", "generate", "generate_ids"]


def _check_logits(logits: object) -> np.ndarray:
    if hasattr(logits, "detach"):  # a torch tensor
        logits = logits.detach().cpu().double().numpy()
    try:
        arr = np.asarray(logits, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"logits must be a numeric array, got {type(logits).__name__}") from exc
    if arr.ndim not in (1, 2) or arr.shape[-1] == 0:
        raise ValueError(f"logits must be (V,) or (B, V) with V >= 1, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("logits must be finite, got NaN or infinity")
    return arr


def _check_options(temperature: float, top_k: int | None) -> None:
    try:
        t = float(temperature)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"temperature must be a number >= 0, got {temperature!r}") from exc
    if not np.isfinite(t) or t < 0:
        raise ValueError(f"temperature must be a finite number >= 0, got {temperature!r}")
    if top_k is not None and (
        not isinstance(top_k, int | np.integer) or isinstance(top_k, bool) or top_k < 1
    ):
        raise ValueError(f"top_k must be None or an int >= 1, got {top_k!r}")


def next_char_probs(
    logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None
) -> np.ndarray:
    """The distribution that :func:`sample_next` draws from: logits (..., V) -> probs (..., V).

    Temperature 0 puts all mass on the argmax (the first one on ties); top_k keeps the k largest
    logits (ties at the k-th value are all kept) and zeroes the rest.
    """
    _check_options(temperature, top_k)
    return _probs(_check_logits(logits), temperature, top_k)


def _probs(logits: np.ndarray, temperature: float, top_k: int | None) -> np.ndarray:
    """:func:`next_char_probs` of float64 logits whose checks the caller made."""
    V = logits.shape[-1]
    if top_k is not None and top_k < V:
        kth = np.sort(logits, axis=-1)[..., V - top_k][..., None]
        logits = np.where(logits >= kth, logits, -np.inf)
    if float(temperature) == 0.0:
        probs = np.zeros_like(logits)
        np.put_along_axis(probs, logits.argmax(axis=-1)[..., None], 1.0, axis=-1)
        return probs
    z = logits / float(temperature)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)  # exp(-inf) = 0 for the masked logits
    return e / e.sum(axis=-1, keepdims=True)


def sample_next(
    logits: np.ndarray,
    temperature: float = 1.0,
    top_k: int | None = None,
    rng: np.random.Generator | None = None,
) -> np.ndarray | int:
    """Draw the next id from logits (V,) -> int, or from a batch (B, V) -> int64 array (B,).

    `rng` is a numpy Generator (the same generator state gives the same sample); None draws from
    a fresh unseeded generator. Raises ValueError for temperature < 0, top_k < 1 or non-finite
    logits. A torch tensor of logits is accepted too.
    """
    logits = _check_logits(logits)
    _check_options(temperature, top_k)
    if rng is None:
        rng = np.random.default_rng()
    else:
        check_rng(rng)
    ids = _draw(np.atleast_2d(_probs(logits, temperature, top_k)), temperature, rng)
    return int(ids[0]) if logits.ndim == 1 else ids


def _draw(probs: np.ndarray, temperature: float, rng: np.random.Generator) -> np.ndarray:
    """One id per row of probs (B, V) -> int64 (B,), as :func:`sample_next` draws them."""
    if float(temperature) == 0.0:
        ids = probs.argmax(axis=-1)
    else:
        # inverse-CDF sampling, one uniform draw per row; `<=` skips zero-probability ids
        u = rng.random(probs.shape[0])[:, None]
        ids = (probs.cumsum(axis=-1) <= u * probs.sum(axis=-1, keepdims=True)).sum(axis=-1)
        ids = np.minimum(ids, probs.shape[-1] - 1)
    return ids.astype(np.int64)


@one_thread()  # one character at a time: tiny products, which more threads only slow down
def generate(
    model,
    vocab: Vocab,
    prompt: str,
    length: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    rng: np.random.Generator | None = None,
) -> str:
    """The prompt followed by `length` generated characters.

    `model` is either the numpy RNN's parameter dict (:mod:`rnnlab.scratch.rnn`, one-hot inputs)
    or a torch :class:`rnnlab.models.char_lm.CharLM` (on any device). The prompt is read to set the
    hidden state; then each sampled character is fed back as the next input, as in the lecture.
    """
    if not isinstance(vocab, Vocab):
        raise ValueError(f"vocab must be a rnnlab.data.text.Vocab, got {type(vocab).__name__}")
    if not isinstance(prompt, str) or not prompt:
        raise ValueError(f"prompt must be a non-empty str, got {prompt!r}")
    check_int(length, "length", minimum=0)
    _check_options(temperature, top_k)
    ids = vocab.encode(prompt)
    rng = np.random.default_rng() if rng is None else rng
    if isinstance(model, Mapping):
        out = _generate_numpy(model, vocab, ids, int(length), temperature, top_k, rng)
    else:
        out = _generate_torch(model, vocab, ids, int(length), temperature, top_k, rng)
    return prompt + vocab.decode(out)


def _generate_numpy(params, vocab, ids, length, temperature, top_k, rng) -> list[int]:
    from rnnlab.scratch.rnn import rnn_forward

    V = len(vocab)
    if np.shape(params["W_hy"])[0] != V or np.shape(params["W_xh"])[1] != V:
        raise ValueError(
            f"params must have W_xh (H, {V}) and W_hy ({V}, H) for this vocabulary of V={V},"
            f" got W_xh {np.shape(params['W_xh'])} and W_hy {np.shape(params['W_hy'])}"
        )
    eye = np.eye(V)
    hs, logits = rnn_forward(params, eye[ids][:, None, :])  # read the prompt, (T, 1, ...)
    h, s = hs[-1, 0], logits[-1, 0]  # the state after the prompt and its logits s_t
    out = []
    for _ in range(length):  # the loop of notebook 05: draw from softmax(s_t / tau), feed back
        nxt = sample_next(s, temperature, top_k, rng)
        out.append(nxt)
        x = eye[nxt]
        h = np.tanh(params["W_hh"] @ h + params["W_xh"] @ x + params["b_h"])
        s = params["W_hy"] @ h + params["b_y"]
    return out


def _generate_torch(model, vocab, ids, length, temperature, top_k, rng) -> list[int]:
    V = getattr(model, "vocab_size", None)
    if V != len(vocab):
        raise ValueError(
            f"model must be a CharLM with vocab_size={len(vocab)} to match the vocabulary,"
            f" got {type(model).__name__} with vocab_size={V}"
        )
    return generate_ids(model, ids, length, temperature, top_k, rng)


def generate_ids(
    model,
    ids: np.ndarray,
    length: int,
    temperature: float = 1.0,
    top_k: int | None = None,
    rng: np.random.Generator | None = None,
) -> list[int]:
    """`length` ids drawn from a torch :class:`rnnlab.models.char_lm.CharLM` after reading the
    prompt ids (P,), each fed back as the next input: the loop of :func:`generate`, for any
    vocabulary of ids (characters or words)."""
    import torch

    check_int(length, "length", minimum=0)
    _check_options(temperature, top_k)
    rng = np.random.default_rng() if rng is None else rng
    was_training = model.training
    first = next(iter(model.parameters()), None)
    device = first.device if first is not None else torch.device("cpu")
    model.eval()
    out = []
    try:
        with torch.no_grad():
            logits, state = model(torch.as_tensor(ids, dtype=torch.long, device=device)[:, None])
            s = logits[-1, 0]
            step = torch.empty((1, 1), dtype=torch.long, device=device)
            for _ in range(int(length)):  # the model runs on its device, the draw on the CPU
                nxt = sample_next(s.double().cpu().numpy(), temperature, top_k, rng)
                out.append(nxt)
                step[0, 0] = nxt
                logits, state = model(step, state)
                s = logits[0, 0]
    finally:
        model.train(was_training)
    return out
