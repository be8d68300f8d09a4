"""The train and sample CLIs end to end on a small text, with a tiny budget."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

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
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"ok text\n\xff\xfe more")
    with pytest.raises(SystemExit) as info:
        train.main(["--corpus", str(binary), "--out", str(tmp_path / "x.pt")])
    err = capsys.readouterr().err
    assert info.value.code == 2 and len(err.strip().splitlines()) == 1
    assert str(binary) in err and "byte 8" in err and "UTF-8" in err
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--minutes", "-1", "--out", str(tmp_path / "x.pt")])
    assert "minutes must be a positive number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--threads", "-2", "--out", str(tmp_path / "x.pt")])
    assert "--threads must be 'auto', 0" in capsys.readouterr().err
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


SMALL = ["--model", "gru", "--hidden", "16", "--seq-len", "8", "--batch-size", "4"]
FIXED = ["--precision", "float32", "--threads", "1", "--device", "cpu"]


def _cli(module: str, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(train.__file__).parents[1])}
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # a background job of a non-interactive shell inherits SIGINT ignored: undo that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **kw,
    )


def test_ctrl_c_saves_the_checkpoint_so_far(corpus, tmp_path):
    out = tmp_path / "lm.pt"
    proc = _cli("rnnlab.train", "--corpus", str(corpus), *SMALL, *FIXED, "--minutes", "30",
                "--out", str(out))  # fmt: skip
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()))
    seen = ""
    while "s [" not in seen and proc.poll() is None:  # the progress bar: training has begun
        seen += proc.stderr.read(1)
    reader.start()
    time.sleep(1.0)  # a few steps
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=300)
    reader.join(timeout=60)
    assert proc.returncode == 130, stdout + seen + "".join(err)
    assert "Traceback" not in seen + "".join(err)
    assert stdout.strip().splitlines()[-1].startswith("interrupted after"), seen + "".join(err)
    assert out.is_file() and not list(tmp_path.glob("*.part"))
    sampled = _cli("rnnlab.sample", str(out), "--length", "20", "--seed", "0", "--device", "cpu")
    text, problems = sampled.communicate(timeout=300)
    assert sampled.returncode == 0 and len(text.rstrip("\n")) >= 20, problems


def test_out_that_cannot_be_written_is_refused_before_training(corpus, tmp_path, capsys):
    proc = _cli("rnnlab.train", "--corpus", str(corpus), "--minutes", "60", "--out", str(tmp_path))
    stdout, stderr = proc.communicate(timeout=300)  # refused at once (about 2 s; not timed here)
    assert proc.returncode == 2 and "is a directory" in stderr
    assert stdout == ""  # nothing measured, nothing trained
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(SystemExit) as info:
        train.main(["--corpus", str(corpus), "--out", str(blocker / "sub" / "lm.pt")])
    assert info.value.code == 2 and "cannot create its folder" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_out_in_a_read_only_folder_is_refused(corpus, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(SystemExit):
        train.main(["--corpus", str(corpus), "--out", str(locked / "lm.pt")])
    assert "cannot write into" in capsys.readouterr().err


def test_hello_trains_without_validation(tmp_path, capsys):
    out = tmp_path / "hello.pt"
    args = ["--corpus", "hello", *SMALL, *FIXED, "--max-steps", "30", "--no-progress"]
    assert train.main([*args, "--out", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("device cpu, precision float32, 1 thread")
    assert any("too short to hold out validation" in line for line in lines)
    assert lines[-1].startswith("train_loss=") and out.is_file()
    assert sample.main([str(out), "--length", "4", "--prompt", "h", "--temperature", "0"]) == 0
    assert capsys.readouterr().out.startswith("h")


def test_first_line_says_what_auto_chose(corpus, tmp_path, capsys):
    args = ["--corpus", str(corpus), *SMALL, "--max-steps", "3", "--no-progress", "--device", "cpu"]
    assert train.main([*args, "--out", str(tmp_path / "a.pt")]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("device cpu, precision ") and "measured chars/s: float32 x1" in first


def test_the_packaged_checkpoints_command_still_parses():
    import shlex

    from rnnlab.training.checkpoints import PRETRAINED

    for name, command in PRETRAINED.items():
        words = shlex.split(command)
        assert words[:3] == ["python", "-m", "rnnlab.train"]
        args = train.build_parser().parse_args(words[3:])
        assert args.out == f"{name}.pt"
    shakespeare = shlex.split(PRETRAINED["rnn_shakespeare"])
    assert train.build_parser().parse_args(shakespeare[3:]).max_steps == 3000
