"""Every typed result of the experiments, in one place: a notebook reads ``result.accuracy`` or
``run.metric``, never a string key or a tuple position, and builds none by position.

:mod:`~rnnlab.experiments.results.tables` holds the kinds that are rows of a table and
:func:`~rnnlab.experiments.results.tables.results_table`; :mod:`~rnnlab.experiments.results.runs`
the other experiments' results; :mod:`~rnnlab.experiments.results.learned` notebook 10's. Import
each from the submodule that defines it.
"""
