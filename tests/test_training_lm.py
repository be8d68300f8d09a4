"""The LM trainers (tiny budgets), evaluation, checkpoints, the training config."""

import math

import numpy as np
import pytest
import torch

from rnnlab.data.text import Vocab
from rnnlab.training.checkpoints import load_checkpoint, save_checkpoint
from rnnlab.training.config import TrainConfig, perplexity
from rnnlab.training.lm import evaluate, train_lm
from rnnlab.training.numpy_lm import evaluate_numpy, train_numpy_rnn

TEXT = "the cat sat on the mat. " * 60


def tiny(**kw):
    base = dict(
        cell="gru",
        hidden_size=16,
        seq_len=8,
        batch_size=4,
        lr=1e-2,
        minutes=None,
        max_steps=30,
        eval_every=10,
    )
    base.update(kw)
    return TrainConfig(**base)


def test_torch_training_learns_and_reports_validation():
    result = train_lm(TEXT, tiny(), progress=False)
    assert [h["step"] for h in result.history] == [10, 20, 30]
    assert result.history[-1]["val_loss"] == result.val_loss
    assert result.val_loss < math.log(len(result.vocab))  # better than uniform guessing
    assert result.val_perplexity == pytest.approx(math.exp(result.val_loss))


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_evaluate_matches_a_direct_computation(cell):
    torch.manual_seed(0)
    from rnnlab.models.char_lm import CharLM

    model = CharLM(5, 6, cell)
    ids = np.random.default_rng(0).integers(0, 5, size=41)
    logits, _ = model(torch.from_numpy(ids[:-1])[:, None])
    direct = torch.nn.functional.cross_entropy(logits[:, 0], torch.from_numpy(ids[1:]))
    assert evaluate(model, ids, seq_len=7, batch_size=1) == pytest.approx(direct.item(), abs=1e-5)


def test_numpy_training_learns_hello():
    result = train_numpy_rnn(
        "hello",
        8,
        seq_len=4,
        batch_size=1,
        lr=0.05,
        max_steps=200,
        val_fraction=None,
        eval_every=50,
        rng=np.random.default_rng(0),
    )
    assert result.val_loss < 0.05
    v = result.vocab
    loss = evaluate_numpy(result.model, v.encode("hello"), len(v), seq_len=4, batch_size=1)
    assert loss < 0.05


def test_numpy_training_with_validation():
    result = train_numpy_rnn(
        TEXT, 16, seq_len=8, batch_size=4, max_steps=20, eval_every=10, rng=np.random.default_rng(0)
    )
    assert "val_loss" in result.history[-1] and result.val_loss < math.log(len(result.vocab))


def test_checkpoint_round_trip(tmp_path):
    result = train_lm(TEXT, tiny(cell="lstm", max_steps=5, eval_every=5), progress=False)
    path = save_checkpoint(tmp_path / "sub" / "lm.pt", result)
    assert not list(path.parent.glob("*.part"))
    ckpt = load_checkpoint(path)
    assert ckpt.vocab == result.vocab and ckpt.config == result.config
    assert ckpt.metrics["val_loss"] == pytest.approx(result.val_loss)
    ids = torch.from_numpy(result.vocab.encode("the cat"))[:, None]
    result.model.eval()
    torch.testing.assert_close(ckpt.model(ids)[0], result.model(ids)[0])
    # it is plain data: torch's safe loader accepts it
    payload = torch.load(path, weights_only=True)
    assert payload["vocab"] == list(result.vocab.symbols)


def test_checkpoint_errors(tmp_path):
    with pytest.raises(ValueError, match="existing checkpoint file"):
        load_checkpoint(tmp_path / "missing.pt")
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="not a readable rnnlab checkpoint"):
        load_checkpoint(tmp_path / "junk.pt")
    torch.save({"hello": 1}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="not an rnnlab checkpoint"):
        load_checkpoint(tmp_path / "other.pt")
    with pytest.raises(ValueError, match="TrainResult"):
        save_checkpoint(tmp_path / "x.pt", "nope")


