"""The central office's supervisor decides a family application (`kiosk central review
decide`). The first decision the central accepts wins, a hall's or the central's; the
halls pull it in their next round (kiosk/services/sync_down.py)."""

from __future__ import annotations

from kiosk.central import db as central_db
from kiosk.central import decisions as central_decisions
from kiosk.central.db import CentralError
from kiosk.central.decisions import Decision
from kiosk.domain.text import MAX_REASON, MIN_REASON, clean_reason, reason_length
from kiosk.services.central import require_current_schema

VERDICTS = {"approve": "active", "reject": "rejected"}


def decide(
    url: str, application_no: str, verdict: str, reason: str | None, hall: str | None = None
) -> Decision:
    """Approve or reject at the central. A rejection needs a reason (the hall's rule)."""
    status = VERDICTS[verdict]
    if reason is not None:
        reason = clean_reason(reason)
    if status == "rejected" and reason_length(reason or ""):
        raise CentralError(
            f"a rejection needs a reason of {MIN_REASON} to {MAX_REASON} characters (--reason)"
        )
    require_current_schema(url)
    with central_db.connect(url) as conn:
        by = f"central:{conn.info.user}"
        return central_decisions.decide(conn, application_no, status, reason or None, by, hall)
