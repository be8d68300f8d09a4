"""One form for the claims a notebook demonstrates: a friendly verdict for a student, a hard
failure for the test suite.

    claim(err < 1e-10, "numpy and torch compute the same h_t", f"max difference {err:.1e}")

prints ``✓ numpy and torch compute the same h_t (max difference 3.1e-16)`` when the condition
holds. When it does not, a student who changed a seed or a size reads
``✗ with your settings this does not hold: ...`` and the notebook goes on; under the tests
(``RNNLAB_STRICT=1``, which ``make test`` sets, or ``CI=true``) it raises ClaimError instead,
so nbval fails on it.
"""

from __future__ import annotations

import os

__all__ = ["ClaimError", "claim", "strict"]


class ClaimError(AssertionError):
    """A notebook's claim did not hold while the tests were running."""


def strict() -> bool:
    """True under the tests: RNNLAB_STRICT=1 or CI=true in the environment."""
    return os.environ.get("RNNLAB_STRICT") == "1" or os.environ.get("CI", "").lower() == "true"


def claim(condition: object, says: str, detail: str = "") -> bool:
    """Print whether `says` holds (with `detail`, e.g. the measured number); return it.

    condition: anything truthy or falsy (numpy bools included). says: the statement, in the
    lecture's words or the notebook's. Raises ClaimError instead of printing a failure when
    :func:`strict` is true.
    """
    if not isinstance(says, str) or not says:
        raise ValueError(f"says must be a non-empty str, got {says!r}")
    holds = bool(condition)
    extra = f" ({detail})" if detail else ""
    if holds:
        print(f"✓ {says}{extra}")
    elif strict():
        raise ClaimError(f"{says}{extra}")
    else:
        print(f"✗ with your settings this does not hold: {says}{extra}")
    return holds
