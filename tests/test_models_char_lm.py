"""CharLM: shapes for every cell, carried state, the exact map onto the numpy RNN, errors."""

import numpy as np
import pytest
import torch

from rnnlab.models.cells import CELLS
from rnnlab.models.char_lm import CharLM, detach_state
from rnnlab.scratch.rnn import init_rnn_params, rnn_forward, rnn_loss_and_grads


@pytest.mark.parametrize("cell", CELLS)
def test_shapes_and_carried_state(cell):
    torch.manual_seed(0)
    model = CharLM(7, 6, cell, num_layers=2)
    ids = torch.randint(0, 7, (10, 3))
    logits, state = model(ids)
    assert logits.shape == (10, 3, 7)
    # running in two halves with the state carried gives the same logits as one run
    a, s = model(ids[:4])
    b, _ = model(ids[4:], detach_state(s))
    torch.testing.assert_close(torch.cat([a, b]), logits)
    assert model.config() == {
        "vocab_size": 7,
        "hidden_size": 6,
        "cell": cell,
        "num_layers": 2,
        "dropout": 0.0,
        "embedding": None,
    }


def test_an_embedded_model_reads_one_row_per_character():
    torch.manual_seed(0)
    model = CharLM(7, 6, "lstm", embedding=3)
    ids = torch.randint(0, 7, (5, 2))
    x = model.inputs(ids)
    assert x.shape == (5, 2, 3) and model.rnn.input_size == 3
    torch.testing.assert_close(x[2, 1], model.embed.weight[ids[2, 1]])
    same = CharLM(**model.config())
    same.load_state_dict(model.state_dict())
    torch.testing.assert_close(same(ids)[0], model(ids)[0])
    with pytest.raises(ValueError, match="one-hot inputs"):
        CharLM(7, 6, "rnn", embedding=3).to_numpy()


def test_rnn_cell_is_the_numpy_rnn():
    rng = np.random.default_rng(0)
    V, H, T, B = 5, 8, 6, 3
    params = init_rnn_params(V, H, V, rng=rng)
    model = CharLM.from_numpy(params)
    ids = rng.integers(0, V, size=(T + 1, B))
    xs = np.eye(V)[ids[:-1]]
    _, ys = rnn_forward(params, xs)
    logits, _ = model(torch.from_numpy(ids[:-1]))
    np.testing.assert_allclose(logits.detach().numpy(), ys, atol=1e-10, rtol=0)
    # the same loss and gradients, through autograd
    loss, grads, _ = rnn_loss_and_grads(params, xs, ids[1:])
    t_loss = torch.nn.functional.cross_entropy(
        logits.reshape(-1, V), torch.from_numpy(ids[1:]).reshape(-1)
    )
    t_loss.backward()
    assert abs(t_loss.item() - loss) < 1e-12
    np.testing.assert_allclose(model.rnn.weight_hh_l0.grad.numpy(), grads["W_hh"], atol=1e-10)
    np.testing.assert_allclose(model.head.weight.grad.numpy(), grads["W_hy"], atol=1e-10)
    back = model.to_numpy()
    for key in params:
        np.testing.assert_allclose(back[key], params[key], atol=1e-15)


def test_errors():
    with pytest.raises(ValueError, match="cell must be one of"):
        CharLM(5, 4, "transformer")
    with pytest.raises(ValueError, match="hidden_size must be an int >= 1, got 0"):
        CharLM(5, 0)
    with pytest.raises(ValueError, match="dropout"):
        CharLM(5, 4, dropout=1.0)
    with pytest.raises(ValueError, match=r"ids must be \(T, B\)"):
        CharLM(5, 4)(torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match="embedding must be an int >= 1"):
        CharLM(5, 4, embedding=0)
    with pytest.raises(ValueError, match="one-layer rnn"):
        CharLM(5, 4, "lstm").to_numpy()
    with pytest.raises(ValueError, match="one-hot"):
        CharLM.from_numpy(init_rnn_params(3, 4, 5, rng=np.random.default_rng(0)))
    assert detach_state(None) is None
