"""train_numpy_rnn records the run it made: its held-out split (or none) and its recipe."""

import math

import numpy as np
import pytest

from rnnlab.training.numpy_lm import train_numpy_rnn

TEXT = "the quick brown fox jumps over the lazy dog. " * 40


def run(**kw):
    settings = dict(seq_len=8, batch_size=4, max_steps=40, eval_every=20)
    return train_numpy_rnn(TEXT, 16, rng=np.random.default_rng(0), **(settings | kw))


@pytest.mark.parametrize("val_fraction", [None, 0])
def test_a_run_without_held_out_text_records_none(val_fraction):
    result = run(val_fraction=val_fraction)
    assert result.config.val_fraction == val_fraction  # not the default 10%
    assert not result.config.val_fraction
    assert all("val_loss" not in row for row in result.history)
    assert result.val_loss == result.history[-1]["train_loss"]


def test_a_run_with_held_out_text_records_its_fraction():
    result = run(val_fraction=0.2)
    assert result.config.val_fraction == 0.2
    assert math.isfinite(result.val_loss)
    assert result.history[-1]["val_loss"] == result.val_loss


def test_the_record_is_the_recipe_the_loop_ran():
    config = run(val_fraction=None, lr=2e-3, clip=3.0).config
    assert (config.cell, config.hidden_size, config.seq_len, config.batch_size) == ("rnn", 16, 8, 4)
    assert (config.lr, config.clip, config.max_steps, config.minutes) == (2e-3, 3.0, 40, None)
    # numpy Adam's default betas, no warm-up, the cosine to 0.1 lr, windows cut at fixed places
    assert config.betas == (0.9, 0.999) and config.warmup == 0.0 and config.lr_floor == 0.1
    assert config.random_offset is False
    assert run(seconds=0.3, max_steps=None).config.minutes == 0.3 / 60
