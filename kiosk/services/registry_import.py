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

from kiosk.domain import registry as rules
from kiosk.domain.registry import RowError
from kiosk.services import audit
from kiosk.store import Store
from kiosk.store import registry as registry_store

BATCH = 5000


@dataclass(frozen=True)
class FileKind:
    table: str
    columns: tuple[str, ...]
    parse: rules.RowParser
    needs_person: bool


KINDS = {
    "persons": FileKind("persons", rules.PERSON_COLUMNS, rules.parse_person, False),
    "ledger": FileKind("ledger_entries", rules.LEDGER_COLUMNS, rules.parse_ledger_entry, True),
    "contributions": FileKind(
        "contributions", rules.CONTRIBUTION_COLUMNS, rules.parse_contribution, True
    ),
    "entitlements": FileKind(
        "entitlements", rules.ENTITLEMENT_COLUMNS, rules.parse_entitlement, True
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


def _open_rows(path: Path, columns: tuple[str, ...]) -> tuple[Iterator[dict[str, str]], object]:
    try:
        handle = open(path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise ImportFileError(f"{path}: {err.strerror}") from None
    try:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
    except (UnicodeDecodeError, csv.Error):
        handle.close()
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None
    missing = [c for c in columns if c not in header]
    if missing:
        handle.close()
        raise ImportFileError(f"{path}: missing column(s) {', '.join(missing)}")
    return reader, handle


def import_file(
    store: Store,
    kind: str,
    path: Path,
    *,
    actor: str = "operator",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one CSV file of the given kind ('persons', 'ledger', ...)."""
    spec = KINDS[kind]
    rows, handle = _open_rows(path, spec.columns)
    report = ImportReport(kind, path)
    checked = rules.check_rows(rows, spec.parse)
    try:
        with store.write() as db:
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
                report.written += registry_store.put_rows(db, spec.table, (r for _, r in records))
                report.rows += len(batch)
                if progress:
                    progress(len(batch))
            audit.record(
                db, actor, "registry:import", kind,
                file=path.name, rows=report.rows, written=report.written,
                refused=len(report.refused),
            )
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 CSV file") from None
    except csv.Error as err:
        raise ImportFileError(f"{path}: {err}") from None
    finally:
        handle.close()  # type: ignore[attr-defined]
    report.refused.sort(key=lambda e: e.line)
    return report

