"""Looking inside the gradients: gradient checks (:mod:`~rnnlab.analysis.gradcheck`), BPTT taken
apart (:mod:`~rnnlab.analysis.bptt`), eigenvalues and Jacobian products
(:mod:`~rnnlab.analysis.spectral`), and gradient norms through a trained model
(:mod:`~rnnlab.analysis.gradient_flow`). Import the submodule you need."""
