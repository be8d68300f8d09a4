"""The train and sample CLIs end to end on a small text, with a tiny budget."""

import subprocess
import sys

import pytest

from rnnlab import sample, train

TEXT = "to be or not to be, that is the question. " * 40


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_train_then_sample(corpus, tmp_path, capsys):
    out = tmp_path / "lm.pt"
    code = train.main(
        [
            "--corpus",
            str(corpus),
            "--model",
            "gru",
            "--hidden",
            "16",
            "--seq-len",
            "8",
            "--batch-size",
            "4",
            "--minutes",
            "0.5",
            "--max-steps",
            "20",
            "--eval-every",
            "10",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert code == 0 and out.is_file()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("val_loss=") and len(lines[-1].split("=")[1]) == 5
    assert float(lines[-1].split("=")[1]) < 3.0
    code = sample.main(
        [str(out), "--length", "40", "--temperature", "0.5", "--prompt", "to be", "--seed", "1"]
    )
    first = capsys.readouterr().out
    assert code == 0 and first.startswith("to be") and len(first.rstrip("\n")) >= 45
    sample.main(
        [str(out), "--length", "40", "--temperature", "0.5", "--prompt", "to be", "--seed", "1"]
    )
    assert capsys.readouterr().out == first  # same seed, same text


def test_clear_errors(corpus, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        train.main(["--corpus", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "x.pt")])
    assert info.value.code == 2
    assert "existing text file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--minutes", "-1", "--out", str(tmp_path / "x.pt")])
    assert "minutes must be a positive number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--threads", "-2", "--out", str(tmp_path / "x.pt")])
    assert "--threads must be 0" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--precision", "fp8", "--out", str(tmp_path / "x.pt")])
    assert "--precision" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        sample.main([str(tmp_path / "missing.pt")])
    assert "existing checkpoint file" in capsys.readouterr().err


def test_help_runs_as_a_module():
    for module in ("rnnlab.train", "rnnlab.sample"):
        result = subprocess.run(
            [sys.executable, "-m", module, "--help"], capture_output=True, text=True, check=True
        )
        assert "usage: python -m " + module in result.stdout and "Example" in result.stdout
