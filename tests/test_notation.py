"""One notation everywhere (docs/notation.md): the uses it forbids are caught.

Scanned: every notebook (markdown, with its LaTeX; code cells: comments, strings and the names
they bind) and every module of the package (docstrings, comments, strings such as figure
labels, and bound names). Forbidden:

- the logits (W_hy h_t + b_y) named o or y: they are s_t; y_t is the one-hot target and o_t the
  LSTM's output gate only;
- yhat for raw scores: yhat_t = softmax(s_t) is a distribution;
- a loss called L: the lecture's loss is J;
- c for a clipping threshold or a coupling: c_t is the LSTM's cell state;
- u_1, u_2 for the adding problem's values in a notebook that defines them as v_t.

A sentence that names the slide or the lecture may quote the lecture's own symbols ("the slide
calls the scores y_t"): that is how a mapping is stated.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MODULES = sorted((ROOT / "src" / "rnnlab").rglob("*.py"))

_OY = r"(?:o|y)"
_SUB = r"(?:_t|_\{t\}|_T|_\{T\}|_\{t,\s*[jk]\}|\^\{?\(t\)\}?)?"
_HAT = r"(?:\\hat\s*\{?\s*y\s*\}?|\\widehat\{y\}|ŷ|y\^|y_hat|yhat)"
_WHY = r"(?:\\mathbf\{)?W_\{?hy"
_L = r"(?:L|\\mathcal\{L\}|\\mathcal\s+L|ℒ)"

# (rule, message, pattern) for text: markdown, docstrings, comments, strings
TEXT_RULES = [
    ("logits-o-y", "the logits are s_t (o is the output gate, y the target)",
     rf"e\^\{{?\s*{_OY}(?![A-Za-z])"),
    ("logits-o-y", "the logits are s_t (o is the output gate, y the target)",
     rf"softmax\}}?\s*(?:\\left|\\big|\\Big)?\s*\(\s*(?:{_OY}|ys)(?![A-Za-z])"),
    ("logits-o-y", "the logits are s_t (o is the output gate, y the target)",
     rf"(?<![\w\\])(?:{_OY}|ys|os){_SUB}\s*=\s*{_WHY}"),
    ("logits-o-y", "the logits are s_t (o is the output gate, y the target)",
     rf"\blogits?\s+(?:\$|`)?(?:{_OY}|ys|os){_SUB}(?![\w])"),
    ("logits-o-y", "the logits are s_t (o is the output gate, y the target)",
     rf"(?<![\w\\]){_OY}{_SUB}\s*/\s*(?:τ|\\tau|tau)\b"),
    ("logits-o-y", "the outputs of W_hy are the logits s_t (y_t is the target)",
     rf"\boutputs?\s+(?:\$|`)?{_OY}_(?:t|\{{t\}}|T|\{{T\}})(?![\w])"),
    ("yhat-scores", "yhat_t = softmax(s_t) is a distribution; raw scores are the logits s_t",
     rf"{_HAT}{_SUB}\s*=\s*{_WHY}"),
    ("yhat-scores", "yhat_t = softmax(s_t) is a distribution; raw scores are the logits s_t",
     rf"\b(?:logits?|scores?)\s+(?:\$|`)?{_HAT}"),
    ("loss-L", "the loss is J (the lecture's J(θ), J^(t))",
     rf"(?<![\w\\{{]){_L}(?:\^\{{?\(t\)\}}?|_t\b|_\{{t\}}|\s*\(\s*\\theta|\(θ)"),
    ("loss-L", "the loss is J (the lecture's J(θ), J^(t))", rf"(?:\\partial|∂)\s*{_L}(?![\w])"),
    ("loss-L", "the loss is J (the lecture's J(θ), J^(t))",
     rf"\bloss(?:es)?\s+(?:\$|`)?{_L}(?![\w])"),
    ("loss-L", "the loss is J (the lecture's J(θ), J^(t))", r"\\mathcal\{L\}|ℒ|\bdL/d"),
    ("clip-c", "c is the LSTM's cell state: call the clipping threshold max_norm (g_max)",
     r"\b(?:threshold|clip(?:ping|ped|s)?(?:\s+(?:at|to))?|max(?:imum)?\s+norm)\s+(?:\$|`)?c"
     r"(?:\$|`|\s*=)?(?![\w])"),
    ("clip-c", "c is the LSTM's cell state: call the clipping threshold max_norm (g_max)",
     r"(?:\\\||\\lVert|\\Vert|‖)\s*\\?(?:mathbf\{)?g\}?\s*(?:\\\||\\rVert|\\Vert|‖)\s*"
     r"(?:>|<|\\geq?|\\leq?|≥|≤)\s*c(?![\w])"),
    ("clip-c", "c is the LSTM's cell state: call the clipping threshold max_norm (g_max)",
     r"\\frac\{\s*c\s*\}\{|(?<![\w\\])c\s*/\s*(?:\\\||‖|norm)|\[-c,\s*c\]"),
    ("coupling-c", "c is the LSTM's cell state: give the coupling another letter",
     r"\bcoupling\s+(?:\$|`)?c(?:\$|`)?(?![\w])"),
]  # fmt: skip
_TEXT = [(rule, msg, re.compile(pattern)) for rule, msg, pattern in TEXT_RULES]
_LECTURE = re.compile(r"\b(?:slides?|lecture)", re.I)
_ADDING_V = re.compile(r"(?<![\w\\])v_(?:t|\{t\})(?![\w])")
_ADDING_U = re.compile(r"(?<![\w\\])u(?:_1|_2|_\{[12]\}|₁|₂)(?![\w])")
_LOGIT_LINE = re.compile(r"W_hy|logit|rnn_forward\(|\bhead\(|prompt_logits")
_GATE_LINE = re.compile(r"sigmoid|gate|W_o\b|U_o\b|lstm", re.I)
_CLIP_LINE = re.compile(r"clip|norm", re.I)
_LOSS_LINE = re.compile(r"loss|cross_entropy|nll", re.I)


@dataclass(frozen=True)
class Finding:
    where: str
    rule: str
    snippet: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.snippet!r} ({self.rule}: {self.message})"


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence (or table cell, or paragraph) around text[start:end]."""
    stops = (". ", ".\n", "\n\n", "|", "; ", "\n- ")
    left = max(text.rfind(s, 0, start) for s in stops)
    rights = [i for i in (text.find(s, end) for s in stops) if i != -1]
    return text[max(left, 0) : min(rights, default=len(text))]


