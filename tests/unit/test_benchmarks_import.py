"""`benchmarks/import.py` at `--people 2000`: it runs, prints its table with figures, and
leaves docs/benchmarks.md alone without --write (no timing is checked)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers.benchmarks import run_benchmark

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


def test_the_import_benchmark_prints_its_table_and_leaves_the_docs_alone():
    before = DOC.read_bytes()
    out = run_benchmark("import.py", "--people", "2000")
    figure = r"[\d,]+ rows/s \| [\d,]+ rows/s \| \*\*\d+\.\d\dx\*\*"
    assert re.search(r"\| persons \| 2,000 \| " + figure + r" \| - \| \d+ MB \|", out), out
    assert re.search(r"\| ledger \| 48,000 \| " + figure + r" \| \d+ ms \| \d+ MB \|", out), out
    assert DOC.read_bytes() == before
