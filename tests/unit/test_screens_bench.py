"""`benchmarks/screens.py` at its smallest: one change of a screen and one wizard step, one
round each, the kiosk's screen copied into the bare app (no timing is checked)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.helpers.benchmarks import run_benchmark

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_screens_benchmark_times_the_kiosk_and_the_bare_copy():
    only = ["home > records", "wizard: signature > confirm"]
    out = run_benchmark("screens.py", "--rounds", "1", "--warmup", "0", "--only", *only)
    for name in only:
        row = re.search(
            rf"\| {re.escape(name)}(?: \*)? \| (\d+) ms \| (\d+) ms \| \*\*([\d.]+)x\*\* \|",
            out,
        )
        assert row, out
        assert int(row[1]) > 0 and int(row[2]) > 0, row[0]
    assert "includes one argon2 verify" in out


def test_the_bare_copy_has_the_kiosk_screens_widgets_and_texts():
    sys.path.insert(0, str(ROOT))
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll
    from textual.widgets import Button, DataTable, Static

    from benchmarks._bare_screen import build_all, mirror

    class Original(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield Static("[bold]Name[/]", markup=False)
                yield Button("Log in", variant="primary")
            table: DataTable[str] = DataTable()
            table.add_columns("Date", "Amount")
            table.add_row("2026-11-01", "¥12.00")
            yield table

    async def copied() -> tuple[list[str], list[str]]:
        app = Original()
        async with app.run_test():
            node = mirror(app.screen)
            kinds = [type(w).__name__ for w in build_all(node)]
        texts = [str(child.text) for child in node.children[0].children]
        return kinds, texts

    import asyncio

    kinds, texts = asyncio.run(copied())
    assert kinds == ["VerticalScroll", "DataTable"]
    assert texts == ["[bold]Name[/]", "Log in"]