def text_findings(text: str, where: str) -> list[Finding]:
    """Forbidden uses in prose, LaTeX, a docstring, a comment or a string."""
    found = []
    for rule, message, pattern in _TEXT:
        for m in pattern.finditer(text):
            if _LECTURE.search(_sentence(text, m.start(), m.end())):
                continue  # a mapping from the lecture's symbols
            found.append(Finding(where, rule, m.group(), message))
    return found


def adding_findings(text: str, where: str, defines_v: bool) -> list[Finding]:
    """u_1, u_2 where the notebook calls the adding problem's values v_t."""
    if not defines_v:
        return []
    return [
        Finding(where, "adding-u", m.group(), "the values are v_t: say v at the marked steps")
        for m in _ADDING_U.finditer(text)
    ]


def _bound_names(node: ast.AST) -> list[str]:
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For | ast.comprehension):
        targets = [node.target]
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets = [node.optional_vars]
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]


def _params(node: ast.AST) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        a = node.args
        return [p.arg for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]]
    return []


def name_findings(source: str, where: str) -> list[Finding]:
    """Names bound in code: the logits as o/y, the loss as L, a clip threshold as c."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines()
    found = []

    def text_of(node: ast.AST) -> str:
        return "\n".join(lines[node.lineno - 1 : getattr(node, "end_lineno", node.lineno)])

    def add(node: ast.AST, name: str, rule: str, message: str) -> None:
        line = getattr(node, "lineno", 0)
        found.append(Finding(f"{where}:{line}", rule, name, message))

    for node in ast.walk(tree):
        # a loop's header, not its body, says what the loop variable holds
        stmt = node.iter if isinstance(node, ast.For | ast.comprehension) else node
        for name in _bound_names(node):
            text = text_of(stmt) if hasattr(stmt, "lineno") else ""
            if name in {"o", "o_t", "os", "y", "y_t", "ys"} and _LOGIT_LINE.search(text):
                add(stmt, name, "logits-o-y", "the logits are s (logits), not o or y")
            elif name.startswith("o_") and name != "o_t" and not _GATE_LINE.search(text):
                add(stmt, name, "logits-o-y", "o is the output gate; the logits are s")
            elif name in {"y_hat", "yhat"} and _LOGIT_LINE.search(text):
                add(stmt, name, "yhat-scores", "yhat is softmax(s); raw scores are the logits")
            elif name in {"L", "L_t"} and _LOSS_LINE.search(text):
                add(stmt, name, "loss-L", "the loss is J")
        params = _params(node)
        if params:
            body = text_of(node)
            if "o" in params and not _GATE_LINE.search(body):
                add(node, "o", "logits-o-y", "a parameter o: the logits are s (logits)")
            if "c" in params and _CLIP_LINE.search(body) and not _GATE_LINE.search(body):
                add(node, "c", "clip-c", "c is the cell state: call the threshold max_norm")
    return found


def _strings_and_comments(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant (docstrings, f-string literals) and comment."""
    found = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in in_fstrings:
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            found.append((node.lineno, "".join(parts)))
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                found.append((tok.start[0], tok.string))
    except (tokenize.TokenError, IndentationError):
        pass
    return found


