"""Looking at single cells of a character LM: what they track, how saturated, how far back.

- :func:`trace` runs a one-layer CharLM over a text and returns every h_t, c_t and gate (T, H).
- :func:`correlations` is Pearson's r of each unit with a feature; :func:`best_unit` the unit
  with the largest |r|; :func:`shift_null` the best |r| of all units against the feature shifted
  in time, circularly (what the search finds by chance in series with the same autocorrelation).
- :func:`saturation` is the fraction of time each sigmoid gate is below 0.1 or above 0.9.
- :func:`input_gradient` is ‖∂ log p(y_t) / ∂x_{t-d}‖ averaged over positions, for each d.
- :func:`loss_vs_context` is the loss when the state is reset d steps before each prediction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from rnnlab._validate import as_array, check_int, check_rng
from rnnlab.models.char_lm import CharLM
from rnnlab.repro import one_thread

__all__ = [
    "Trace",
    "GATES",
    "trace",
    "correlations",
    "best_unit",
    "shift_null",
    "saturation",
    "input_gradient",
    "loss_vs_context",
]

GATES = ("i", "f", "g", "o")  # torch's order in weight_ih_l0: input, forget, candidate, output


@dataclass
class Trace:
    """A one-layer CharLM read over a text: h (T, H); for an LSTM also c (T, H) and the gates
    i, f, o (sigmoids) and g (tanh), each (T, H); None for a tanh RNN."""

    h: np.ndarray
    c: np.ndarray | None = None
    gates: dict[str, np.ndarray] | None = None

    def states(self) -> dict[str, np.ndarray]:
        """'h' and (LSTM) 'c', name -> (T, H)."""
        return {"h": self.h} if self.c is None else {"h": self.h, "c": self.c}


def _check_model(model: object) -> CharLM:
    if not isinstance(model, CharLM) or model.num_layers != 1 or model.cell not in ("rnn", "lstm"):
        raise ValueError(f"model must be a one-layer rnn or lstm CharLM, got {model!r:.80}")
    return model


def _check_ids(ids: object, V: int, name: str = "ids") -> np.ndarray:
    ids = as_array(ids, name).astype(np.int64)
    if ids.ndim != 1 or len(ids) < 2 or ids.min() < 0 or ids.max() >= V:
        raise ValueError(
            f"{name} must be a 1-D array of at least 2 ids in [0, {V}), got {ids!r:.60}"
        )
    return ids


def trace(model: CharLM, ids: np.ndarray, streams: int = 1) -> Trace:
    """Run `model` (one layer) over ids (T,) from h = 0 and return every state and gate.

    The text is cut into `streams` contiguous pieces read side by side as a batch (each from
    h = 0; the last T % streams ids are dropped), so the returned arrays have T' = T - T % streams
    rows, in text order. All float32: the h_t come from torch's own cell; for an LSTM the gates
    are recomputed from h_{t-1} in one matrix product, [i f g o] = W_ih x_t + W_hh h_{t-1} + b,
    and c_t = f_t c_{t-1} + i_t g_t.
    """
    model = _check_model(model)
    ids = _check_ids(ids, model.vocab_size)
    S = check_int(streams, "streams")
    L = len(ids) // S
    if L < 1:
        raise ValueError(f"streams must be at most len(ids)={len(ids)}, got {S}")
    cols = torch.from_numpy(ids[: S * L].reshape(S, L).T.copy())  # (L, S): stream s is column s
    rnn = model.rnn
    with torch.no_grad(), one_thread():  # S streams of one character a step: tiny products
        x = model.inputs(cols).float()  # (L, S, D)
        out, _ = rnn(x)  # (L, S, H)
        if model.cell == "lstm":
            h_prev = torch.cat([torch.zeros_like(out[:1]), out[:-1]])  # (L, S, H)
            pre = x @ rnn.weight_ih_l0.T + h_prev @ rnn.weight_hh_l0.T + rnn.bias_ih_l0
            i, f, g, o = (pre + rnn.bias_hh_l0).chunk(4, dim=-1)  # (L, S, H) each
            i, f, g, o = (a.numpy() for a in (i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()))
    h = out.numpy()
    flat = lambda a: a.transpose(1, 0, 2).reshape(S * L, -1)  # noqa: E731  (L, S, H) -> (T', H)
    if model.cell == "rnn":
        return Trace(flat(h))
    c = np.empty_like(h)
    c_prev = np.zeros(h.shape[1:])
    for t in range(L):  # the one recurrence that must run step by step
        c_prev = c[t] = f[t] * c_prev + i[t] * g[t]
    gates = {"i": flat(i), "f": flat(f), "g": flat(g), "o": flat(o)}
    return Trace(flat(h), flat(c), gates)


def correlations(acts: np.ndarray, feature: np.ndarray) -> np.ndarray:
    """Pearson's r of each unit with the feature: acts (T, H), feature (T,) -> r (H,).

    r = cov(a, f) / (std(a) std(f)); a unit (or a feature) that never changes gets r = 0.
    """
    acts = as_array(acts, "acts", dtype=np.float64)
    feature = as_array(feature, "feature", dtype=np.float64)
    if acts.ndim != 2 or feature.shape != (acts.shape[0],) or acts.shape[0] < 2:
        raise ValueError(
            f"acts must be (T, H), feature (T,), T >= 2; got {acts.shape} and {feature.shape}"
        )
    a = acts - acts.mean(axis=0)
    f = feature - feature.mean()
    denom = np.sqrt((a**2).sum(axis=0) * (f**2).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (a * f[:, None]).sum(axis=0) / denom
    return np.where(denom > 1e-12, r, 0.0)


def best_unit(acts: np.ndarray, feature: np.ndarray) -> tuple[int, float]:
    """The unit with the largest |r| with the feature, and its r (signed)."""
    r = correlations(acts, feature)
    k = int(np.argmax(np.abs(r)))
    return k, float(r[k])


def shift_null(
    acts: np.ndarray,
    feature: np.ndarray,
    rng: np.random.Generator,
    shifts: int = 20,
    min_shift: int | None = None,
) -> np.ndarray:
    """The largest |r| over all units against the feature rolled by random offsets: chance.

    acts (T, H) (all the units the search looks at), feature (T,); `shifts` offsets drawn by
    `rng` from [min_shift, T - min_shift] (default T // 10). A circular shift keeps each series'
    own autocorrelation (a feature that stays on for a whole string, a unit that drifts) and
    breaks only their alignment; shuffling would destroy both and make chance look like
    1/sqrt(T). Returns (shifts,): the best |r| of each shift.
    """
    rng = check_rng(rng)
    acts = as_array(acts, "acts", dtype=np.float64)
    feature = as_array(feature, "feature", dtype=np.float64)
    T = acts.shape[0]
    low = T // 10 if min_shift is None else check_int(min_shift, "min_shift", minimum=1)
    check_int(shifts, "shifts")
    if acts.ndim != 2 or feature.shape != (T,) or not 0 < low < T - low:
        raise ValueError(
            f"acts must be (T, H) and feature (T,) with 0 < min_shift < T - min_shift; got "
            f"{acts.shape}, {feature.shape}, min_shift={low}"
        )
    a = acts - acts.mean(axis=0)
    a_norm = np.sqrt((a**2).sum(axis=0))  # (H,)
    f = feature - feature.mean()
    rolled = np.stack([np.roll(f, int(k)) for k in rng.integers(low, T - low + 1, shifts)], 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (a.T @ rolled) / (a_norm[:, None] * np.sqrt((f**2).sum()))  # (H, shifts)
    r = np.where(a_norm[:, None] > 1e-12, r, 0.0)
    return np.abs(r).max(axis=0)


def saturation(
    gate: np.ndarray, low: float = 0.1, high: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    """Per unit, the fraction of time a sigmoid gate is left- (< low) and right-saturated (> high).

    gate (T, H) -> (left (H,), right (H,)).
    """
    gate = as_array(gate, "gate", dtype=np.float64)
    if gate.ndim != 2 or not 0 <= low < high <= 1:
        raise ValueError(f"gate must be (T, H) and 0 <= low < high <= 1, got {gate.shape}")
    return (gate < low).mean(axis=0), (gate > high).mean(axis=0)


def _positions(n: int, first: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` distinct positions t in [first, n - 1) (each has a next character), sorted."""
    if n - 1 - first < 1:
        raise ValueError(f"ids must hold more than {first + 1} ids for this distance, got {n}")
    pool = np.arange(first, n - 1)
    return np.sort(rng.choice(pool, size=min(count, len(pool)), replace=False))


def _windows(ids: np.ndarray, ends: np.ndarray, length: int) -> torch.Tensor:
    """The `length` ids ending at each position of `ends`, as (length, B) int64."""
    offsets = np.arange(-length + 1, 1)
    return torch.from_numpy(ids[ends[None, :] + offsets[:, None]])


def input_gradient(
    model: CharLM,
    ids: np.ndarray,
    max_distance: int,
    rng: np.random.Generator,
    n_positions: int = 256,
    warmup: int = 64,
) -> np.ndarray:
    """‖∂ log p(y_t | x_1..x_t) / ∂x_{t-d}‖ for d = 0..max_distance, averaged over positions t.

    ids (T,); at each of `n_positions` random t, the state is built by reading the `warmup`
    characters before the window (no gradient), then the window x_{t-D}..x_t is read with the
    one-hot inputs as leaves of the graph. Returns (max_distance + 1,), index d.
    """
    model = _check_model(model)
    ids = _check_ids(ids, model.vocab_size)
    D = check_int(max_distance, "max_distance", minimum=0)
    check_int(warmup, "warmup", minimum=0)
    ends = _positions(len(ids), D + warmup, check_int(n_positions, "n_positions"), check_rng(rng))
    V, was_training = model.vocab_size, model.training
    model.eval()
    state = None
    if warmup:
        with torch.no_grad():
            warm = torch.nn.functional.one_hot(_windows(ids, ends - D - 1, warmup), V).float()
            _, state = model.rnn(warm)
    x = torch.nn.functional.one_hot(_windows(ids, ends, D + 1), V).float().requires_grad_()
    out, _ = model.rnn(x, state)  # (D + 1, B, H)
    logp = torch.log_softmax(model.head(out[-1]), dim=-1)  # (B, V)
    target = torch.from_numpy(ids[ends + 1])
    logp.gather(1, target[:, None]).sum().backward()
    model.train(was_training)
    norms = x.grad.norm(dim=-1).mean(dim=1).numpy()  # (D + 1,), index 0 = farthest back
    return norms[::-1].astype(np.float64).copy()


def loss_vs_context(
    model: CharLM,
    ids: np.ndarray,
    contexts: list[int] | np.ndarray,
    rng: np.random.Generator,
    n_positions: int = 512,
) -> tuple[np.ndarray, float]:
    """Cross-entropy (nats/char) of predicting x_{t+1} from only the last d characters, per d.

    ids (T,); the state is reset to zero d steps before each prediction (the model reads
    x_{t-d+1}..x_t). The same `n_positions` random t serve every d in `contexts` (len K).
    Returns the losses (K,) and the loss at the same t with the state carried from ids[0].
    """
    model = _check_model(model)
    ids = _check_ids(ids, model.vocab_size)
    ds = [check_int(int(d), "contexts[k]") for d in contexts]
    if not ds:
        raise ValueError("contexts must hold at least one context length")
    ends = _positions(len(ids), max(ds) - 1, check_int(n_positions, "n_positions"), check_rng(rng))
    target = torch.from_numpy(ids[ends + 1])
    was_training = model.training
    model.eval()
    losses = []
    with torch.no_grad():
        for d in ds:
            logits, _ = model(_windows(ids, ends, d))  # (d, B, V)
            losses.append(float(torch.nn.functional.cross_entropy(logits[-1].double(), target)))
        logits, _ = model(torch.from_numpy(ids[: ends[-1] + 1, None]))  # (t_max + 1, 1, V)
        full = float(torch.nn.functional.cross_entropy(logits[ends, 0].double(), target))
    model.train(was_training)
    return np.asarray(losses), full
