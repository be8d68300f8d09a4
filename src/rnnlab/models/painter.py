"""A digit painter: one to many, row by row. The class sets h_0, then each row is drawn from
the rows before it.

An 8x8 UCI digit is T = 8 rows of D = 8 pixels. Each pixel's count 0-16 is quantised to
L = 4 gray levels (:func:`quantise`: 0-4, 5-8, 9-12, 13-16 -> 0, 1, 2, 3), and the painter
gives, for every pixel of row t, scores over the L levels:

    h_0 = tanh(W_kh e_k + b_k)                      e_k one-hot of the class k in 0..9
    h_t = tanh(W_hh h_{t-1} + W_xh x_{t-1} + b_h)   x_0 = 0, x_{t-1} the previous row / (L - 1)
    s_t = W_hy h_t + b_y                            (D * L,): L scores for each of D pixels

(h_0 from the class is how notebook 03's captioner starts from its image.)

Training reads the true previous row (teacher forcing); painting feeds back the row it has
just sampled, the loop of notebook 05's text generation. :class:`Painter` is the torch model;
:func:`paint_numpy` is the same sampler in numpy (float64, no torch), fast enough for a widget.
Both draw a level from softmax(s / tau) by comparing its running sum with a given uniform
number, so the same uniforms give the same picture in both; tau = 0 takes the argmax.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnlab._validate import as_array, check_int

__all__ = [
    "LEVELS",
    "ROWS",
    "PIXELS",
    "CLASSES",
    "quantise",
    "pick_level",
    "Painter",
    "paint_numpy",
]

LEVELS = 4  # gray levels L per pixel
ROWS = 8  # T: rows per digit
PIXELS = 8  # D: pixels per row
CLASSES = 10


def quantise(counts: object) -> np.ndarray:
    """UCI pixel counts 0..16 (any shape) -> gray levels 0..L-1 (int64, same shape)."""
    c = as_array(counts, "counts", dtype=np.float64)
    if c.size and (c.min() < 0 or c.max() > 16):
        raise ValueError(f"counts must lie in [0, 16], got [{c.min()}, {c.max()}]")
    return np.maximum((np.round(c).astype(np.int64) - 1) // 4, 0)


def _check_classes(classes: object, batch: int | None = None) -> np.ndarray:
    c = np.asarray(classes)
    if c.ndim != 1 or not np.issubdtype(c.dtype, np.integer) or c.size == 0:
        raise ValueError(f"classes must be a non-empty 1-D integer array (B,), got {c!r:.60}")
    if c.min() < 0 or c.max() >= CLASSES:
        raise ValueError(f"classes must lie in 0..{CLASSES - 1}, got {c.min()}..{c.max()}")
    if batch is not None and len(c) != batch:
        raise ValueError(f"classes must have B = {batch} entries to match, got {len(c)}")
    return c.astype(np.int64)


def _check_temperature(temperature: float) -> float:
    tau = float(temperature)
    if not np.isfinite(tau) or tau < 0:
        raise ValueError(f"temperature must be a finite number >= 0, got {temperature!r}")
    return tau


def _check_uniforms(uniforms: object, batch: int) -> np.ndarray:
    u = as_array(uniforms, "uniforms", dtype=np.float64)
    if u.shape != (ROWS, batch, PIXELS):
        raise ValueError(f"uniforms must be (T, B, D) = ({ROWS}, {batch}, {PIXELS}), got {u.shape}")
    return u


def pick_level(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The level whose running sum of probs first exceeds u: probs (..., L), u (...) -> (...)."""
    below = np.cumsum(probs, axis=-1)[..., :-1] < u[..., None]  # the last level catches the rest
    return below.sum(-1)


def _levels(scores: np.ndarray, tau: float, u: np.ndarray) -> np.ndarray:
    """Sample one level per pixel: scores (B, D, L), u (B, D) -> (B, D) ints."""
    if tau == 0:
        return scores.argmax(-1)  # tau -> 0: all the mass on the largest score
    z = scores / tau
    p = np.exp(z - z.max(-1, keepdims=True))
    return pick_level(p / p.sum(-1, keepdims=True), u)


