"""Table cells shown literally: DataTable reads a plain str as markup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from kiosk.domain.text import strip_controls


def cell(value: str, *, right: bool = False) -> Text:
    return Text(strip_controls(value), justify="right" if right else "left", no_wrap=True)


def fill_table(
    table: DataTable,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Sequence[Text]],
    row_height: int = 1,
) -> None:
    """Replace a table's columns and rows, with each column as wide as its widest cell.

    Widths are computed here rather than left to DataTable: it measures new rows
    only when idle and keeps lines drawn before that, so a table refilled with
    rows of the same total width kept showing them cut to the header's width.
    """
    rows = list(rows)
    table.clear(columns=True)
    for index, (key, label) in enumerate(columns):
        width = max([cell_len(label), *(row[index].cell_len for row in rows)])
        table.add_column(label, key=key, width=width)
    # Taller rows (a touch screen's rows are touch targets): the text on the middle line.
    above = "\n" * ((row_height - 1) // 2)
    for row in rows:
        cells = [Text(above, justify=c.justify, no_wrap=True) + c for c in row] if above else row
        table.add_row(*cells, height=row_height)
