"""`benchmarks/hall.py` at its smallest: one citizen and one desk session through two real
`kiosk serve` processes, one round each, every tap answered (no timing is checked)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.helpers.benchmarks import run_benchmark

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_hall_benchmark_runs_a_round_without_errors():
    out = run_benchmark(
        "hall.py", "--citizens", "1", "--desks", "1", "--rounds", "1", "--think", "0"
    )
    assert "**errors: 0**" in out, out
    # Every tap of both scripts was measured: 7 for the citizen, 5 for the desk.
    assert "12 taps" in out, out
    assert "| citizen | 1 |" in out and "| desk | 1 |" in out, out


def test_the_screen_copy_places_wide_characters_and_finds_a_label():
    sys.path.insert(0, str(ROOT))
    from benchmarks.hall import Grid

    grid = Grid(20, 3)
    grid.feed("\x1b[2;3H高泽弘 \x1b[1mFind\x1b[0m".encode())
    assert grid.lines()[1].startswith("  高泽弘 Find")
    assert grid.find("Find") == (10, 1)  # columns 9-12, wide characters take two
    assert grid.find("泽") == (4, 1)
    grid.feed(b"\x1b[2;1H\x1b[K")
    assert grid.find("Find") is None
    grid.feed("\x1b[3;1H\xe9\xab".encode("latin-1"))  # half a character: waits
    grid.feed(b"\x98")
    assert grid.lines()[2].startswith("高")
