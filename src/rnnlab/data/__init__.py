"""Data: text and vocabularies, corpora, and the synthetic tasks the notebooks train on.

Sequences are time-major: xs (T, B, D), targets (T, B) or (B,).
"""
