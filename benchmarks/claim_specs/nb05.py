"""05_rnn_lm: the slide's training loop in numpy, the ladder of baselines, the checkpoint against
torch, the live torch run and the temperature experiment.

The notebook seeds its numpy loop with 1, its torch run with 0 and its samples with 1 and 2;
here every run takes the table's seed instead.
"""

import math
import re

import numpy as np
import torch

from claim_specs import Spec, measured
from rnnlab.data.corpora import load_corpus
from rnnlab.data.ngrams import ngram_loss
from rnnlab.data.text import Vocab, split_text, tbptt_windows
from rnnlab.generation import generate, sample_next
from rnnlab.models.char_lm import CharLM
from rnnlab.repro import one_thread
from rnnlab.scratch.clip import clip_by_norm
from rnnlab.scratch.optim import adam_init, adam_update
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads
from rnnlab.training.checkpoints import load_pretrained
from rnnlab.training.config import TrainConfig
from rnnlab.training.lm import cosine_schedule, evaluate, train_lm
from rnnlab.training.numpy_lm import evaluate_numpy, train_numpy_rnn

NB = "05_rnn_lm"


@measured
def corpus(_seed: int = 0):
    text = load_corpus("tinyshakespeare")
    vocab = Vocab.from_text(text)
    train_text, val_text = split_text(text, 0.1)
    return text, vocab, train_text, vocab.encode(train_text), vocab.encode(val_text)


@measured
def numpy_loop(seed: int) -> dict:
    """The notebook's loop (H = 128, T = B = 32, 100 steps, max_norm 1), then train_numpy_rnn
    from the same initial weights, and the loop's loss on the held-out text."""
    text, vocab, _, train_ids, val_ids = corpus()
    V, H, T, B, steps, lr, max_norm = len(vocab), 128, 32, 32, 100, 1e-2, 1.0
    with one_thread():
        theta = init_rnn_params(V, H, V, rng=np.random.default_rng(seed))
        opt, eye, h = adam_init(theta), np.eye(V), None
        for step, (xs, ys) in enumerate(tbptt_windows(train_ids[:270_000], T, B)):
            if step == steps:
                break
            _, grads, h = rnn_loss_and_grads(theta, eye[xs], ys, h)
            grads, _ = clip_by_norm(grads, max_norm)
            adam_update(theta, grads, opt, lr * cosine_schedule(step / steps))
    run = train_numpy_rnn(
        text[:300_000],
        H,
        seq_len=T,
        batch_size=B,
        lr=lr,
        clip=max_norm,
        max_steps=steps,
        eval_every=20,
        vocab=vocab,
        rng=np.random.default_rng(seed),
    )
    same = all(np.array_equal(theta[k], run.model[k]) for k in theta)
    unigram = float(-np.log((np.bincount(train_ids, minlength=V) / len(train_ids))[val_ids]).mean())
    return {"same": same, "rnn100": evaluate_numpy(theta, val_ids, V), "unigram": unigram}


@measured
def ladder(_seed: int) -> dict:
    """The counted rungs and the checkpoint on the held-out text (no seed: counting and
    inference; the table still runs it on every path and thread count)."""
    _, vocab, _, train_ids, val_ids = corpus()
    rungs = {"uniform": math.log(len(vocab))}
    for n in (1, 2, 3, 4, 5):
        rungs[n] = ngram_loss(train_ids, val_ids, n=n, V=len(vocab), k=0.1)
    rungs["ckpt"] = evaluate(checkpoint().model, val_ids)
    return rungs


@measured
def checkpoint(_seed: int = 0):
    return load_pretrained("rnn_shakespeare")


@measured
def parity(seed: int) -> dict:
    """numpy against float64 torch on 2,000 held-out characters (a stretch chosen by the seed),
    and a 150-character sample by hand, by generate on numpy and on torch, from rng `seed`."""
    _, vocab, _, _, val_ids = corpus()
    params = checkpoint().model.to_numpy()
    model64 = CharLM.from_numpy(params)
    chunk = val_ids[2000 * seed : 2000 * (seed + 1)]
    _, s_np = rnn_forward(params, np.eye(len(vocab))[chunk][:, None, :])
    s_torch = model64(torch.from_numpy(chunk)[:, None])[0].detach().numpy()
    eye, prompt = np.eye(len(vocab)), "ROMEO:"
    hs, s_prompt = rnn_forward(params, eye[vocab.encode(prompt)][:, None, :])
    h, s, step_rng, drawn = hs[-1, 0], s_prompt[-1, 0], np.random.default_rng(seed), []
    for _ in range(150):
        drawn.append(sample_next(s, temperature=0.8, rng=step_rng))
        h = np.tanh(params["W_hh"] @ h + params["W_xh"] @ eye[drawn[-1]] + params["b_h"])
        s = params["W_hy"] @ h + params["b_y"]
    by_hand = prompt + vocab.decode(drawn)
    a = generate(params, vocab, prompt, 150, temperature=0.8, rng=np.random.default_rng(seed))
    b = generate(model64, vocab, prompt, 150, temperature=0.8, rng=np.random.default_rng(seed))
    return {"err": float(np.abs(s_np - s_torch).max()), "agree": by_hand == a == b}


