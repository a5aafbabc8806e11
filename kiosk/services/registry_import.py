"""Importing the insurance registry from CSV files.

Each file is checked row by row; refused rows are reported with their line number
and reason, and the valid rows of a file go in together in one transaction.
Importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from kiosk.domain import registry as rules
from kiosk.domain.registry import RowError
from kiosk.services import audit
from kiosk.store import Store, Transaction
from kiosk.store import registry as registry_store

BATCH = 5000


@dataclass(frozen=True)
class FileKind:
    table: str
    columns: tuple[str, ...]
    parse: rules.RowParser
    needs_person: bool
    key: tuple[str, ...]  # a second row with the same key in one file is refused...
    repeat: tuple[str, str]  # ...with this catalog key and column


KINDS = {
    "persons": FileKind(
        "persons",
        rules.PERSON_COLUMNS,
        rules.parse_person,
        False,
        ("id_number",),
        ("import.duplicate_person", "id_number"),
    ),
    # A repeated reference is not checked: the first entry stays (entries are never
    # rewritten), so a second import still changes nothing, and the biggest file
    # needs no table of keys.
    "ledger": FileKind(
        "ledger_entries",
        rules.LEDGER_COLUMNS,
        rules.parse_ledger_entry,
        True,
        (),
        ("", ""),
    ),
    "contributions": FileKind(
        "contributions",
        rules.CONTRIBUTION_COLUMNS,
        rules.parse_contribution,
        True,
        ("id_number", "month"),
        ("import.duplicate_month", "month"),
    ),
    "entitlements": FileKind(
        "entitlements",
        rules.ENTITLEMENT_COLUMNS,
        rules.parse_entitlement,
        True,
        ("id_number", "start_date"),
        ("import.duplicate_period", "start_date"),
    ),
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (missing columns, not UTF-8, not found)."""


@dataclass
class ImportReport:
    kind: str
    path: Path
    rows: int = 0
    written: int = 0  # added or changed
    refused: list[RowError] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - self.written - len(self.refused)


# The longest row (all its physical lines together) an import reads; the catalog's
# import.row_too_long names this number.
MAX_ROW_CHARACTERS = 65_536


class _RowTooLong(Exception):
    """Raised through csv.reader by _Lines: the record passed the limit and was read past."""


class _Lines:
    """The physical lines of a CSV text for csv.reader, counted and bounded.

    `line` is how many physical lines (ended by \\n, \\r\\n or \\r) have been read. A
    record longer than MAX_ROW_CHARACTERS is never held whole: the rest of it is read
    past in pieces of at most that size (to the end of its line, then on while a quoted
    field is open) and _RowTooLong is raised, so the reader starts afresh with the next
    record.
    """

    def __init__(self, handle: TextIO) -> None:
        self._read = handle.readline
        self._pending: str | None = None
        self._size = 0
        self._quotes = 0
        self.line = 0

    def new_record(self) -> int:
        """Start a record; returns the line it starts on."""
        self._size = 0
        self._quotes = 0
        return self.line + 1

    def __iter__(self) -> _Lines:
        return self

    def _piece(self) -> str:
        if self._pending is not None:
            text, self._pending = self._pending, None
            return text
        return self._read(MAX_ROW_CHARACTERS + 1)

    def __next__(self) -> str:
        if self._pending is None:
            text = self._read(MAX_ROW_CHARACTERS + 1)
        else:
            text, self._pending = self._pending, None
        if not text:
            raise StopIteration
        self.line += 1
        self._size += len(text)
        if self._size > MAX_ROW_CHARACTERS:
            self._read_past(text)
            raise _RowTooLong
        self._quotes += text.count('"')
        return text

    def _read_past(self, text: str) -> None:
        quotes = self._quotes
        while True:
            quotes += text.count('"')
            if text.endswith("\r") and len(text) > MAX_ROW_CHARACTERS:
                # a piece cut at the limit may have split a \r\n
                following = self._read(MAX_ROW_CHARACTERS + 1)
                if following != "\n":
                    self._pending = following or None
            ended = text.endswith(("\n", "\r"))
            if ended and quotes % 2 == 0:
                return
            text = self._piece()
            if not text:
                return
            if ended:
                self.line += 1


