"""Interactive widgets: each is a pure compute function, a plot function and a thin builder.

Import the topic module you need, e.g. ``from rnnlab.widgets.start import make_powers_widget``.
"""
