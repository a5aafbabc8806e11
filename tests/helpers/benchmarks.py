"""Run one of benchmarks/*.py as a person would, for the tests that keep them working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
HANG_GUARD = 300  # seconds: only a hang gets this far


def run_benchmark(script: str, *args: str) -> str:
    """stdout of `python benchmarks/SCRIPT ARGS...` from the repository root; it must exit 0."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
