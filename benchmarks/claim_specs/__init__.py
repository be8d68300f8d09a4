"""The claims table's entries: every notebook claim that rests on training or sampling.

One module per notebook (``nb01.py`` for ``01_sequences``) holds ``SPECS``, a list of
:class:`Spec`. A spec re-measures its claim for any seed by calling the same package function
the notebook calls, with the notebook's settings, and states the notebook's condition again.
``tests/test_claims_table.py`` checks that each spec's ``says`` is a claim of its notebook, and
that every claim in a notebook cell that trains or samples has a spec.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Spec", "measured", "all_specs"]


@dataclass(frozen=True)
class Spec:
    """One claim of one notebook, measurable for any seed.

    notebook: the notebook's stem ("01_sequences"). says: the claim's text as the notebook's
    ``claim(...)`` call gives it (the static part of an f-string is enough). measure: seed ->
    a result (cached per seed by :func:`measured`, so claims that share a run train once).
    value: result -> the number whose spread the table prints. holds: result -> the notebook's
    condition.
    """

    notebook: str
    says: str
    measure: Callable[[int], Any]
    value: Callable[[Any], float]
    holds: Callable[[Any], bool]


def measured(fn: Callable[[int], Any]) -> Callable[[int], Any]:
    """Cache a measurement per seed within one process (several claims read one run)."""
    return functools.lru_cache(maxsize=None)(fn)


def all_specs() -> list[Spec]:
    """Every spec of every ``nbNN`` module in this package, in notebook order."""
    specs: list[Spec] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("nb"):
            specs += importlib.import_module(f"{__name__}.{info.name}").SPECS
    return specs
