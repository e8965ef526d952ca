# SPDX-License-Identifier: Apache-2.0
"""For the Python scripts beside this file: run them under the project's virtual environment
(scripts/python says where it is; scripts/install-deps fills it), where the tools they import are
installed, when they were started by a Python outside any virtual environment (`#!/usr/bin/env
python3` finds the system's, which on Debian 12 has none of them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_LAUNCHER = Path(__file__).resolve().parent / "python"


def ensure() -> None:
    """Re-executes the running script with the environment's Python when this Python is not in a
    virtual environment and the project's exists; otherwise returns and the script goes on here."""
    if sys.prefix != sys.base_prefix:  # already in a virtual environment (the project's, or a user's)
        return
    where = subprocess.run([str(_LAUNCHER), "--where"], capture_output=True, text=True, check=True).stdout.strip()
    python = Path(where) / "bin" / "python"
    if python.exists():
        os.execv(str(python), [str(python), sys.argv[0], *sys.argv[1:]])