@measured
def live(seed: int) -> dict:
    """The notebook's torch run (seed `seed`) on its own held-out 30,000 characters, and the
    unigram counted on the 270,000 it trained on."""
    text, vocab, *_ = corpus()
    cfg = TrainConfig(
        cell="rnn",
        hidden_size=128,
        seq_len=32,
        batch_size=32,
        lr=1e-2,
        clip=1.0,
        minutes=None,
        max_steps=100,
        eval_every=20,
        eval_chars=10_000,
        precision="float32",
        betas=(0.9, 0.999),
        warmup=0.0,
        lr_floor=0.1,
        random_offset=False,
        embedding=None,
        seed=seed,
    )
    run = train_lm(text[:300_000], cfg, progress=False)
    unigram = ngram_loss(
        vocab.encode(text[:270_000]), vocab.encode(text[270_000:300_000]), n=1, V=len(vocab), k=0.1
    )
    return {"loss": run.val_loss, "unigram": unigram}


@measured
def temperatures(seed: int) -> dict:
    """Real and distinct words of 400-character samples at five temperatures, rng `seed`."""
    _, vocab, train_text, *_ = corpus()
    params = checkpoint().model.to_numpy()
    known = set(re.findall(r"[A-Za-z']+", train_text))
    real, distinct = {}, {}
    for tau in (0.0, 0.3, 0.7, 1.0, 1.5):
        sample = generate(params, vocab, "\n", 400, tau, rng=np.random.default_rng(seed))
        words = re.findall(r"[A-Za-z']+", sample)
        real[tau] = sum(w in known for w in words) / max(len(words), 1)
        distinct[tau] = len(set(words)) / max(len(words), 1)
    return {"real": real, "distinct": distinct}


def _ordered(r: dict) -> bool:
    rungs = [r["uniform"], r[1], r[2], r[3], r[4], r["ckpt"]]
    return rungs == sorted(rungs, reverse=True)


def _bigram_level(seed: int) -> dict:
    return {"rnn100": numpy_loop(seed)["rnn100"], **ladder(seed)}


SPECS = [
    Spec(NB, "train_numpy_rnn is this loop", numpy_loop, lambda r: r["same"], lambda r: r["same"]),
    Spec(
        NB,
        "100 steps already beat the unigram model",
        numpy_loop,
        lambda r: r["rnn100"],
        lambda r: r["rnn100"] < r["unigram"],
    ),
    Spec(
        NB,
        "numpy and torch compute the same logits s_t (2,000 characters)",
        parity,
        lambda r: r["err"],
        lambda r: r["err"] < 1e-9,
    ),
    Spec(
        NB,
        "the loop, generate on numpy and generate on torch agree",
        parity,
        lambda r: r["agree"],
        lambda r: r["agree"],
    ),
    Spec(
        NB,
        "each rung beats the one above it, up to the 4-gram",
        ladder,
        lambda r: r[4] - r["ckpt"],  # the narrowest step: the checkpoint below the 4-gram
        _ordered,
    ),
    Spec(
        NB,
        "the 5-gram is no better than the 4-gram",
        ladder,
        lambda r: r[5] - r[4],
        lambda r: r[5] >= r[4],
    ),
    Spec(
        NB,
        "after 100 steps the RNN is at the bigram's level, well short of the trigram",
        _bigram_level,
        lambda r: r["rnn100"] - r[2],
        lambda r: abs(r["rnn100"] - r[2]) < 0.2 < r["rnn100"] - r[3],
    ),
    Spec(
        NB,
        "the torch RNN beats the unigram model after 100 steps",
        live,
        lambda r: r["loss"],
        lambda r: r["loss"] < r["unigram"],
    ),
    Spec(
        NB,
        "a colder τ writes more real words",
        temperatures,
        lambda r: r["real"][0.3] - r["real"][1.5],
        lambda r: r["real"][0.3] > r["real"][1.5],
    ),
    Spec(
        NB,
        "a colder τ repeats itself more",
        temperatures,
        lambda r: r["distinct"][1.0] - r["distinct"][0.3],
        lambda r: r["distinct"][0.0] < r["distinct"][0.3] < r["distinct"][1.0],
    ),
]
