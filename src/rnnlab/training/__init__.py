"""Training character LMs: the one torch loop (:mod:`~rnnlab.training.loop`), the LM trainer
(:mod:`~rnnlab.training.lm`) and its config (:mod:`~rnnlab.training.config`), the numpy trainer
(:mod:`~rnnlab.training.numpy_lm`) and checkpoints (:mod:`~rnnlab.training.checkpoints`).
Generation lives in :mod:`rnnlab.generation`. Import the submodule you need: ``config`` and
``paths`` load without torch, so the CLI checks its arguments before torch's slow import.
"""
