"""One thin module per claim a notebook shows: data + model + training + a metric -> a typed
result (:mod:`~rnnlab.experiments.results`). Import the submodule you need."""
