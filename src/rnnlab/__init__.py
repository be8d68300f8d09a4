"""rnnlab: an interactive companion to a lecture on recurrent neural networks.

Importing the package has no side effects: nothing is seeded, downloaded or plotted until a
function is called. Submodules are imported explicitly, e.g. ``from rnnlab import scratch``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
