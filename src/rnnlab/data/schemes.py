"""Small synthetic tasks, one per RNN scheme, generated from an rng (nothing is downloaded).

- one to many, :func:`caption_data`: a feature vector of a made-up image -> a caption such as
  ``red kite on the beach <eos>`` (image annotation).
- many to one, :func:`sentiment_data`: a review such as ``the plot was not dull but acting bad``
  -> positive / negative (sentence classification). The label is the polarity of the clause after
  ``but`` (``not`` flips a word), and the two clauses always disagree, so a review and its
  clauses swapped contain the same words with opposite labels: word order is all that tells
  them apart, and any bag-of-words model is stuck at 50%.
- many to many, encoder-decoder, :func:`translation_data`: a toy English sentence -> French,
  ``we want the white mouse`` -> ``nous voulons la souris blanche <eos>``: the article agrees
  with a noun that comes after it (and elides before a vowel: ``the bird`` -> ``l' oiseau``,
  tokenised as two words), the adjective moves behind the noun, the verb agrees with the subject
  in both languages (``he sees`` -> ``il voit``).
- many to many, synced, :func:`tagging_data`: a part-of-speech tag for every word, where
  ``fish``, ``watch``, ``duck``... are a verb after a pronoun and a noun after an article.

Token sequences are time-major id arrays (T, B), padded with id 0 (``<pad>``) after each
sequence's end; every function returns a dict of numpy arrays and vocabularies (lists of words,
index = id).
"""

from __future__ import annotations

import numpy as np

from rnnlab._validate import check_int, check_rng

__all__ = [
    "PAD",
    "BOS",
    "EOS",
    "caption_data",
    "sentiment_data",
    "translation_data",
    "tagging_data",
    "decode",
    "swap_clauses",
    "pad_ids",
]

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"

COLOURS = ["red", "green", "blue", "black"]
OBJECTS = ["kite", "train", "giraffe", "boat"]
PLACES = ["beach", "track", "field", None]  # None: no place, a shorter caption
CAPTION_VOCAB = [PAD, BOS, EOS, *COLOURS, *OBJECTS, "on", "the", *[p for p in PLACES if p]]

POSITIVE = ["good", "great", "fun"]
NEGATIVE = ["bad", "dull", "awful"]
FILLERS = ["the", "movie", "plot", "acting", "was", "really", "quite"]
SENTIMENT_VOCAB = [PAD, *FILLERS, "not", "but", *POSITIVE, *NEGATIVE]
SENTIMENT_CLASSES = ["negative", "positive"]

# subject -> (French subject, verb form index); verbs -> forms for je/tu, il, nous, ils
SUBJECTS = {
    "i": ("je", 0),
    "you": ("tu", 0),
    "he": ("il", 1),
    "we": ("nous", 2),
    "they": ("ils", 3),
}
VERBS = {
    "see": ["vois", "voit", "voyons", "voient"],
    "want": ["veux", "veut", "voulons", "veulent"],
}
THIRD_PERSON = {"see": "sees", "want": "wants"}  # English agrees too: he sees, he wants
BASE_FORM = {v: k for k, v in THIRD_PERSON.items()}
NOUNS = {
    "cat": ("chat", "m"),
    "dog": ("chien", "m"),
    "bird": ("oiseau", "m"),
    "mouse": ("souris", "f"),
    "car": ("voiture", "f"),
}
ARTICLES = {"the": {"m": "le", "f": "la"}, "a": {"m": "un", "f": "une"}}
ELIDED = "l'"  # le/la before a vowel: l'oiseau
ADJECTIVES = {
    None: None,
    "black": {"m": "noir", "f": "noire"},
    "white": {"m": "blanc", "f": "blanche"},
}
SRC_VOCAB = [
    PAD,
    *SUBJECTS,
    *VERBS,
    *THIRD_PERSON.values(),
    *ARTICLES,
    *[a for a in ADJECTIVES if a],
    *NOUNS,
]
TGT_VOCAB = [
    PAD,
    BOS,
    EOS,
    *[f for f, _ in SUBJECTS.values()],
    *[form for forms in VERBS.values() for form in forms],
    *[w for d in ARTICLES.values() for w in d.values()],
    ELIDED,
    *[w for d in ADJECTIVES.values() if d for w in d.values()],
    *[f for f, _ in NOUNS.values()],
]

