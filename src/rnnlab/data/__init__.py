"""Data: text and vocabularies (:mod:`~rnnlab.data.text`), corpora (:mod:`~rnnlab.data.corpora`),
and the synthetic tasks the notebooks train on. Import the submodule you need, e.g.
``from rnnlab.data.text import Vocab``.

Sequences are time-major: xs (T, B, D), targets (T, B) or (B,).
"""
