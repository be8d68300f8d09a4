"""01_sequences: the MLP against the RNN on spikes at seen and unseen positions, and the same RNN
on sequences up to eight times longer than any it trained on."""

from claim_specs import Spec, measured
from rnnlab.experiments.fixed_input import mlp_vs_rnn, variable_length


@measured
def spikes(seed: int):
    return mlp_vs_rnn(T=12, hidden=16, steps=300, seed=seed)


@measured
def longer(seed: int):
    return variable_length(lengths=(24, 48, 96), seed=seed)


SPECS = [
    Spec(
        "01_sequences",
        "both models learn the positions they were trained on",
        spikes,
        lambda r: min(r.mlp_seen, r.rnn_seen),
        lambda r: r.mlp_seen > 0.9 and r.rnn_seen > 0.9,
    ),
    Spec(
        "01_sequences",
        "the MLP is close to a coin flip at new positions",
        spikes,
        lambda r: r.mlp_unseen,
        lambda r: r.mlp_unseen < 0.65,
    ),
    Spec(
        "01_sequences",
        "the RNN's shared weights work at every step",
        spikes,
        lambda r: r.rnn_unseen,
        lambda r: r.rnn_unseen > 0.9,
    ),
    Spec(
        "01_sequences",
        "the RNN trained on at most 12 steps finds the spike in 96-step sequences",
        longer,
        lambda r: min(r.accuracy.values()),
        lambda r: min(r.accuracy.values()) > 0.9,
    ),
]
