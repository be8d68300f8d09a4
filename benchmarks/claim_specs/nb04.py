"""04_hello: the numpy RNN trained on 'hello', with and without memory."""

import math

import numpy as np

from claim_specs import Spec, measured
from rnnlab.data.text import Vocab
from rnnlab.generation import generate
from rnnlab.scratch.rnn import softmax
from rnnlab.training.numpy_lm import train_numpy_rnn

NB = "04_hello"
VOCAB = Vocab(tuple("helo"))
MEMORYLESS = 2 * math.log(2) / 4  # the bound without memory: only 'l' has two next letters


@measured
def runs(seed: int):
    rng = np.random.default_rng(seed)
    kw = dict(
        seq_len=4,
        batch_size=1,
        lr=0.05,
        max_steps=150,
        val_fraction=None,
        eval_every=5,
        vocab=VOCAB,
        rng=rng,
    )
    return train_numpy_rnn("hello", 8, **kw), train_numpy_rnn("hello", 8, memory=False, **kw)


def _greedy_matches(r) -> bool:
    p = r[1].model
    h_l = np.tanh(p["W_xh"][:, VOCAB.encode("l")[0]] + p["b_h"])
    after_l = softmax(p["W_hy"] @ h_l + p["b_y"])
    return generate(p, VOCAB, "h", 4, 0)[-1] == "lo"[int(after_l[3] > after_l[2])]


SPECS = [
    Spec(
        NB,
        "the RNN drives J to about 0",
        runs,
        lambda r: r[0].val_loss,
        lambda r: r[0].val_loss < 0.0125,
    ),
    Spec(
        NB,
        "without memory J stops at the bound; with memory it goes to about 0",
        runs,
        lambda r: abs(r[1].val_loss - MEMORYLESS),
        lambda r: abs(r[1].val_loss - MEMORYLESS) < 0.0025 and r[0].val_loss < 0.0125,
    ),
    Spec(
        NB,
        "greedy repeats the letter with the larger probability after 'l'",
        runs,
        lambda r: float(_greedy_matches(r)),
        _greedy_matches,
    ),
]
