"""Every typed result of the experiments, in one place: a notebook reads ``result.accuracy`` or
``run.metric``, never a string key or a tuple position, and builds none by position.

:mod:`~rnnlab.experiments.results.tables` holds the kinds that are rows of a table and
:func:`~rnnlab.experiments.results.tables.results_table`; :mod:`~rnnlab.experiments.results.runs`
the other experiments' results; :mod:`~rnnlab.experiments.results.learned` notebook 10's. Import
each from the submodule that defines it.
"""

# Until the last importers of the package's names (tests/test_plots_lstm.py,
# benchmarks/long_memory.py, notebook 03) import from the submodules, the package passes
# the names on; then this file keeps its docstring only, like every package __init__.

from rnnlab.experiments.results.learned import (
    AnalysisText,
    CellRow,
    CellSearch,
    ContextCurve,
    GateSaturation,
    SampleRow,
)
from rnnlab.experiments.results.runs import (
    CopyRecall,
    DigitsRun,
    ForecastRun,
    GradientFlow,
    GradientTracking,
    LengthResult,
    ParityCheck,
    SGDRun,
    SpikeResult,
    SwapTest,
)
from rnnlab.experiments.results.tables import MemoryResult, SchemeResult, results_table

__all__ = [
    "SchemeResult",
    "MemoryResult",
    "results_table",
    "SpikeResult",
    "LengthResult",
    "GradientFlow",
    "GradientTracking",
    "SGDRun",
    "ParityCheck",
    "SwapTest",
    "CopyRecall",
    "ForecastRun",
    "DigitsRun",
    "AnalysisText",
    "CellRow",
    "CellSearch",
    "GateSaturation",
    "ContextCurve",
    "SampleRow",
]
