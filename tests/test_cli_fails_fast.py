"""The CLI refuses bad arguments before it imports torch (seconds on a busy machine)."""

import subprocess
import sys

import pytest

NO_TORCH = "import sys; sys.modules['torch'] = None  # any import of torch now raises\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--hidden", "-1", "--out", "x.pt"], "hidden_size must be an int >= 1"),
        (["--minutes", "-1", "--out", "x.pt"], "minutes must be a positive number"),
        (["--out", "x.pt", "--corpus", "no/such/file.txt"], "existing text file"),
    ],
)
def test_train_refuses_bad_arguments_without_torch(tmp_path, argv, message):
    code = NO_TORCH + f"from rnnlab import train\ntrain.main({argv!r})\n"
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert message in run.stderr and "Traceback" not in run.stderr


def test_the_training_package_imports_nothing_heavy():
    code = NO_TORCH + "import rnnlab.training, rnnlab.training.config, rnnlab.training.paths\n"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