class Painter(torch.nn.Module):
    """The conditional row generator (float32 unless converted).

    forward(classes (B,), rows (T, B, D) in levels) -> scores (T, B, D, L): the scores of row t
    given the class and the true rows before it (x_0 = 0). H = `hidden_size`.
    """

    def __init__(self, hidden_size: int = 64) -> None:
        super().__init__()
        H = check_int(hidden_size, "hidden_size")
        self.init_h = torch.nn.Linear(CLASSES, H)  # W_kh, b_k
        self.rnn = torch.nn.RNN(PIXELS, H)  # W_xh, W_hh, b_h (torch splits b_h in two)
        self.head = torch.nn.Linear(H, PIXELS * LEVELS)  # W_hy, b_y

    def h0(self, classes: torch.Tensor) -> torch.Tensor:
        """classes (B,) long -> h_0 (1, B, H)."""
        onehot = torch.nn.functional.one_hot(classes, CLASSES).to(self.init_h.weight.dtype)
        return torch.tanh(self.init_h(onehot))[None]

    def forward(self, classes: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
        """classes (B,) long, rows (T, B, D) levels -> scores (T, B, D, L)."""
        x = rows.to(self.init_h.weight.dtype) / (LEVELS - 1)  # (T, B, D) in [0, 1]
        inputs = torch.cat([torch.zeros_like(x[:1]), x[:-1]])  # (T, B, D): x_0 = 0, then x_{t-1}
        hs, _ = self.rnn(inputs, self.h0(classes))  # (T, B, H)
        return self.head(hs).unflatten(-1, (PIXELS, LEVELS))  # (T, B, D, L)

    @torch.no_grad()
    def paint(self, classes: object, temperature: float, uniforms: object) -> np.ndarray:
        """Paint one digit per class: classes (B,), uniforms (T, B, D) in [0, 1) -> levels
        (T, B, D) int64, each row sampled from softmax(s_t / temperature) and fed back."""
        c = _check_classes(classes)
        tau, u = _check_temperature(temperature), _check_uniforms(uniforms, len(c))
        h = self.h0(torch.from_numpy(c))  # (1, B, H)
        x = torch.zeros(1, len(c), PIXELS, dtype=self.init_h.weight.dtype)  # x_0 = 0
        out = []
        for t in range(ROWS):
            step, h = self.rnn(x, h)  # (1, B, H)
            scores = self.head(step[0]).unflatten(-1, (PIXELS, LEVELS))  # (B, D, L)
            row = _levels(scores.double().numpy(), tau, u[t])  # (B, D)
            out.append(row)
            x = torch.from_numpy(row / (LEVELS - 1)).to(x.dtype)[None]  # the row fed back
        return np.stack(out)

    def numpy_params(self) -> dict[str, np.ndarray]:
        """The weights as float64 arrays (out, in), for :func:`paint_numpy`."""
        rnn = self.rnn
        get = {
            "W_kh": self.init_h.weight,
            "b_k": self.init_h.bias,
            "W_xh": rnn.weight_ih_l0,
            "W_hh": rnn.weight_hh_l0,
            "b_h": rnn.bias_ih_l0 + rnn.bias_hh_l0,
            "W_hy": self.head.weight,
            "b_y": self.head.bias,
        }
        return {k: v.detach().double().numpy().copy() for k, v in get.items()}


def paint_numpy(
    params: dict[str, np.ndarray], classes: object, temperature: float, uniforms: object
) -> np.ndarray:
    """The painter's sampling loop in numpy: the same as :meth:`Painter.paint` on
    ``Painter.numpy_params()``. classes (B,), uniforms (T, B, D) -> levels (T, B, D) int64."""
    c = _check_classes(classes)
    tau, u = _check_temperature(temperature), _check_uniforms(uniforms, len(c))
    h = np.tanh(params["W_kh"][:, c].T + params["b_k"])  # (B, H): h_0 from the class
    x = np.zeros((len(c), PIXELS))  # (B, D): x_0 = 0
    out = []
    for t in range(ROWS):
        h = np.tanh(h @ params["W_hh"].T + x @ params["W_xh"].T + params["b_h"])  # (B, H)
        scores = (h @ params["W_hy"].T + params["b_y"]).reshape(len(c), PIXELS, LEVELS)
        row = _levels(scores, tau, u[t])  # (B, D)
        out.append(row)
        x = row / (LEVELS - 1)  # the sampled row is the next input
    return np.stack(out)
