"""The gate explorer: drive the forget, input and output gates of a one-unit LSTM by hand.

The cell is a real LSTM (``rnnlab.scratch.lstm``) with one input and one unit, whose weights are
chosen so that each gate has a clear default role: the candidate c~_t follows the input, the
input gate opens when an input arrives, the forget gate stays mostly open and the output gate
half open. In "set" mode the sliders replace the gates by constants; in "scale" mode they
multiply the cell's own gates. Watch c_t keep, forget or take in, and h_t expose or hide it.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rnnlab._validate import check_int
from rnnlab.plots import style
from rnnlab.scratch.lstm import lstm_forward
from rnnlab.widgets._blit import static
from rnnlab.widgets.base import WidgetPanel, interactive_panel

__all__ = ["PATTERNS", "MODES", "gate_demo_params", "input_pattern", "compute_gates", "plot_gates"]
__all__ += ["GatesFigure", "make_lstm_gates_widget"]

PATTERNS = ("one pulse", "two pulses", "square wave", "noise")
MODES = ("set", "scale")
STEPS = 40


def gate_demo_params() -> dict[str, np.ndarray]:
    """Hand-picked weights of a 1-input, 1-unit LSTM: every W, U, b is (1, 1) or (1,)."""

    def gate(w, u, b):
        return np.array([[w]]), np.array([[u]]), np.array([b])

    params = {}
    for g, (w, u, b) in {
        "i": (6.0, 0.0, -3.0),  # opens (≈0.95) when |x| ≈ 1 arrives, nearly shut (≈0.05) otherwise
        "f": (0.0, 0.0, 3.0),  # keeps ≈95 % of the cell at every step
        "o": (0.0, 0.0, 0.0),  # shows half of tanh(c)
        "c": (2.0, 0.0, 0.0),  # the candidate is tanh(2 x): the content to store
    }.items():
        params[f"W_{g}"], params[f"U_{g}"], params[f"b_{g}"] = gate(w, u, b)
    return params


def input_pattern(name: str, steps: int = STEPS) -> np.ndarray:
    """The input x_t for t = 0..steps-1, an array (steps,) with values in [-1, 1]."""
    if name not in PATTERNS:
        raise ValueError(f"pattern must be one of {PATTERNS}, got {name!r}")
    check_int(steps, "steps")
    x = np.zeros(steps)
    if name == "one pulse":
        x[min(3, steps - 1)] = 1.0
    elif name == "two pulses":
        x[min(3, steps - 1)] = 1.0
        x[min(steps // 2, steps - 1)] = -1.0
    elif name == "square wave":
        x = np.where((np.arange(steps) // 10) % 2 == 0, 1.0, -1.0)
    else:
        x = np.random.default_rng(0).uniform(-1, 1, size=steps).round(2)  # fixed, not re-drawn
    return x


def compute_gates(
    pattern: str, mode: str, forget: float, input_gate: float, output: float, steps: int = STEPS
) -> dict[str, np.ndarray]:
    """Run the demo cell on a pattern with the gates set or scaled by the three slider values.

    Returns a dict of arrays (steps,): 'x', 'i', 'f', 'o', 'c_tilde', 'cell', 'h'.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    values = {"f": forget, "i": input_gate, "o": output}
    for name, v in zip(("forget", "input_gate", "output"), values.values(), strict=True):
        if not np.isfinite(v) or not 0.0 <= v <= 1.0:
            raise ValueError(f"{name} must be a number in [0, 1], got {v!r}")
    x = input_pattern(pattern, steps)
    override = {"set_gates": values} if mode == "set" else {"scale_gates": values}
    hs, trace = lstm_forward(gate_demo_params(), x[:, None, None], **override)
    out = {k: v[:, 0, 0] for k, v in trace.items()}
    out["x"], out["h"] = x, hs[:, 0, 0]
    return out


