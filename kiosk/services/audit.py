"""Writing to the audit log from a use case, inside its transaction."""

from __future__ import annotations

import json

from kiosk.services.clock import stamp
from kiosk.store import Transaction
from kiosk.store import audit as audit_store


def record(db: Transaction, actor: str, action: str, subject: str = "", **detail: object) -> None:
    """Append one audit row. Callers pass masked or hashed identifiers, never secrets."""
    audit_store.append(
        db, stamp(), actor, action, subject,
        json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
    )
