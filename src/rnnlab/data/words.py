"""Text as words: tokens, a vocabulary of the most frequent ones plus <unk>, and per-token lengths.

The rule that cuts a text into tokens (:func:`tokenize`) keeps every character, so the tokens
joined give the text back exactly:

- a word is a run of letters, with apostrophes inside it ("I'll", "o'er"), together with the one
  space before it, if there is one: " the" and "The" (at the start of a line) are two tokens;
- any other character (a punctuation mark or a digit) is a token of its own, again with the one
  space before it, if any: "," and " -";
- a newline is a token; a space that precedes no word or mark (a double space) is a token.

Because the space belongs to the token, a word model that predicts the tokens predicts every
character of the text, as a character model does, and ``lengths`` (characters per token) turn
nats per token into nats per character of the same text. Tokens outside the vocabulary become
``<unk>`` (id 0): the model then never says which word it was; :class:`Speller` prices that.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rnnlab._validate import check_int
from rnnlab.data.corpora import load_corpus
from rnnlab.data.text import split_text

__all__ = ["UNK", "tokenize", "WordVocab", "WordSplit", "word_split", "Speller"]

UNK = "<unk>"
_TOKEN = re.compile(r" ?[A-Za-z]+(?:'[A-Za-z]+)*| ?[^A-Za-z\s]|\s")


def tokenize(text: str) -> list[str]:
    """The tokens of `text` (see the module's rule); ``"".join(tokenize(text)) == text``."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class WordVocab:
    """Token strings; a token's id is its position in `words`, and ``words[0]`` is ``<unk>``."""

    words: tuple[str, ...]

    def __post_init__(self) -> None:
        words = tuple(self.words)
        if not words or words[0] != UNK:
            raise ValueError(f"words must start with {UNK!r}, got {words[:1]!r}")
        if len(set(words)) != len(words):
            raise ValueError("words must be distinct, got a repeated token")
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "_index", {w: i for i, w in enumerate(words)})

    @classmethod
    def from_tokens(cls, tokens: Sequence[str], size: int) -> WordVocab:
        """``<unk>`` and the `size` - 1 most frequent `tokens` (ties: in string order)."""
        check_int(size, "size", minimum=2)
        if not tokens:
            raise ValueError("tokens is empty; a vocabulary needs at least one token")
        counts = Counter(tokens)
        counts.pop(UNK, None)
        ranked = sorted(counts, key=lambda w: (-counts[w], w))
        return cls((UNK, *ranked[: size - 1]))

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """The ids of `tokens`, 0 for a token outside the vocabulary: int64 (N,)."""
        if isinstance(tokens, str):
            raise ValueError("tokens must be a sequence of tokens, got a str (tokenize it first)")
        index = self._index
        return np.fromiter((index.get(w, 0) for w in tokens), dtype=np.int64, count=len(tokens))

    def decode(self, ids: Sequence[int] | np.ndarray) -> str:
        """The text of ids (N,); ``<unk>`` is written " <unk>" (most rare words follow a space)."""
        ids = np.asarray(ids)
        if ids.ndim != 1 or (ids.size and not np.issubdtype(ids.dtype, np.integer)):
            raise ValueError(f"ids must be a 1-d sequence of int ids, got shape {ids.shape}")
        if ids.size and (ids.min() < 0 or ids.max() >= len(self)):
            raise ValueError(f"ids must be in [0, {len(self)}), got {ids.min()}..{ids.max()}")
        return "".join(" " + UNK if i == 0 else self.words[i] for i in ids.tolist())


@dataclass(frozen=True)
class WordSplit:
    """A corpus cut into word ids, with the held-out part's tokens kept for pricing.

    train_ids (N_train,), val_ids (N,): int64 token ids; val_tokens: the N held-out tokens as
    they are in the text (a rare word stays spelled out here, and is id 0 in val_ids);
    train_unknown: the training tokens that became <unk>; train_text, val_text: the two parts.
    """

    vocab: WordVocab
    train_ids: np.ndarray
    val_ids: np.ndarray
    val_tokens: tuple[str, ...]
    train_unknown: tuple[str, ...]
    train_text: str
    val_text: str

    @property
    def val_lengths(self) -> np.ndarray:
        """Characters per held-out token, int64 (N,); they sum to len(val_text)."""
        return np.array([len(w) for w in self.val_tokens], dtype=np.int64)

    @property
    def unk_fraction(self) -> float:
        """The share of held-out tokens that are <unk>."""
        return float(np.mean(self.val_ids == 0))


def word_split(
    text: str | None = None, *, size: int = 4000, val_fraction: float = 0.1
) -> WordSplit:
    """Tokenize `text` (tiny-shakespeare if None) after the character models' split
    (:func:`rnnlab.data.text.split_text`: the last `val_fraction` held out), with a vocabulary
    of `size` tokens counted on the training part only."""
    text = load_corpus("tinyshakespeare") if text is None else text
    train_text, val_text = split_text(text, val_fraction)
    train_tokens, val_tokens = tokenize(train_text), tokenize(val_text)
    vocab = WordVocab.from_tokens(train_tokens, size)
    train_ids = vocab.encode(train_tokens)
    return WordSplit(
        vocab=vocab,
        train_ids=train_ids,
        val_ids=vocab.encode(val_tokens),
        val_tokens=tuple(val_tokens),
        train_unknown=tuple(w for w, i in zip(train_tokens, train_ids, strict=True) if i == 0),
        train_text=train_text,
        val_text=val_text,
    )


@dataclass(frozen=True)
class Speller:
    """A unigram character model of the rare words: the price of spelling out an <unk>.

    A word is spelled one character at a time, each drawn from the same distribution, until an
    end mark: cost(w) = -sum_c ln p(c) - ln p(end), in nats. p is counted on the training
    tokens that became <unk> (each ends once), add-one smoothed over `alphabet` and the end
    mark, so every string gets a probability and they sum to 1 over all strings.
    """

    alphabet: str
    log_p: dict[str, float]
    log_end: float

    @classmethod
    def from_tokens(cls, tokens: Sequence[str], alphabet: str) -> Speller:
        """Count the characters of `tokens` (the training <unk> tokens) over `alphabet`."""
        letters = sorted(set(alphabet))
        if not letters:
            raise ValueError("alphabet is empty; the speller needs at least one character")
        counts = Counter("".join(tokens))
        outside = sorted(set(counts) - set(letters))
        if outside:
            raise ValueError(f"tokens hold {outside[0]!r}, which is not in alphabet")
        total = sum(counts.values()) + len(tokens) + len(letters) + 1  # +1 each, end included
        log_p = {c: math.log((counts[c] + 1) / total) for c in letters}
        return cls("".join(letters), log_p, math.log((len(tokens) + 1) / total))

    def nats(self, word: str) -> float:
        """The cost of spelling `word` and ending it, in nats."""
        missing = [c for c in word if c not in self.log_p]
        if missing:
            raise ValueError(f"word has {missing[0]!r}, which is not in the speller's alphabet")
        return -sum(self.log_p[c] for c in word) - self.log_end
