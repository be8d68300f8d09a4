"""Exercises of notebook 05 (training an RNN language model).

Numeric: the perplexity of a mixed text, how far back the carried state reads, and a
word-level perplexity per character. Implementation: the training loop in torch, and the
distribution that sampling with temperature τ and top-k draws from. A prediction to check on the
sampling widget.
"""

from __future__ import annotations

import math

import numpy as np

from rnnlab.exercises._harness import Mistake, check_function
from rnnlab.exercises._verdict import Verdict, check_choice, check_number

__all__ = [
    "check_perplexity_mix",
    "check_context_reach",
    "check_temperature_prediction",
    "check_train_windows",
    "check_sampling_probs",
    "check_word_to_char",
]


def check_perplexity_mix(answer: object) -> Verdict:
    """Exercise 1: the perplexity of a model that gives the true next character probability 1/2
    at half of the steps of a text and 1/8 at the other half."""
    return check_number(
        answer,
        "Exercise 1 (perplexity of a mixed text)",
        4.0,
        hint="J is the mean of -ln p over the steps; the perplexity is e^J",
        wrong=[
            (5.0, "the mean of 2 and 8 is not e^J: average the logs, -ln p, then exponentiate"),
            (3.2, "1 / (mean probability) is not e^J: average -ln p, then exponentiate"),
            (math.log(4), "that is J in nats; the perplexity is e^J"),
            (2.0, "that is J in bits (log base 2); the perplexity is 2 to that power"),
        ],
    )


def check_context_reach(answer: object) -> Verdict:
    """Exercise 2: in the loop of 'From scratch' (T = 32, B = 32, 100 windows from h = 0), how
    many characters the state of stream 0 has read at the last step of the last window."""
    T, B, steps = 32, 32, 100
    return check_number(
        answer,
        "Exercise 2 (how far back the state reads)",
        steps * T,
        atol=0.0,
        rtol=0.0,
        hint="the state starts at h = 0 once, at the start of the stream, and is carried from"
        " window to window: count the characters of the stream read so far",
        wrong=[
            (T, "T is how far back the gradient reaches; the carried state reads further"),
            (steps * T * B, "that is all B streams together; stream 0 reads one column"),
            (T * B, "T·B is one window of the whole batch; count one stream over the windows"),
            (270_000 // B, "that is the whole stream; the loop stops after 100 windows"),
        ],
    )


def check_word_to_char(answer: object) -> Verdict:
    """Exercise 5: J in nats per character of a word-level model with perplexity 120 per word,
    on a text whose words take 6 characters each on average (the space included)."""
    per_word = math.log(120)
    return check_number(
        answer,
        "Exercise 5 (per word to per character)",
        per_word / 6,
        rtol=2e-3,
        atol=2e-3,
        hint="e^J per word = 120 gives J per word; the text holds 6 times as many characters"
        " as words, for the same total loss",
        wrong=[
            (per_word, "that is J per word; spread it over the 6 characters of a word"),
            (per_word / 6 / math.log(2), "that is in bits; J is in nats"),
            (120 ** (1 / 6), "that is the perplexity per character, e^J; give J"),
            (math.log(120 / 6), "divide J, not the perplexity, by 6"),
        ],
    )


def check_temperature_prediction(answer: object) -> Verdict:
    """The prediction before the widget: at τ = 0.5, the probability of the most likely next
    character after 'ROMEO:\nI will ' is (a) half of its p at τ = 1, (b) higher than p,
    (c) p, unchanged, (d) lower than p but more than p / 2. The explanation quotes the bars."""
    unanswered = answer is None or answer is Ellipsis
    return check_choice(
        answer,
        "Prediction (the top character at τ = 0.5)",
        "b",
        choices="abcd",
        why="" if unanswered else _temperature_bars(),
        wrong={
            "a": "τ divides the logits, not the probabilities.",
            "c": "τ changes the distribution itself, not only the draw.",
            "d": "a colder τ sharpens the distribution.",
        },
    )


def _temperature_bars() -> str:
    """What the sampling widget shows for the top character after 'ROMEO:\nI will '."""
    import torch

    from rnnlab.generation import next_char_probs
    from rnnlab.training.checkpoints import load_pretrained

    ckpt = load_pretrained("rnn_shakespeare")
    ids = torch.as_tensor(ckpt.vocab.encode("ROMEO:\nI will "))[:, None]
    with torch.no_grad():
        s = ckpt.model(ids)[0][-1, 0].double().numpy()  # the logits s_t after the prompt
    (top,) = np.argsort(s)[-1:]
    p = {tau: float(next_char_probs(s, tau)[top]) for tau in (1.0, 0.5, 2.0)}
    return (
        f"The tallest bar, {ckpt.vocab.symbols[top]!r}, has p = {p[1.0]:.2f} at τ = 1,"
        f" {p[0.5]:.2f} at τ = 0.5 and {p[2.0]:.2f} at τ = 2: s / 0.5 squares every"
        " probability before the softmax renormalises, and the largest one gains the most."
    )


def _masked(s: np.ndarray, k: int, smallest: bool = False) -> np.ndarray:
    """s with every entry outside the k largest (or smallest) of its row set to -inf."""
    ranked = np.sort(s, axis=-1)
    if smallest:
        return np.where(s <= ranked[:, k - 1 : k], s, -np.inf)
    return np.where(s >= ranked[:, -k:][:, :1], s, -np.inf)


def _softmax(z: np.ndarray, axis: object = -1) -> np.ndarray:
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _sampling_mistakes() -> list[Mistake]:
    """The typical wrong versions of sampling_probs(s, tau, k), each with its hint."""

    def cut(p: np.ndarray, s: np.ndarray, k: int) -> np.ndarray:
        return np.where(np.isfinite(_masked(s, k)), p, 0.0)

    table = [
        (
            lambda s, tau, k: _softmax(_masked(s / tau, k), axis=0),
            "the softmax runs over the wrong axis: each row (one distribution over the V symbols)"
            " must sum to 1, so normalise along axis -1",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s / tau, k), axis=None),
            "you normalised over the whole array: every row is its own distribution (axis=-1,"
            " keepdims=True)",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s, k)) / tau,
            "divide the logits s by τ before the softmax; dividing the probabilities afterwards"
            " only breaks their sum",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s * tau, k)),
            "τ divides the logits: s / τ. Multiplying turns a low temperature into a hot one",
        ),
        (lambda s, tau, k: _softmax(_masked(s, k)), "the temperature is missing: use s / τ"),
        (
            lambda s, tau, k: _softmax(
                np.where(np.isfinite(_masked(s, k, smallest=True)), s / tau, -np.inf)
            ),
            "top-k keeps the k LARGEST logits of each row, not the smallest",
        ),
        (
            lambda s, tau, k: cut(_softmax(s / tau), s, k),
            "after cutting to the top k, renormalise: the kept probabilities must sum to 1",
        ),
        (
            lambda s, tau, k: _softmax(s / tau),
            "the top-k cut is missing: every logit outside the k largest gets probability 0",
        ),
        (
            lambda s, tau, k: _softmax(_masked(s / tau, min(k + 1, s.shape[-1]))),
            "one too many kept: top-k keeps exactly k symbols per row",
        ),
    ]
    return [Mistake(wrong, hint) for wrong, hint in table]


