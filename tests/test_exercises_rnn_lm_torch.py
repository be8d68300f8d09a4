"""Notebook 05's exercises that need torch: the training loop in torch and the temperature
prediction read off the packaged checkpoint (kept apart so the rest runs without torch)."""

import numpy as np
import pytest
import torch

from rnnlab.data.text import tbptt_windows
from rnnlab.exercises import rnn_lm as ex


def test_temperature_prediction_quotes_the_bars():
    right = ex.check_temperature_prediction("b")
    assert right and "at τ = 0.5" in repr(right)
    for letter, hint in [
        ("a", "divides the logits"),
        ("c", "not only the draw"),
        ("d", "sharpens"),
    ]:
        verdict = ex.check_temperature_prediction(letter)
        assert not verdict and hint in repr(verdict) and "at τ = 1" in repr(verdict)
    assert "one letter" in repr(ex.check_temperature_prediction(0.5))


def _train_windows(model, ids, T, B, steps, lr, max_norm):
    """A correct loop written differently: windows sliced by hand, the loss from log_softmax."""
    L = len(ids) // B
    streams = torch.from_numpy(np.asarray(ids[: L * B]).reshape(B, L).T.copy())  # (L, B)
    opt, state, out = torch.optim.Adam(model.parameters(), lr=lr), None, []
    for k in range(steps):
        xs, ys = streams[k * T : (k + 1) * T], streams[k * T + 1 : (k + 1) * T + 1]
        logits, state = model(xs, state)
        J = -torch.log_softmax(logits, -1).gather(-1, ys[..., None]).mean()
        opt.zero_grad()
        J.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        opt.step()
        state = state.detach().clone()
        out.append(J.item())
    return np.array(out)


def test_a_correct_training_loop_written_differently_passes():
    assert ex.check_train_windows(_train_windows)


def _variant(**change):
    """The correct loop with one thing changed: a typical mistake."""

    def loop(model, ids, T, B, steps, lr, max_norm):
        windows = tbptt_windows(ids, T, B)
        opt, state, out = torch.optim.Adam(model.parameters(), lr=lr), None, []
        for _, (xs, ys) in zip(range(steps), windows, strict=False):
            if change.get("new_adam"):
                opt = torch.optim.Adam(model.parameters(), lr=lr)
            logits, state = model(torch.from_numpy(xs), None if change.get("reset") else state)
            J = torch.nn.functional.cross_entropy(
                logits.flatten(0, 1),
                torch.from_numpy(ys).flatten(),
                reduction=change.get("red", "mean"),
            )
            if not change.get("no_zero"):
                opt.zero_grad()
            J.backward()
            if change.get("entry"):
                torch.nn.utils.clip_grad_value_(model.parameters(), max_norm)
            elif not change.get("no_clip"):
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            opt.step()
            state = state if change.get("keep_graph") else state.detach()
            out.append(J.item())
        return np.array(out)

    return loop


@pytest.mark.parametrize(
    "change, hint",
    [
        ({"reset": True}, "carry the state"),
        ({"keep_graph": True}, "state.detach()"),
        ({"no_clip": True}, "before step()"),
        ({"entry": True}, "not each entry"),
        ({"no_zero": True}, "zero the gradients"),
        ({"new_adam": True}, "create Adam once"),
        ({"red": "sum"}, "not their sum"),
    ],
)
def test_each_training_loop_mistake_gets_its_hint(change, hint):
    verdict = ex.check_train_windows(_variant(**change))
    assert not verdict and hint in repr(verdict), repr(verdict)


def test_a_loop_that_runs_one_window_too_many_is_told_the_shape():
    def one_more(model, ids, T, B, steps, lr, max_norm):
        return _train_windows(model, ids, T, B, steps + 1, lr, max_norm)

    assert "shape" in repr(ex.check_train_windows(one_more))
