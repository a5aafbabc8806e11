"""The whole-file check an operator runs after a crash or a power cut (`kiosk check`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.services.audit import describe_break, verify
from kiosk.store import Store
from kiosk.store import health as health_store


@dataclass(frozen=True)
class Health:
    problems: dict[str, list[str]] = field(default_factory=dict)
    audit_rows: int = 0

    @property
    def ok(self) -> bool:
        return not any(self.problems.values())


def check(store: Store) -> Health:
    """integrity_check, foreign_key_check, whole enrollments and decisions, the audit chain."""
    report = verify(store)
    chain = (
        []
        if report.broken is None
        else [f"row {report.broken.seq}: {describe_break(report.broken)}"]
    )
    return Health({**health_store.problems(store.db), "audit chain": chain}, report.rows)


def readable_by_others(database: Path) -> list[Path]:
    """The database, its -wal and the private key where the group or others may read them."""
    from kiosk.services.keys import PRIVATE, keys_folder

    files = [database, database.with_name(database.name + "-wal"), keys_folder(database) / PRIVATE]
    return [f for f in files if f.exists() and f.stat().st_mode & 0o077]
