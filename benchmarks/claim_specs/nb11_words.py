"""11_applications, the LM slide's words: a word LSTM and a character LSTM in the same budget,
both scored in nats per character of the same held-out text."""

from claim_specs import Spec, measured
from rnnlab.experiments.words import compare_words_chars

NB = "11_applications"


@measured
def words(seed: int):
    return compare_words_chars(seed=seed)


def _known_gap(run) -> float:
    """Character model minus word model, nats per character, on the characters of the tokens
    the word model knows (no <unk> among them)."""
    return run.known_char_per_char - run.known_word_per_char


SPECS = [
    Spec(
        NB,
        "while <unk> costs nothing, the word model needs fewer nats per character than the "
        "character model",
        words,
        value=lambda r: r.char_J - r.word_per_char,
        holds=lambda r: r.word_per_char < r.char_J,
    ),
    Spec(
        NB,
        "charged for spelling each <unk>, the word model pays more than half a nat per "
        "character more",
        words,
        value=lambda r: r.fair_word_per_char - r.word_per_char,
        holds=lambda r: r.fair_word_per_char - r.word_per_char > 0.5,
    ),
    Spec(
        NB,
        "so charged, the two models are within a tenth of a nat per character of each other",
        words,
        value=lambda r: r.fair_word_per_char - r.char_J,
        holds=lambda r: abs(r.fair_word_per_char - r.char_J) < 0.1,
    ),
    Spec(
        NB,
        "on the words it knows, the word model needs fewer nats per character than the "
        "character model",
        words,
        value=_known_gap,
        holds=lambda r: _known_gap(r) > 0,
    ),
    Spec(
        NB,
        "the character model writes words that occur nowhere in the training text",
        words,
        value=lambda r: len(r.char_invented) / r.char_words,
        holds=lambda r: len(r.char_invented) > 0,
    ),
]
