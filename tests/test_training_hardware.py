"""Device choice on faked device lists, and the measured choice of precision and threads."""

import pytest
import torch

from rnnlab.training import hardware
from rnnlab.training.hardware import choose_fastest, resolve_device, steps_per_second


def fake_devices(monkeypatch, cuda: bool, mps: bool) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: mps)


@pytest.mark.parametrize(
    "cuda,mps,expected",
    [(True, True, "cuda"), (True, False, "cuda"), (False, True, "mps"), (False, False, "cpu")],
)
def test_auto_takes_cuda_then_mps_then_cpu(monkeypatch, cuda, mps, expected):
    fake_devices(monkeypatch, cuda, mps)
    assert resolve_device("auto") == expected
    assert resolve_device("cpu") == "cpu"


def test_a_missing_device_is_refused_by_name(monkeypatch):
    fake_devices(monkeypatch, False, False)
    with pytest.raises(ValueError, match="no CUDA GPU"):
        resolve_device("cuda")
    with pytest.raises(ValueError, match="no Apple MPS"):
        resolve_device("mps")
    with pytest.raises(ValueError, match="device must be one of"):
        resolve_device("tpu")


def test_precision_candidates_per_device(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda: False)
    assert hardware.precision_candidates("cuda") == ("float32",)
    assert hardware.precision_candidates("mps") == ("float32",)
    assert hardware.precision_candidates("cpu") == ("float32", "bfloat16")


def rates(table):
    def rate_of(precision, threads):
        value = table[(precision, threads)]
        if value is None:
            raise RuntimeError("could not create a primitive descriptor")
        return value

    return rate_of


def test_bfloat16_only_when_clearly_faster():
    slightly = rates({("float32", None): 100.0, ("bfloat16", None): 110.0})
    assert choose_fastest(slightly, ("float32", "bfloat16")).precision == "float32"
    clearly = rates({("float32", None): 100.0, ("bfloat16", None): 250.0})
    choice = choose_fastest(clearly, ("float32", "bfloat16"))
    assert choice.precision == "bfloat16" and "bfloat16 0.2k" in choice.reason


def test_a_failing_candidate_is_skipped_and_reported():
    table = {
        ("float32", 1): 20e3,
        ("float32", 2): 7e3,
        ("bfloat16", 1): None,
        ("bfloat16", 2): None,
    }
    choice = choose_fastest(rates(table), ("float32", "bfloat16"), (1, 2))
    assert (choice.precision, choice.threads) == ("float32", 1)
    assert "bfloat16 x1 failed" in choice.reason and "float32 x2 7.0k" in choice.reason


def test_more_threads_only_when_faster():
    table = {("float32", 1): 10e3, ("float32", 2): 18e3}
    assert choose_fastest(rates(table), ("float32",), (1, 2)).threads == 2
    table = {("float32", 1): 10e3, ("float32", 2): 10.5e3}
    assert choose_fastest(rates(table), ("float32",), (1, 2)).threads == 1


def test_steps_per_second_counts_calls():
    calls = []
    rate = steps_per_second(lambda: calls.append(1), seconds=0.01, warmup=3)
    assert rate > 0 and len(calls) >= 5


def test_checkpoints_load_onto_the_resolved_device(monkeypatch, tmp_path):
    from rnnlab.models.char_lm import CharLM
    from rnnlab.training import checkpoints
    from rnnlab.training.checkpoints import load_checkpoint, save_checkpoint
    from rnnlab.training.config import TrainConfig
    from rnnlab.training.lm import train_lm

    config = TrainConfig(cell="rnn", hidden_size=8, seq_len=4, batch_size=2, minutes=None,
                         max_steps=2, eval_every=2, precision="float32", device="cpu")  # fmt: skip
    path = save_checkpoint(tmp_path / "lm.pt", train_lm("abcabcabc" * 20, config, progress=False))
    fake_devices(monkeypatch, True, False)
    seen = {}
    real_load, real_to = torch.load, CharLM.to

    def load(f, map_location=None, **kw):
        seen["map_location"] = map_location
        return real_load(f, map_location="cpu", **kw)

    def to(self, device):
        seen["to"] = device
        return real_to(self, "cpu")

    monkeypatch.setattr(checkpoints.torch, "load", load)
    monkeypatch.setattr(CharLM, "to", to)
    ckpt = load_checkpoint(path, device="auto")
    assert seen == {"map_location": "cuda", "to": "cuda"} and ckpt.vocab.symbols == ("a", "b", "c")


def test_a_clearly_slow_candidate_is_judged_by_its_first_step():
    import time

    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.05)

    assert 0 < steps_per_second(slow, seconds=10.0, give_up=0.01) <= 20  # one call of >= 0.05 s
    assert len(calls) == 1
