"""Notebook 11's word model against a character model, in the same budget, on the same held-out
text: perplexity per word and per character, and the conversion between them.

Both are a :class:`rnnlab.models.char_lm.CharLM` (an LSTM over a learned embedding of width D;
only the vocabulary differs) trained through :func:`rnnlab.training.loop.fit` on one thread.
"The same budget" here means: the same number of Adam steps, the same H and D, the same batch
of B streams, the same learning-rate schedule, and windows of about the same stretch of training
text per step: the character model reads `seq_chars` characters per stream and step, the word
model as many tokens as cover that many characters on average (the mean token length of the
training text). Both are scored on the whole held-out text read as one stream with the state
carried, and the word model's nats are spread over the characters its tokens cover.
"""

from __future__ import annotations

import itertools
import textwrap
import time

import numpy as np
import torch

from rnnlab._validate import check_int, check_positive
from rnnlab.data.text import Vocab, tbptt_passes
from rnnlab.data.words import Speller, WordSplit, WordVocab, tokenize, word_split
from rnnlab.experiments.results.runs import WordsRun
from rnnlab.generation import generate, generate_ids
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.repro import one_thread
from rnnlab.training.lm import cosine_schedule
from rnnlab.training.loop import Budget, fit

__all__ = [
    "train_lm_on_ids",
    "stream_nats",
    "sample_words",
    "compare_words_chars",
    "side_by_side",
]


def train_lm_on_ids(
    ids: np.ndarray,
    V: int,
    *,
    steps: int,
    seq_len: int,
    batch_size: int,
    hidden_size: int,
    embedding: int,
    lr: float,
    seed: int,
) -> CharLM:
    """An LSTM CharLM over ids (N,) in [0, V), trained for `steps` Adam steps on (seq_len,
    batch_size) windows with the state carried between them (reset at each pass over the ids;
    every pass starts at a random offset), clipped to norm 1, lr on a cosine down to lr / 10."""
    ids = np.asarray(ids)
    if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer) or ids.min() < 0 or ids.max() >= V:
        raise ValueError(f"ids must be a 1-d int array of ids in [0, V={V}), got {ids!r:.60}")
    torch.manual_seed(seed)
    model = CharLM(V, hidden_size, "lstm", embedding=embedding)
    windows = tbptt_passes(ids, seq_len, batch_size, np.random.default_rng(seed))
    state = None

    def window_loss(_step: int) -> torch.Tensor:
        nonlocal state
        xs, ys, new_pass = next(windows)  # (T, B) ids each
        logits, carried = model(torch.from_numpy(xs), None if new_pass else state)  # (T, B, V)
        state = detach_state(carried)  # the next window starts here, without this graph
        return torch.nn.functional.cross_entropy(logits.flatten(0, 1), torch.from_numpy(ys).ravel())

    with one_thread():
        fit(
            model.parameters(),
            window_loss,
            lr=lr,
            budget=Budget(steps=steps),
            schedule=cosine_schedule,
        )
    return model


def stream_nats(model: CharLM, ids: np.ndarray, seq_len: int = 256) -> np.ndarray:
    """The nats -ln p(ids[k + 1] | ids[: k + 1]) for k = 0..N-2: the whole of ids (N,) read as
    one stream, `seq_len` ids at a time, the state carried from each piece into the next.
    float64 (N - 1,)."""
    ids = np.asarray(ids)
    if ids.ndim != 1 or len(ids) < 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids must be a 1-d int array of at least 2 ids, got {ids!r:.60}")
    check_int(seq_len, "seq_len")
    was_training, state, out = model.training, None, []
    model.eval()
    with torch.no_grad(), one_thread():
        for start in range(0, len(ids) - 1, seq_len):
            piece = torch.from_numpy(ids[start : start + seq_len + 1].astype(np.int64))
            logits, state = model(piece[:-1, None], state)  # (T, 1, V)
            nats = torch.nn.functional.cross_entropy(
                logits[:, 0].double(), piece[1:], reduction="none"
            )
            out.append(nats.numpy())
    model.train(was_training)
    return np.concatenate(out)


def sample_words(
    model: CharLM,
    vocab: WordVocab,
    prompt: np.ndarray,
    length: int,
    temperature: float,
    rng: np.random.Generator,
) -> str:
    """The prompt's text and `length` tokens drawn one at a time, each fed back (as
    :func:`rnnlab.generation.generate` does with characters). prompt: token ids (P,)."""
    check_int(length, "length", minimum=0)
    prompt = np.asarray(prompt, dtype=np.int64)
    if prompt.ndim != 1 or not len(prompt):
        raise ValueError(f"prompt must be a non-empty 1-d array of token ids, got {prompt!r:.60}")
    with one_thread():
        drawn = generate_ids(model, prompt, length, temperature, rng=rng)
    return vocab.decode(np.concatenate([prompt, np.array(drawn, dtype=np.int64)]))


