"""The packaged checkpoint loads safely and is the model its notebook describes."""

import numpy as np
import pytest

from rnnlab.generation import generate
from rnnlab.training.checkpoints import PRETRAINED, load_pretrained, pretrained_path


def test_packaged_rnn_checkpoint_loads_and_writes():
    assert pretrained_path("rnn_shakespeare").stat().st_size < 2_000_000
    ckpt = load_pretrained("rnn_shakespeare")
    assert ckpt.model.config()["cell"] == "rnn" and len(ckpt.vocab) == 65
    assert ckpt.metrics["val_loss"] < 2.0
    params = ckpt.model.to_numpy()
    text = generate(params, ckpt.vocab, "ROMEO:", 40, temperature=0, rng=np.random.default_rng(0))
    assert text.startswith("ROMEO:") and len(text) == 46
    assert "--model rnn" in PRETRAINED["rnn_shakespeare"]


def test_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        pretrained_path("gpt")


@pytest.mark.parametrize("name", sorted(PRETRAINED))
def test_a_checkpoint_older_than_embeddings_says_what_it_trained_with(name):
    ckpt = load_pretrained(name)
    assert ckpt.model.embedding is None and ckpt.config.embedding is None
    assert ckpt.config.warmup == 0.0
    assert f"--beta2 {ckpt.config.betas[1]}" in PRETRAINED[name]
    assert f"--lr-floor {ckpt.config.lr_floor}" in PRETRAINED[name]
    assert "--embedding 0" in PRETRAINED[name] and "--fixed-windows" in PRETRAINED[name]
    assert not ckpt.config.random_offset