Row = dict[str | None, Any]


def _read_header(reader: Iterator[list[str]], lines: _Lines, path: Path) -> list[str]:
    lines.new_record()
    try:
        return next(reader, [])
    except _RowTooLong:
        raise ImportFileError(f"{path}: the header row is too long") from None
    except csv.Error:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None


def _read_rows(
    reader: Iterator[list[str]], lines: _Lines, header: list[str]
) -> Iterator[tuple[int, Row | RowError]]:
    """Each record with the physical line it starts on, as a dict like csv.DictReader's."""
    width = len(header)
    while True:
        start = lines.new_record()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except _RowTooLong:
            yield start, RowError(start, "import.row_too_long", "")
            continue
        except csv.Error:
            yield start, RowError(start, "import.unreadable_row", "")
            continue
        if not fields:  # a blank line
            continue
        row: Row = dict(zip(header, fields, strict=False))
        if len(fields) > width:
            row[None] = fields[width:]
        elif len(fields) < width:
            row.update((column, None) for column in header[len(fields) :])
        yield start, row


def count_lines(path: Path) -> int:
    """How many physical lines a file has (for a progress bar), read in bounded pieces."""
    count = 0
    last = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if last == b"\r" and chunk.startswith(b"\n"):
                count -= 1
            last = chunk[-1:]
    return count + (last not in (b"", b"\n", b"\r"))


def import_file(
    store: Store,
    kind: str,
    path: Path,
    *,
    actor: str = "operator",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one CSV file of the given kind ('persons', 'ledger', ...).

    `progress`, if given, is called with how many more physical lines have been read.
    """
    spec = KINDS[kind]
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise ImportFileError(f"{path}: {err.strerror}") from None
    report = ImportReport(kind, path)
    try:
        lines = _Lines(handle)
        reader = csv.reader(lines)
        header = _read_header(reader, lines, path)
        missing = [c for c in spec.columns if c not in header]
        if missing:
            raise ImportFileError(f"{path}: missing column(s) {', '.join(missing)}")
        checked = rules.check_rows(_read_rows(reader, lines, header), spec.parse)
        shown = lines.line
        with store.write() as db:
            registry_store.begin_seen(db)
            while batch := list(islice(checked, BATCH)):
                records = []
                for line, item in batch:
                    if isinstance(item, RowError):
                        report.refused.append(item)
                    else:
                        records.append((line, item))
                if spec.needs_person:
                    known = registry_store.known_ids(db, (r["id_number"] for _, r in records))
                    for line, item in records:
                        if item["id_number"] not in known:
                            report.refused.append(
                                RowError(line, "import.unknown_person", "id_number")
                            )
                    records = [(n, r) for n, r in records if r["id_number"] in known]
                records = _drop_repeats(db, spec, records, report)
                report.written += registry_store.put_rows(db, spec.table, (r for _, r in records))
                report.rows += len(batch)
                if progress:
                    progress(lines.line - shown)
                    shown = lines.line
            registry_store.end_seen(db)
            audit.record(
                db,
                actor,
                "registry:import",
                kind,
                file=path.name,
                rows=report.rows,
                written=report.written,
                refused=len(report.refused),
            )
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None
    finally:
        handle.close()
    report.refused.sort(key=lambda e: e.line)
    return report


def _drop_repeats(
    db: Transaction, spec: FileKind, records: list[tuple[int, dict[str, Any]]], report: ImportReport
) -> list[tuple[int, dict[str, Any]]]:
    """Refuse a record whose key an earlier line of this file already had; keep the first."""
    if not spec.key:
        return records
    if len(spec.key) == 1:
        keyed = [(r[spec.key[0]], line) for line, r in records]
    else:
        keyed = [("\x1f".join(r[c] for c in spec.key), line) for line, r in records]
    repeats = registry_store.seen_before(db, keyed)
    if not repeats:
        return records
    message, column = spec.repeat
    for line, first in repeats.items():
        report.refused.append(RowError(line, message, column, (("line", first),)))
    return [(n, r) for n, r in records if n not in repeats]