def compare_words_chars(
    *,
    size: int = 3000,
    steps: int = 250,
    seq_chars: int = 128,
    batch_size: int = 16,
    hidden_size: int = 128,
    embedding: int = 64,
    lr: float = 5e-3,
    prompt: str = "ROMEO:\n",
    sample_chars: int = 300,
    temperature: float = 0.8,
    seed: int = 0,
) -> WordsRun:
    """Train a word LM (a vocabulary of `size` tokens, <unk> included) and a character LM on
    tiny-shakespeare's training part in the same budget; score both on the held-out part and
    draw about `sample_chars` characters from each after `prompt`, at `temperature`."""
    check_int(seq_chars, "seq_chars", minimum=2)
    check_int(sample_chars, "sample_chars")
    check_positive(temperature, "temperature")
    split = word_split(size=size)
    chars = Vocab.from_text(split.train_text + split.val_text)
    per_char = len(split.train_ids) / len(split.train_text)  # tokens per character of training
    seq_tokens = max(1, round(seq_chars * per_char))
    common = dict(steps=steps, batch_size=batch_size, hidden_size=hidden_size)
    common |= dict(embedding=embedding, lr=lr, seed=seed)
    start = time.perf_counter()
    word_model = train_lm_on_ids(split.train_ids, len(split.vocab), seq_len=seq_tokens, **common)
    word_seconds = time.perf_counter() - start
    char_ids = chars.encode(split.train_text)
    char_model = train_lm_on_ids(char_ids, len(chars), seq_len=seq_chars, **common)
    char_seconds = time.perf_counter() - start - word_seconds
    return WordsRun(
        word_model=word_model,
        char_model=char_model,
        word_vocab=split.vocab,
        char_vocab=chars,
        **_scores(word_model, char_model, split, chars),
        **_samples(word_model, char_model, split, chars, prompt, sample_chars, temperature, seed),
        seq_tokens=seq_tokens,
        seq_chars=seq_chars,
        steps=steps,
        word_seconds=word_seconds,
        char_seconds=char_seconds,
    )


def _scores(word_model: CharLM, char_model: CharLM, split: WordSplit, chars: Vocab) -> dict:
    """The held-out arrays of :class:`WordsRun`: both models on the characters that the word
    model predicts (those of every token after the first)."""
    lengths = split.val_lengths
    char_nats = stream_nats(char_model, chars.encode(split.val_text))  # (M - 1,): chars 1..M-1
    speller = Speller.from_tokens(split.train_unknown, "".join(chars.symbols))
    is_unk = split.val_ids[1:] == 0
    pairs = zip(split.val_tokens[1:], is_unk, strict=True)
    return dict(
        word_nats=stream_nats(word_model, split.val_ids),
        token_chars=lengths[1:],
        is_unk=is_unk,
        spelling_nats=np.array([speller.nats(w) if u else 0.0 for w, u in pairs]),
        char_nats=char_nats[lengths[0] - 1 :],  # from the first character of token 1 on
    )


def _samples(word_model, char_model, split, chars, prompt, n_chars, temperature, seed) -> dict:
    """About `n_chars` characters from each model after `prompt`, each drawn with a generator
    seeded by `seed`; which of the character model's words the training text never holds."""
    per_char = len(split.train_ids) / len(split.train_text)
    n_tokens = max(1, round(n_chars * per_char))  # tokens that cover n_chars on average
    prompt_ids = split.vocab.encode(tokenize(prompt))
    rng = np.random.default_rng(seed)
    word = sample_words(word_model, split.vocab, prompt_ids, n_tokens, temperature, rng)
    rng = np.random.default_rng(seed)
    char = generate(char_model, chars, prompt, n_chars, temperature, rng=rng)
    known = {w.lstrip() for w in split.vocab.words[1:] + split.train_unknown}
    words = [w.lstrip() for w in tokenize(char[len(prompt) :]) if w.strip().isalpha()]
    invented = tuple(w for w in words if w not in known)
    return dict(word_sample=word, char_sample=char, char_words=len(words), char_invented=invented)


def side_by_side(left: str, right: str, titles: tuple[str, str] = ("", ""), width: int = 44) -> str:
    """Two texts in two columns of `width` characters (each line wrapped), under `titles`."""
    check_int(width, "width", minimum=8)

    def lines(text: str) -> list[str]:
        return [part for line in text.split("\n") for part in textwrap.wrap(line, width) or [""]]

    rows = itertools.zip_longest(
        [titles[0], *lines(left)], [titles[1], *lines(right)], fillvalue=""
    )
    return "\n".join(f"{a:<{width + 2}}{b}".rstrip() for a, b in rows)