@pytest.mark.parametrize(
    "kw,match",
    [
        ({"cell": "tcn"}, "cell must be one of"),
        ({"hidden_size": 0}, "hidden_size must be an int >= 1"),
        ({"lr": -1.0}, "lr must be a positive number"),
        ({"minutes": None, "max_steps": None}, "budget"),
        ({"val_fraction": 1.0}, "val_fraction"),
        ({"precision": "float16"}, "precision must be one of"),
    ],
)
def test_config_errors(kw, match):
    with pytest.raises(ValueError, match=match):
        tiny(**kw).validate()


def test_text_too_short():
    with pytest.raises(ValueError, match="too short"):
        train_lm("abcdefghij" * 3, tiny(), progress=False)
    with pytest.raises(ValueError, match="budget"):
        train_numpy_rnn("hello", max_steps=None, rng=np.random.default_rng(0))


def test_perplexity_of_uniform_guessing_is_the_vocab_size():
    assert perplexity(math.log(65)) == pytest.approx(65)
    assert Vocab.from_text(TEXT) is not None


def test_bfloat16_training_learns():
    with pytest.raises(ValueError, match="precision must be one of"):
        tiny(precision="half").validate()
    result = train_lm(TEXT, tiny(precision="bfloat16"), progress=False)
    assert result.val_loss < math.log(len(result.vocab))
    assert all(p.dtype == torch.float32 for p in result.model.parameters())  # autocast only


def test_defaults_are_the_measured_best_for_two_minutes():
    d = TrainConfig()
    assert (d.cell, d.hidden_size, d.seq_len, d.batch_size, d.precision) == (
        "lstm",
        384,
        64,
        8,
        "auto",
    )
    assert (d.lr, d.betas, d.warmup, d.lr_floor, d.random_offset, d.device) == (
        4e-3,
        (0.9, 0.99),
        0.025,
        0.0,
        True,
        "auto",
    )


def test_rows_say_how_much_held_out_text_they_scored():
    result = train_lm(TEXT, tiny(eval_chars=50), progress=False)
    held_out = len(TEXT) - int(round(len(TEXT) * 0.9))
    assert [h["val_chars"] for h in result.history] == [50, 50, held_out]
    assert result.history[-1]["val_loss"] == result.val_loss


def test_tiny_texts_fit_without_validation():
    from rnnlab.training.config import fit_to_text

    config, notes = fit_to_text(TrainConfig(), 5)
    assert config.val_fraction is None and (config.seq_len, config.batch_size) == (4, 1)
    assert "too short to hold out validation" in notes[0] and "T=4, B=1" in notes[1]
    same, none = fit_to_text(TrainConfig(), 1_000_000)
    assert same == TrainConfig() and none == []
    with pytest.raises(ValueError, match="at least 2 characters"):
        fit_to_text(TrainConfig(), 1)
    from dataclasses import replace

    short = replace(config, max_steps=20, minutes=None, hidden_size=8, precision="float32")
    result = train_lm("hello", short, progress=False)
    assert math.isnan(result.val_loss) and result.history[-1]["step"] == 20


def test_schedule_warms_up_then_decays_to_the_floor_and_passes_move_their_cut():
    from rnnlab.data.text import tbptt_passes
    from rnnlab.training.lm import cosine_schedule

    assert cosine_schedule(0.0, 0.0) == 1.0 and cosine_schedule(1.0, 0.0) == 0.0
    assert cosine_schedule(1.0) == pytest.approx(0.1)
    assert cosine_schedule(0.0, 0.0, 0.1) == 0.0 and cosine_schedule(0.05, 0.0, 0.1) == 0.5
    assert cosine_schedule(0.1, 0.0, 0.1) == 1.0
    assert cosine_schedule(0.55, 0.0, 0.1) == pytest.approx(0.5)
    ids = np.arange(200)
    windows = tbptt_passes(ids, 8, 4, np.random.default_rng(0))
    firsts = []
    for xs, _, new_pass in (next(windows) for _ in range(200)):
        if new_pass:
            firsts.append(int(xs[0, 0]))
    assert len(set(firsts)) > 1 and all(0 <= f < 8 for f in firsts)


def test_the_config_knows_the_cells_the_models_build():
    from rnnlab.models import cells
    from rnnlab.training import config

    assert config.CELLS == cells.CELLS