def _python_source(source: str) -> str:
    return "\n".join(
        "# " + line if line.lstrip().startswith(("%", "!")) else line
        for line in source.splitlines()
    )


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _figure_label_findings(source: str, where: str) -> list[Finding]:
    """Figure labels: a math label y_t or o_t in a module or cell that draws W_hy."""
    if "W_{hy}" not in source:
        return []
    label = re.compile(r"^\$?[yo]_(?:t|\{.*\})\$?$")
    return [
        Finding(f"{where}:{line}", "logits-o-y", text, "label the outputs of W_hy s_t")
        for line, text in _strings_and_comments(source)
        if label.match(text.strip())
    ]


def code_findings(source: str, where: str) -> list[Finding]:
    """Everything forbidden in one module or code cell."""
    source = _python_source(source)
    found = name_findings(source, where)
    for line, text in _strings_and_comments(source):
        found += text_findings(text, f"{where}:{line}")
    return found + _figure_label_findings(source, where)


def notebook_findings(nb: dict, name: str) -> list[Finding]:
    """Everything forbidden in one notebook, located by cell index."""
    markdown = "\n".join(_text(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    defines_v = bool(_ADDING_V.search(markdown))
    found = []
    for index, cell in enumerate(nb["cells"]):
        source, where = _text(cell["source"]), f"{name} cell {index}"
        if cell["cell_type"] == "markdown":
            found += text_findings(source, where)
            found += adding_findings(source, where, defines_v)
        elif cell["cell_type"] == "code":
            found += code_findings(source, where)
            found += adding_findings(source, where, defines_v)
            names = set(_code_names(source))
            found += [
                Finding(where, "adding-u", n, "the values are v_t: call them v_1, v_2 or similar")
                for n in sorted(names & {"u1", "u2", "u_1", "u_2"})
                if defines_v
            ]
    return found


def _code_names(source: str) -> list[str]:
    try:
        tree = ast.parse(_python_source(source))
    except SyntaxError:
        return []
    return [n for node in ast.walk(tree) for n in _bound_names(node)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_notation(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = notebook_findings(nb, path.name)
    assert not found, "see docs/notation.md:\n  " + "\n  ".join(map(str, found))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_package_notation(path):
    found = code_findings(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "see docs/notation.md:\n  " + "\n  ".join(map(str, found))


def test_the_notation_table_exists_and_names_every_symbol():
    table = (ROOT / "docs" / "notation.md").read_text(encoding="utf-8")
    for symbol in ["s_t", "y_t", r"\hat y_t", "J", "c_t", r"\tilde c_t", "o_t", r"\rho",
                   r"\lambda", r"\delta", r"\tau", "C_t"]:  # fmt: skip
        assert symbol in table, f"docs/notation.md does not define {symbol}"


# The checker itself, on small fake notebooks and modules.


def _nb(*cells: dict) -> dict:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(source: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": source, "outputs": []}


def _rules(nb: dict) -> list[str]:
    return [f.rule for f in notebook_findings(nb, "fake.ipynb")]


@pytest.mark.parametrize(
    "text",
    [
        r"$$\hat y_{t,j} = \frac{e^{o_{t,j}}}{\sum_k e^{o_{t,k}}}$$",
        r"$o_t = W_{hy} h_t + b_y$",
        r"the many-to-one output $y = W_{hy} h_T + b_y$",
        r"$\hat y_t = \mathrm{softmax}(o_t)$",
        "the logits $o$ of the last step",
        r"divide by the temperature, $o_t / \tau$",
        "the figure labels the outputs $y_t$",
    ],
)
def test_logits_named_o_or_y_are_caught(text):
    rules = _rules(_nb(_md(text)))
    assert rules and set(rules) == {"logits-o-y"}


@pytest.mark.parametrize(
    "text",
    [
        r"$s_t = W_{hy} h_t + b_y$, $\hat y_t = \mathrm{softmax}(s_t)$, target $y_t$",
        r"$o_t = \sigma(W_o x_t + U_o h_{t-1})$ is the output gate, $h_t = o_t \odot \tanh(c_t)$",
        "The slide calls the scores $y_t$ and writes $y_t = W_{hy}h_t$; we call them $s_t$.",
        r"$J = -\sum_j y_{t,j} \log \hat y_{t,j}$ and the vocabulary [h, e, l, o]",
        "the output gate $o_t$ and the cell state $c_t$",
    ],
)
def test_the_table_s_notation_passes(text):
    assert _rules(_nb(_md(text))) == []


def test_a_loss_called_L_is_caught():
    text = r"with $\delta h = \partial L/\partial h_t$ and the loss $L(\theta)$"
    assert set(_rules(_nb(_md(text)))) == {"loss-L"}
    assert [f.rule for f in code_findings('"""dh = ∂L/∂h_t (B, H)."""', "m.py")] == ["loss-L"]


def test_c_as_a_clip_threshold_or_coupling_is_caught():
    text = r"if the norm exceeds a threshold $c$, scale by $\min(1, \frac{c}{\|g\|})$; coupling $c$"
    assert sorted(_rules(_nb(_md(text)))) == ["clip-c", "clip-c", "coupling-c"]
    assert _rules(_nb(_md(r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$"))) == []


def test_u1_u2_are_caught_only_where_the_notebook_defines_v_t():
    cells = [_md("a value $v_t$ and a marker $m_t$"), _md(r"$\mathrm{Var}(u_1 + u_2)$"),
             _code("u2 = xs[pos, :, 0]")]  # fmt: skip
    assert _rules(_nb(*cells)) == ["adding-u", "adding-u", "adding-u"]
    assert _rules(_nb(*cells[1:])) == []


def test_code_names_for_the_logits_are_caught():
    source = (
        "_, o_np = rnn_forward(params, xs)  # logits\n"
        "hs, ys = rnn_forward(params, xs)\n"
        "o = params['W_hy'] @ h + params['b_y']\n"
        "def softmax(o):\n    return np.exp(o) / np.exp(o).sum()\n"
    )
    assert [f.snippet for f in code_findings(source, "m.py")] == ["o_np", "ys", "o", "o"]


def test_gates_targets_and_char_loops_are_not_caught():
    source = (
        "i, f, o, g = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o), np.tanh(a_g)\n"
        "o_t = sigmoid(x_t @ p['W_o'].T + h_prev @ p['U_o'].T)\n"
        "xs, ys = adding_problem(4, 10, rng)\n"
        "for xs, ys in tbptt_windows(ids, T, B):\n    pass\n"
        "ids = [index[c] for c in text]\n"
        "hs, logits = rnn_forward(params, xs)\n"
    )
    assert code_findings(source, "m.py") == []


def test_a_clip_threshold_parameter_c_is_caught():
    source = "def clip_global(grads, c):\n    return [g * min(1, c / norm(grads)) for g in grads]\n"
    rules = [f.rule for f in code_findings(source, "m.py")]
    assert rules == ["clip-c"]


def test_figure_labels_of_outputs_are_caught():
    source = 'ax.text(0, 0, "$W_{hy}$")\nax.text(0, 2, "$y_t$")\nax.text(1, 2, f"$y_{{{t}}}$")\n'
    assert [f.snippet for f in code_findings(source, "graphs.py")] == ["$y_t$", "$y_{{}}$"]


def test_an_edited_copy_of_a_real_notebook_fails():
    """A real notebook with o_t for the logits in one markdown cell fails on that cell."""
    path = ROOT / "notebooks" / "04_hello.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    before = notebook_findings(nb, path.name)
    nb["cells"].append(_md(r"The softmax turns the logits $o_t$ into $\hat y_t$."))
    after = notebook_findings(nb, path.name)
    assert [str(f.where) for f in after[len(before) :]] == [
        f"{path.name} cell {len(nb['cells']) - 1}"
    ]