def _nan_as(fn):
    """fn with NaN/inf in its output replaced, so a mistake that yields NaN can still match."""
    if not callable(fn):
        return fn  # the checker says what it is

    def wrapped(*args):
        with np.errstate(all="ignore"):  # a wrong version may warn about NaN; its hint says more
            out = fn(*args)
        if isinstance(out, np.ndarray) and np.issubdtype(out.dtype, np.floating):
            return np.nan_to_num(out, nan=-1.0, posinf=-2.0)  # same dtype: float32 is still told
        return out  # a list, a tensor, None: the checker says what it is

    return wrapped


def check_sampling_probs(fn: object, seed: int | None = None) -> Verdict:
    """Exercise 4: the student's sampling_probs(s, tau, k): logits s (B, V) -> probabilities
    (B, V) of softmax(s / tau) restricted to each row's k largest logits.

    Checked on fresh random cases (`seed` fixes them, for tests), then on large logits, where
    exp without subtracting the row's maximum overflows.
    """
    name = "Exercise 4 (temperature and top-k)"

    def reference(s, tau, k):
        z = np.asarray(s, dtype=np.float64) / tau
        z = np.where(z >= np.sort(z, axis=-1)[:, [-k]], z, -np.inf)  # the k largest per row
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    rng = np.random.default_rng(seed)
    V = 8
    cases = [
        (rng.normal(size=(3, V)) * 2, 0.5, 3),
        (rng.normal(size=(2, V)) * 2, 2.0, 5),
        (rng.normal(size=(4, V)), 0.8, V),
        (rng.normal(size=(1, V)) * 3, 1.5, 2),
    ]
    hint = (
        "compute s / τ, set every logit outside the row's k largest to -inf (np.sort or"
        " np.argsort along axis -1), then a softmax along axis -1"
    )
    first = check_function(
        name,
        _nan_as(fn),
        reference=_nan_as(reference),
        cases=cases,
        mistakes=[Mistake(_nan_as(m.wrong), m.hint) for m in _sampling_mistakes()],
        hint=hint,
    )
    if not first:
        return first
    big = [(rng.normal(size=(2, V)) + 1000.0, 0.5, 4)]  # exp(2000) overflows float64
    return check_function(
        name,
        _nan_as(fn),
        reference=reference,
        cases=big,
        hint=(
            "right on small logits, but with logits near 1000 exp overflows (inf / inf = NaN):"
            " subtract each row's maximum before np.exp; the softmax does not change"
        ),
    )


