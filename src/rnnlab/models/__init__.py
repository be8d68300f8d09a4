"""torch models: the character LM, the memory-task model, the scheme models, and the converters
between the numpy reference (:mod:`rnnlab.scratch`) and torch modules."""

from rnnlab.models.cells import CELLS, cell_class
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.models.convert import lstm_from_torch, lstm_to_torch, rnn_from_torch, rnn_to_torch
from rnnlab.models.memory import MemoryModel

__all__ = [
    "CELLS",
    "cell_class",
    "CharLM",
    "detach_state",
    "MemoryModel",
    "rnn_to_torch",
    "rnn_from_torch",
    "lstm_to_torch",
    "lstm_from_torch",
]
