"""`benchmarks/central.py` at a small size (3 halls, 200 events each, 2,000 people): it
starts its own PostgreSQL, pushes and pulls, prints its tables with figures and no errors,
and leaves docs/benchmarks.md alone without --write (no timing is checked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.benchmarks import run_benchmark

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
N = r"[\d,]+"


@pytest.mark.slow
def test_the_central_benchmark_prints_its_figures_without_errors():
    before = DOC.read_bytes()
    out = run_benchmark("central.py", "--halls", "3", "--events", "200", "--people", "2000")
    assert re.search(rf"\| events \| 600 \| \d+\.\d \| \*\*{N} events/s\*\* \|", out), out
    assert re.search(r"\| all rows \(events, audit rows, account changes\) \| 1,260 \| ", out), out
    for kind, batches in (("events", 3), ("audit rows", 3), ("account changes", 3)):
        row = rf"\| {kind} \| {batches} \| \d+ ms \| \*\*\d+ ms\*\* \| \d+ ms \|"
        assert re.search(row, out), (kind, out)
    assert "`kiosk central registry import` of the CSV files" in out
    assert re.search(
        rf"\| pull \(`kiosk sync --once`, fresh hall\) \| 50,000 \| [\d.]+ \| \*\*{N}\*\* \|", out
    ), out
    assert re.search(rf"\| floor: COPY .* \| 50,000 \| [\d.]+ \| {N} \|", out), out
    assert re.search(r"\| pull / floor \| \| \| \*\*\d+\.\d\dx\*\* \|", out), out
    assert re.search(r"write lock .* \| \*\*\d+ ms\*\* \|", out), out
    assert re.search(r"\| peak RSS of the pulling process \| \d+ MB \|", out), out
    assert "Errors: 0\n" in out
    assert DOC.read_bytes() == before
