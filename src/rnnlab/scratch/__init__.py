"""From-scratch numpy implementations, in the lecture's notation (float64, time-major): the RNN
(:mod:`~rnnlab.scratch.rnn`), the LSTM (:mod:`~rnnlab.scratch.lstm`), clipping and Adam. Import the
submodule you need, e.g. ``from rnnlab.scratch.rnn import rnn_forward``.

Nothing here imports torch: the conversions to and from torch modules live in
:mod:`rnnlab.models.convert`, and the tests compare every function with torch.
"""
