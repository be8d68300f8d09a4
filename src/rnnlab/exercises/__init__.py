"""Self-check helpers for the notebooks' exercises, one module per notebook.

Every ``check_*`` function returns a :class:`~rnnlab.exercises._verdict.Verdict`: truthy when the
answer is right, shown in the notebook as a one-line message with a hint when it is not. An
unanswered exercise (``None`` or ``...``) gets a reminder, not an error.
"""