PRONOUNS = ["i", "we", "they"]
TAG_ARTICLES = ["the", "a"]
TAG_ADJECTIVES = ["big", "old"]
AMBIGUOUS = ["fish", "watch", "duck", "park", "saw"]  # noun after an article, verb after a pronoun
ONLY_NOUNS = ["dog", "boat"]
ONLY_VERBS = ["like", "see"]
TAGS = [PAD, "PRON", "VERB", "DET", "ADJ", "NOUN", "CONJ"]
TAG_VOCAB = [
    PAD,
    *PRONOUNS,
    *TAG_ARTICLES,
    *TAG_ADJECTIVES,
    *AMBIGUOUS,
    *ONLY_NOUNS,
    *ONLY_VERBS,
    "and",
]


def _check(n: object, rng: object) -> int:
    n = check_int(n, "n")
    check_rng(rng)
    return n


def pad_ids(seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """B id lists -> (ids (T_max, B) padded with 0, lengths (B,))."""
    if not seqs or any(len(s) == 0 for s in seqs):
        raise ValueError("seqs must be a non-empty list of non-empty id lists")
    lengths = np.array([len(s) for s in seqs])
    ids = np.zeros((int(lengths.max()), len(seqs)), dtype=np.int64)
    for b, s in enumerate(seqs):
        ids[: len(s), b] = s
    return ids, lengths


def decode(ids: np.ndarray, vocab: list[str], *, stop_at_eos: bool = True) -> str:
    """A 1-D id sequence as words; padding is dropped, and decoding stops after ``<eos>``."""
    ids = np.asarray(ids)
    if ids.ndim != 1:
        raise ValueError(f"ids must be one sequence (T,), got shape {ids.shape}")
    words = []
    for i in ids:
        if not 0 <= int(i) < len(vocab):
            raise ValueError(f"ids must be in [0, {len(vocab)}) for this vocab, got {int(i)}")
        word = vocab[int(i)]
        if word != PAD:
            words.append(word)
        if stop_at_eos and word == EOS:
            break
    return " ".join(words)


def caption_data(n: int, *, rng: np.random.Generator, features: int = 16, noise: float = 0.2):
    """n made-up images as feature vectors, each with its caption (one to many).

    An image is a (colour, object, place) triple; its feature vector (features,) is a fixed random
    mix of the three one-hot codes plus Gaussian noise of std `noise`, like the output of an image
    network. Returns {"images": (n, F), "captions": (T, n) ids ending with <eos>, "lengths": (n,),
    "attributes": (n, 3) ids of colour, object, place, "vocab": CAPTION_VOCAB}.
    """
    n = _check(n, rng)
    if isinstance(features, bool) or not isinstance(features, int) or features < 1:
        raise ValueError(f"features must be an int >= 1, got {features!r}")
    mix = rng.normal(size=(features, 12)) / np.sqrt(3)  # the same "camera" for every image
    attrs = np.stack([rng.integers(0, 4, size=n) for _ in range(3)], axis=1)  # (n, 3)
    codes = np.zeros((n, 12))
    codes[np.arange(n)[:, None], attrs + np.array([0, 4, 8])] = 1.0
    images = codes @ mix.T + noise * rng.standard_normal((n, features))
    index = {w: i for i, w in enumerate(CAPTION_VOCAB)}
    captions = []
    for c, o, p in attrs:
        words = [COLOURS[c], OBJECTS[o]] + (["on", "the", PLACES[p]] if PLACES[p] else [])
        captions.append([index[w] for w in [*words, EOS]])
    ids, lengths = pad_ids(captions)
    return {
        "images": images,
        "captions": ids,
        "lengths": lengths,
        "attributes": attrs,
        "vocab": CAPTION_VOCAB,
    }


def _clause(rng: np.random.Generator, polarity: int) -> list[str]:
    """A clause whose meaning has `polarity` (1 positive), maybe through a negated word."""
    negated = bool(rng.random() < 0.5)
    pool = POSITIVE if (polarity == 1) != negated else NEGATIVE
    words = list(rng.choice(FILLERS, size=int(rng.integers(0, 3))))
    return [*words, *(["not"] if negated else []), str(rng.choice(pool))]


def sentiment_data(n: int, *, rng: np.random.Generator):
    """n reviews ``clause but clause`` labelled by the second clause (many to one).

    The clauses always have opposite meanings, so word order alone decides the label.
    Returns {"tokens": (T, n) ids, "lengths": (n,), "labels": (n,) 0 negative / 1 positive,
    "vocab": SENTIMENT_VOCAB, "classes": ["negative", "positive"]}.
    """
    n = _check(n, rng)
    labels = rng.integers(0, 2, size=n)
    index = {w: i for i, w in enumerate(SENTIMENT_VOCAB)}
    reviews = [_clause(rng, 1 - y) + ["but"] + _clause(rng, y) for y in labels]
    ids, lengths = pad_ids([[index[w] for w in r] for r in reviews])
    return {
        "tokens": ids,
        "lengths": lengths,
        "labels": labels,
        "vocab": SENTIMENT_VOCAB,
        "classes": SENTIMENT_CLASSES,
    }


def swap_clauses(review: str) -> str:
    """``A but B`` -> ``B but A``: the same words, the opposite label."""
    words = review.split()
    if words.count("but") != 1:
        raise ValueError(f"review must contain 'but' exactly once, got {review!r}")
    k = words.index("but")
    return " ".join([*words[k + 1 :], "but", *words[:k]])


def translate(words: list[str]) -> list[str]:
    """The reference French for a toy sentence ``subject verb article [adjective] noun``."""
    subj, verb, art, *rest = words
    adj, noun = (rest[0], rest[1]) if len(rest) == 2 else (None, rest[0])
    fr_subj, form = SUBJECTS[subj]
    fr_noun, gender = NOUNS[noun]
    article = ARTICLES[art][gender]
    if art == "the" and fr_noun[0] in "aeiouh":
        article = ELIDED
    out = [fr_subj, VERBS[BASE_FORM.get(verb, verb)][form], article, fr_noun]
    return out + ([ADJECTIVES[adj][gender]] if adj else [])


def translation_data(n: int, *, rng: np.random.Generator):
    """n toy English sentences with their French translation ending in <eos> (encoder-decoder).

    Returns {"src": (Ts, n) ids, "src_lengths": (n,), "tgt": (Tt, n) ids ending with <eos>,
    "tgt_lengths": (n,), "src_vocab": SRC_VOCAB, "tgt_vocab": TGT_VOCAB}.
    """
    n = _check(n, rng)
    s_index = {w: i for i, w in enumerate(SRC_VOCAB)}
    t_index = {w: i for i, w in enumerate(TGT_VOCAB)}
    src, tgt = [], []
    for _ in range(n):
        adj = list(ADJECTIVES)[int(rng.integers(0, len(ADJECTIVES)))]
        subj, verb = str(rng.choice(list(SUBJECTS))), str(rng.choice(list(VERBS)))
        words = [
            subj,
            THIRD_PERSON[verb] if subj == "he" else verb,
            str(rng.choice(list(ARTICLES))),
            *([adj] if adj else []),
            str(rng.choice(list(NOUNS))),
        ]
        src.append([s_index[w] for w in words])
        tgt.append([t_index[w] for w in [*translate(words), EOS]])
    src_ids, src_len = pad_ids(src)
    tgt_ids, tgt_len = pad_ids(tgt)
    return {
        "src": src_ids,
        "src_lengths": src_len,
        "tgt": tgt_ids,
        "tgt_lengths": tgt_len,
        "src_vocab": SRC_VOCAB,
        "tgt_vocab": TGT_VOCAB,
    }


def _tag_clause(rng: np.random.Generator) -> list[tuple[str, str]]:
    out = [(str(rng.choice(PRONOUNS)), "PRON")]
    out.append((str(rng.choice(AMBIGUOUS + ONLY_VERBS)), "VERB"))
    out.append((str(rng.choice(TAG_ARTICLES)), "DET"))
    if rng.random() < 0.4:
        out.append((str(rng.choice(TAG_ADJECTIVES)), "ADJ"))
    out.append((str(rng.choice(AMBIGUOUS + ONLY_NOUNS)), "NOUN"))
    return out


def tagging_data(n: int, *, rng: np.random.Generator):
    """n sentences with a part-of-speech tag per word (many to many, synced).

    A sentence is one or two clauses ``pronoun verb article [adjective] noun`` joined by ``and``;
    the words in AMBIGUOUS are verbs in one place and nouns in another. Returns
    {"tokens": (T, n) ids, "tags": (T, n) tag ids (0 on padding), "lengths": (n,),
    "vocab": TAG_VOCAB, "tagset": TAGS}.
    """
    n = _check(n, rng)
    w_index = {w: i for i, w in enumerate(TAG_VOCAB)}
    t_index = {t: i for i, t in enumerate(TAGS)}
    words, tags = [], []
    for _ in range(n):
        pairs = _tag_clause(rng)
        if rng.random() < 0.5:
            pairs += [("and", "CONJ"), *_tag_clause(rng)]
        words.append([w_index[w] for w, _ in pairs])
        tags.append([t_index[t] for _, t in pairs])
    ids, lengths = pad_ids(words)
    tag_ids, _ = pad_ids(tags)
    return {"tokens": ids, "tags": tag_ids, "lengths": lengths, "vocab": TAG_VOCAB, "tagset": TAGS}
