"""The central office's use cases: its schema, its halls, its registry import.

The SQL is in kiosk/central (the central's store); this module decides what to do and
reports it, as the hall's services do over kiosk/store.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.central import db as central_db
from kiosk.central import halls as central_halls
from kiosk.central import registry as central_registry
from kiosk.central import schema as central_schema
from kiosk.central.db import CentralError
from kiosk.domain.registry import RowError
from kiosk.services.registry_import import KINDS, ImportReport, read_checked
from kiosk.store import registry as registry_store

DEFAULT_INTERVAL_SECONDS = 60


def require_current_schema(url: str) -> None:
    waiting = central_schema.pending(url)
    if waiting:
        raise CentralError(
            f"the central schema is not up to date ({', '.join(waiting)} not applied): "
            "run `kiosk central init` first"
        )


@dataclass(frozen=True)
class HallAccess:
    """What a hall puts in the [central] section of its configuration."""

    hall: str
    url: str  # the hall's own role and password
    interval_seconds: int = DEFAULT_INTERVAL_SECONDS

    def config_text(self) -> str:
        # JSON strings are TOML basic strings (the URL is percent-encoded anyway).
        return (
            "[central]\n"
            f"url = {json.dumps(self.url)}\n"
            f"hall = {json.dumps(self.hall)}\n"
            f"interval_seconds = {self.interval_seconds}\n"
        )


def add_hall(admin_url: str, hall: str) -> HallAccess:
    """Register a hall with a login role of its own and a new random password."""
    central_halls.check_hall_name(hall)
    require_current_schema(admin_url)
    password = secrets.token_urlsafe(24)
    with central_db.connect(admin_url) as conn:
        role = central_halls.add_hall(conn, hall, password)
    return HallAccess(hall, central_db.url_for(admin_url, role, password))


# --- the registry, imported at the central office --------------------------------------------


def import_registry_file(
    url: str,
    kind: str,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import one registry CSV file of the given kind into the central database.

    The same file as `kiosk registry import` takes, read and checked by the same code
    (kiosk/services/registry_import.read_checked), refused with the same reasons and line
    numbers; the valid rows are copied into a staging table and merged in one
    transaction, so a row whose values are unchanged keeps its change_seq.
    """
    spec = KINDS[kind]
    columns = registry_store.fields(spec.table)
    report = ImportReport(kind, path)
    with central_db.connect(url) as conn, conn.transaction():
        central_registry.start_stage(conn, spec.table, columns)

        def valid_rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
            for checked in read_checked(kind, path, progress=progress, workers=workers):
                report.rows += len(checked)
                for line, item in checked:
                    if isinstance(item, RowError):
                        report.refused.append(item)
                    else:
                        yield line, item

        central_registry.copy_rows(conn, columns, valid_rows())
        if spec.needs_person:
            report.refused.extend(
                RowError(line, "import.unknown_person", "id_number")
                for line in central_registry.drop_unknown_persons(conn)
            )
        if spec.key:
            message, column = spec.repeat
            report.refused.extend(
                RowError(line, message, column, (("line", first),))
                for line, first in central_registry.drop_repeats(conn, spec.key)
            )
        report.written = central_registry.merge(conn, spec.table, columns)
        central_registry.record_import(
            conn, kind, path.name, report.rows, report.written, len(report.refused)
        )
    report.refused.sort(key=lambda e: e.line)
    return report
