"""`benchmarks/import.py` at `--people 2000`: it runs, prints its table with figures, and
leaves docs/benchmarks.md alone without --write (no timing is checked)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HANG_GUARD = 300  # seconds: only a hang gets this far


def test_the_import_benchmark_prints_its_table_and_leaves_the_docs_alone():
    before = DOC.read_bytes()
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "import.py"), "--people", "2000"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    figure = r"[\d,]+ rows/s \| [\d,]+ rows/s \| \*\*\d+\.\d\dx\*\*"
    assert re.search(r"\| persons \| 2,000 \| " + figure + r" \| - \| \d+ MB \|", out), out
    assert re.search(r"\| ledger \| 48,000 \| " + figure + r" \| \d+ ms \| \d+ MB \|", out), out
    assert DOC.read_bytes() == before