_TEXT = "the cat sat on the mat; the rat ate the oats. " * 3  # the small fixed text of Ex. 3


def _train_cases() -> list[tuple[object, ...]]:
    """Fresh (model, ids, T, B, steps, lr, max_norm): a small float64 CharLM with random weights
    on the fixed text; the first case clips hard, the second never."""
    from rnnlab.data.text import Vocab
    from rnnlab.models.char_lm import CharLM
    from rnnlab.scratch.rnn import init_rnn_params

    vocab = Vocab.from_text(_TEXT)
    ids = np.asarray(vocab.encode(_TEXT), dtype=np.int64)
    rng = np.random.default_rng()
    V = len(vocab)
    return [
        (CharLM.from_numpy(init_rnn_params(V, H, V, rng=rng)), ids, T, B, steps, lr, max_norm)
        for H, T, B, steps, lr, max_norm in [(6, 5, 2, 6, 0.05, 0.05), (5, 4, 3, 5, 0.02, 100.0)]
    ]


def _loop_mistakes(loop) -> list[Mistake]:
    """The typical wrong training loops: `loop` (the checker's own, with keyword switches)
    with one switch turned, each with its hint."""
    table = [
        ({"carry": False}, "carry the state: the next window starts from the last one's h_T"),
        (
            {"detach": False},
            "cut the carried state from its graph (state.detach()): the next"
            " backward() would run into the last window, whose graph is already freed",
        ),
        ({"clip": None}, "clip the global norm after backward() and before step()"),
        ({"clip": "entry"}, "clip the global norm (clip_grad_norm_), not each entry"),
        ({"zero": False}, "zero the gradients before each backward(): torch adds them up"),
        ({"once": False}, "create Adam once, before the loop: it keeps running means"),
        ({"reduction": "sum"}, "J is the mean over the T·B predictions, not their sum"),
    ]
    return [Mistake(lambda *case, kw=kw: loop(*case, **kw), hint) for kw, hint in table]


def check_train_windows(fn: object) -> Verdict:
    """Exercise 3: `fn(model, ids, T, B, steps, lr, max_norm)` trains a torch CharLM on the first
    `steps` windows of tbptt_windows(ids, T, B), the state carried and cut from its graph, the
    global gradient norm clipped, Adam at a constant lr; returns the J of each window, (steps,).
    """
    name = "Exercise 3 (the training loop in torch)"
    if fn is None or fn is Ellipsis:  # unanswered: say so without importing torch
        return check_function(name, fn, reference=None, cases=[], hint="")
    import torch

    from rnnlab.data.text import tbptt_windows

    def loop(
        model,
        ids,
        T,
        B,
        steps,
        lr,
        max_norm,
        *,
        carry=True,
        detach=True,
        clip="norm",
        zero=True,
        once=True,
        reduction="mean",
    ):
        opt, state, losses = torch.optim.Adam(model.parameters(), lr=lr), None, []
        for _, (xs, ys) in zip(range(steps), tbptt_windows(ids, T, B), strict=False):
            logits, state = model(torch.from_numpy(xs), state if carry else None)
            J = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]),
                torch.from_numpy(ys).reshape(-1),
                reduction=reduction,
            )
            opt = opt if once else torch.optim.Adam(model.parameters(), lr=lr)
            if zero:
                opt.zero_grad()
            J.backward()
            if clip == "norm":
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            elif clip == "entry":
                torch.nn.utils.clip_grad_value_(model.parameters(), max_norm)
            opt.step()
            state = state.detach() if detach else state
            losses.append(J.item())
        return np.array(losses)

    return check_function(
        name,
        fn,
        reference=loop,
        cases=_train_cases(),
        mistakes=_loop_mistakes(loop),
        hint="per window: forward from the carried state, J, zero_grad, backward, clip the"
        " global norm, step, then carry state.detach()",
    )
