"""The central office's supervisor decides a family application (`kiosk central review
decide`). The first decision the central accepts wins, a hall's or the central's; the
halls pull it in their next round (kiosk/services/sync_down.py). `kiosk central review
show`: the application as it reached the central, each part checked."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.central import applications as central_applications
from kiosk.central import db as central_db
from kiosk.central import decisions as central_decisions
from kiosk.central.db import CentralError
from kiosk.central.decisions import Decision
from kiosk.domain.ids import mask_id
from kiosk.domain.signature import letter_sha256, signing_digest
from kiosk.domain.text import (
    MAX_REASON,
    MIN_REASON,
    clean_reason,
    reason_length,
    strip_controls,
)
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


@dataclass(frozen=True)
class CentralPage:
    seq: int
    media_type: str
    width: int
    height: int
    sha256: str
    content: bytes
    verified: bool  # the content hashes to the sha256 the hall kept with it


@dataclass(frozen=True)
class CentralApplication:
    hall: str
    application_no: str
    holder_masked: str
    member_masked: str
    member_name: str
    relationship: str
    submitted_status: str
    status: str  # where it stands at the central: as submitted, withdrawn, or decided
    submitted_at: str
    terminal: str
    countersigned_by: str
    age_gap_confirmed: bool
    letter_text: str
    letter_verified: bool  # the letter hashes to its letter_sha256
    signature_verified: bool  # the signing digest recomputes from what was signed
    pages: list[CentralPage]
    decision: dict[str, Any] | None  # status, reason, decided_by, decided_at


def show(url: str, application_no: str, hall: str | None = None) -> CentralApplication:
    """An application as it reached the central, each part checked against its digest."""
    require_current_schema(url)
    with central_db.connect(url) as conn:
        row = central_applications.application(conn, application_no, hall)
    digest = signing_digest(
        row["letter_sha256"],
        row["signature"],
        row["holder_id"],
        row["submitted_at"],
        row["countersigned_by"] or "",
    )
    pages = [
        CentralPage(
            p["seq"],
            p["media_type"],
            p["width"] or 0,
            p["height"] or 0,
            p["sha256"],
            bytes(p["content"]),
            hashlib.sha256(bytes(p["content"])).hexdigest() == p["sha256"],
        )
        for p in row["pages"]
    ]
    return CentralApplication(
        hall=row["hall"],
        application_no=row["application_no"],
        holder_masked=mask_id(row["holder_id"]),
        member_masked=mask_id(row["member_id"]),
        member_name=strip_controls(row["member_name"] or ""),
        relationship=row["relationship"],
        submitted_status=row["submitted_status"],
        status=row["status"],
        submitted_at=row["submitted_at"],
        terminal=strip_controls(row["terminal"] or ""),
        countersigned_by=strip_controls(row["countersigned_by"] or ""),
        age_gap_confirmed=bool(row["age_gap_confirmed"]),
        letter_text=row["letter_text"],
        letter_verified=letter_sha256(row["letter_text"]) == row["letter_sha256"],
        signature_verified=digest == row["signature_digest"],
        pages=pages,
        decision=row["decision"],
    )


EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}


def write_pages(application: CentralApplication, folder: Path) -> list[Path]:
    """Each page as a file in `folder` (made if missing), readable by its owner alone
    (mode 0600): APPLICATION-SEQ.EXT."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for page in application.pages:
        extension = EXTENSIONS.get(page.media_type, "bin")
        path = folder / f"{application.application_no}-{page.seq}.{extension}"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # also when the file was there before
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(page.content)
        written.append(path)
    return written
