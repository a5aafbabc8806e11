"""The whole-file check an operator runs after a crash or a power cut (`kiosk check`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.services.audit_log import describe_break, verify
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
    db = store.db
    report = verify(store)
    chain = [] if report.broken is None else [
        f"row {report.broken.seq}: {describe_break(report.broken)}"
    ]
    return Health({
        "integrity": health_store.integrity(db),
        "foreign keys": health_store.foreign_keys(db),
        "enrollments not whole": health_store.broken_enrollments(db),
        "decisions not whole": health_store.broken_decisions(db),
        "audit chain": chain,
    }, report.rows)