class GatesFigure:
    """The figure of :func:`plot_gates`, built once and then updated in place.

    A widget keeps one and calls :meth:`update` on every move: re-creating three axes, their
    ticks and legends costs more than drawing them.
    """

    @style.styled
    def __init__(self) -> None:
        fig, axes = plt.subplots(3, 1, figsize=(style.WIDTH, 6.0), sharex=True)
        top, mid, bottom = axes
        self.fig, self.axes = fig, axes
        self.fill = top.fill_between(
            [0, 1], [0, 0], step="mid", color=style.COLORS["muted"], label="input x"
        )
        (self.cand,) = top.plot([], [], ".-", color=style.COLORS["candidate"], label="candidate c~")
        top.set_ylim(-1.1, 1.1)
        self.gates = {
            g: mid.plot([], [], color=color, label=name)[0]
            for g, color, name in [
                ("f", style.COLORS["forget"], "forget f"),
                ("i", style.COLORS["input_gate"], "input i"),
                ("o", style.COLORS["output_gate"], "output o"),
            ]
        }
        mid.set_ylim(-0.05, 1.05)
        (self.cell,) = bottom.plot([], [], color=style.COLORS["cell"], label="cell c")
        (self.h,) = bottom.plot([], [], color=style.COLORS["state"], ls="--", label="output h")
        bottom.set_xlabel("step t")
        bottom.xaxis.set_major_locator(MaxNLocator(6, integer=True))  # few labels: text is slow
        for ax in axes:
            ax.axhline(0, color=style.COLORS["baseline"], lw=1)
            # beside the panel, drawn once into the background
            static(ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5)))
        self.title = top.set_title("")

    def update(self, data: dict[str, np.ndarray], title: str = "") -> Figure:
        """Show `data` (from :func:`compute_gates`) and `title`; return the same Figure."""
        t = np.arange(len(data["x"]))
        self.fill.set_data(t, data["x"], 0.0)
        self.cand.set_data(t, data["c_tilde"])
        for g, line in self.gates.items():
            line.set_data(t, data[g])
        self.cell.set_data(t, data["cell"])
        self.h.set_data(t, data["h"])
        lim = max(1.0, float(np.abs(data["cell"]).max()) * 1.1)
        self.axes[2].set_ylim(-lim, lim)
        pad = 0.05 * max(len(t) - 1, 1)
        self.axes[0].set_xlim(-pad, max(len(t) - 1, 1) + pad)  # shared by the three panels
        self.title.set_text(title)
        return style.describe(
            self.fig,
            f"Three line plots over {len(t)} steps: the input and the candidate; the forget, "
            f"input and output gates; the cell c and the output h ({title or 'own gates'}).",
        )


@style.styled
def plot_gates(data: dict[str, np.ndarray], title: str = "") -> Figure:
    """Three panels over time: the input and candidate, the three gates, the cell and h."""
    return GatesFigure().update(data, title)


def _title(mode: str, forget: float, input_gate: float, output: float) -> str:
    verb = "=" if mode == "set" else "×"
    return f"f {verb} {forget:.2f}, i {verb} {input_gate:.2f}, o {verb} {output:.2f}"


def make_lstm_gates_widget(
    pattern: str = "one pulse",
    mode: str = "set",
    forget: float = 1.0,
    input_gate: float = 1.0,
    output: float = 1.0,
) -> WidgetPanel:
    """Controls for the input pattern, the mode and the three gates; the plot redraws."""

    def slider(value, label):
        return widgets.FloatSlider(
            value=value, min=0.0, max=1.0, step=0.01, description=label, continuous_update=True
        )

    controls = {
        "pattern": widgets.Dropdown(options=PATTERNS, value=pattern, description="input"),
        "mode": widgets.ToggleButtons(options=MODES, value=mode, description="gates"),
        "forget": slider(forget, "forget f"),
        "input_gate": slider(input_gate, "input i"),
        "output": slider(output, "output o"),
    }
    view = GatesFigure()  # one figure, updated in place on every move

    def draw(pattern: str, mode: str, forget: float, input_gate: float, output: float) -> Figure:
        data = compute_gates(pattern, mode, forget, input_gate, output)
        return view.update(data, _title(mode, forget, input_gate, output))

    rows = [["pattern", "mode"], ["forget", "input_gate", "output"]]
    return interactive_panel(controls, draw, layout_rows=rows)
