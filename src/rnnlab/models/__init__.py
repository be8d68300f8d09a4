"""torch models: the character LM (:mod:`~rnnlab.models.char_lm`), the memory-task model
(:mod:`~rnnlab.models.memory`), the scheme models, and the converters between the numpy reference
(:mod:`rnnlab.scratch`) and torch modules (:mod:`~rnnlab.models.convert`). Import the submodule you
need, e.g. ``from rnnlab.models.char_lm import CharLM``."""
