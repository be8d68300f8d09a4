"""What the notebooks run on: versions, device and threads, printed at the top of notebook 00."""

from __future__ import annotations

import os
import platform
import sys

__all__ = ["environment_report", "print_environment"]


def environment_report() -> dict[str, str]:
    """Versions of Python and the stack, the compute device, and the thread counts."""
    import ipywidgets
    import matplotlib
    import numpy
    import torch

    import rnnlab

    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none (CPU only)"
    return {
        "python": sys.version.split()[0],
        "platform": f"{platform.system()} {platform.machine()}",
        "rnnlab": rnnlab.__version__,
        "numpy": numpy.__version__,
        "torch": torch.__version__,
        "matplotlib": matplotlib.__version__,
        "ipywidgets": ipywidgets.__version__,
        "cpu cores": str(os.cpu_count()),
        "torch threads": str(torch.get_num_threads()),
        "gpu": gpu,
    }


def print_environment() -> None:
    """Print :func:`environment_report` as aligned lines."""
    report = environment_report()
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
