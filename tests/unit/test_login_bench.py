"""`benchmarks/login.py` at its smallest: one round of every figure (no timing is checked)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent
HANG_GUARD = 300  # seconds: only a hang gets this far


def test_the_login_benchmark_reaches_home_both_refusals_and_the_desk():
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "login.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for row in (
        "Enter to the painted home screen",
        "Enter to the painted message, unknown ID number",
        "a clerk's Enter to the painted desk",
    ):
        assert re.search(rf"\| {re.escape(row)} \| [\d.]+ ms \|", done.stdout), done.stdout
    assert re.search(r"Login costs the hash plus \*\*-?[\d.]+ ms\*\*", done.stdout), done.stdout
