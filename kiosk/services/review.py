"""The supervisor's review of family enrollments: queue, evidence, decision.

Decisions are taken inside one write transaction that reads the status again,
so two supervisors approving the same application cannot both succeed, and an
application withdrawn meanwhile is refused.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain.ids import mask_id
from kiosk.domain.signature import Point, letter_sha256, parse_strokes, signing_digest
from kiosk.domain.text import clean_reason, reason_length
from kiosk.services import audit
from kiosk.services.accounts import Outcome
from kiosk.services.roles import StaffSession, current
from kiosk.store import Store
from kiosk.store import family as family_store
from kiosk.store import review as review_store

QUEUE_LIMIT = 200
_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png"}


class ExportRefused(Exception):
    """The export folder is a file, missing and cannot be made, or not writable."""

    key = "review.export_failed"

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder


def _write_new(path: Path, content: bytes) -> None:
    """Write `path` through a new file only the kiosk's user can read, then rename it.

    mkstemp creates with O_EXCL | O_NOFOLLOW and mode 0600, so nothing planted in the
    folder is followed; the rename replaces a planted name (even a symlink) itself,
    never what it points to.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True)
class QueueItem:
    enrollment_id: int
    application_no: str
    status: str
    submitted_at: str
    relationship: str
    terminal: str
    holder_name: str
    holder_masked: str
    member_name: str
    member_masked: str
    member_birth: str
    typed_name: str
    countersigned_by: str
    # The holder confirmed that the member was born less than 12 years after them.
    age_gap_confirmed: bool = False


@dataclass(frozen=True)
class Page:
    media_type: str
    width: int
    height: int
    content: bytes
    intact: bool


@dataclass(frozen=True)
class Application:
    item: QueueItem
    consent_at: str
    letter_text: str
    letter_intact: bool
    strokes: list[list[Point]]
    signature_intact: bool
    pages: list[Page]
    reviewed_by: str
    review_reason: str

    @property
    def intact(self) -> bool:
        return self.letter_intact and self.signature_intact and all(p.intact for p in self.pages)


def _item(row: dict[str, Any]) -> QueueItem:
    return QueueItem(
        row["id"],
        row["application_no"],
        row["status"],
        row["submitted_at"],
        row["relationship"],
        row["terminal"] or "",
        row["holder_name"],
        mask_id(row["holder_id"]),
        row["member_name"],
        mask_id(row["member_id"]),
        row["member_birth"],
        row["typed_name"] or "",
        row["countersigned_by"] or "",
        bool(row["age_gap_confirmed"]),
    )


class ReviewService:
    def __init__(self, store: Store, now: Callable[[], datetime.datetime]) -> None:
        self.store = store
        self.now = now

    def queue(self, staff: StaffSession) -> list[QueueItem]:
        with self.store.read() as db:
            current(db, staff, "supervisor")
            return [_item(row) for row in review_store.queue(db, QUEUE_LIMIT)]

    def application(self, staff: StaffSession, enrollment_id: int) -> Application | None:
        """Everything submitted, each part checked against the hash kept with it."""
        with self.store.read() as db:
            current(db, staff, "supervisor")
            application = self._load(enrollment_id)
        if application is not None:
            with self.store.write() as db:
                current(db, staff, "supervisor")
                audit.record(
                    db,
                    staff.actor,
                    "family:open",
                    application.item.holder_masked,
                    application=application.item.application_no,
                )
        return application

    def _load(self, enrollment_id: int) -> Application | None:
        db = self.store.db
        row = review_store.enrollment(db, enrollment_id)
        if row is None:
            return None
        letter_ok = letter_sha256(row["letter_text"] or "") == row["letter_sha256"]
        digest = signing_digest(
            row["letter_sha256"] or "",
            row["signature"] or "",
            row["holder_id"],
            row["submitted_at"] or "",
            row["countersigned_by"] or "",
        )
        try:
            strokes = parse_strokes(row["signature"] or "[]")
        except ValueError:
            strokes = []
        pages = [
            Page(
                d["media_type"],
                d["width"] or 0,
                d["height"] or 0,
                d["content"],
                hashlib.sha256(d["content"]).hexdigest() == d["sha256"],
            )
            for d in review_store.documents(db, enrollment_id)
        ]
        return Application(
            _item(row),
            row["consent_at"] or "",
            row["letter_text"] or "",
            letter_ok,
            strokes,
            digest == row["signature_digest"],
            pages,
            row["reviewed_by"] or "",
            row["review_reason"] or "",
        )

    def approve(self, staff: StaffSession, enrollment_id: int) -> Outcome:
        with self.store.read() as db:
            current(db, staff, "supervisor")
            application = self._load(enrollment_id)
        if application is None:
            return Outcome({"form": "review.unknown"})
        if not application.intact:
            return Outcome({"form": "review.integrity_failed"})
        return self._decide(staff, enrollment_id, "active", None)

    def reject(self, staff: StaffSession, enrollment_id: int, reason: str) -> Outcome:
        with self.store.read() as db:
            current(db, staff, "supervisor")
        reason = clean_reason(reason)
        wrong = reason_length(reason)
        if wrong:
            key = "review.reason_required" if wrong == "short" else "review.reason_long"
            return Outcome({"reason": key})
        return self._decide(staff, enrollment_id, "rejected", reason)

    def _decide(
        self, staff: StaffSession, enrollment_id: int, status: str, reason: str | None
    ) -> Outcome:
        at = self.now().isoformat()
        with self.store.write() as db:
            current(db, staff, "supervisor")
            now_status = review_store.status(db, enrollment_id)
            if now_status is None:
                return Outcome({"form": "review.unknown"})
            if now_status not in review_store.PENDING:
                return Outcome({"form": f"review.already_{now_status}"})
            review_store.decide(db, enrollment_id, status, staff.staff_id, at, reason)
            number = family_store.application_no(db, enrollment_id)
            detail = {"application": number, "status": status}
            if reason:
                detail["reason"] = reason
            audit.record(
                db,
                staff.actor,
                f"family:{'approve' if status == 'active' else 'reject'}",
                number,
                **detail,
            )
            family_store.add_outbox(
                db,
                "enrollment.decided",
                json.dumps({"application_no": number, "status": status}, sort_keys=True),
                at,
            )
        return Outcome()

    def export_pages(self, staff: StaffSession, enrollment_id: int, folder: Path) -> list[Path]:
        """Write the household-register images to files named after the application."""
        with self.store.read() as db:
            current(db, staff, "supervisor")
        db = self.store.db
        number = family_store.application_no(db, enrollment_id)
        written = []
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            for index, doc in enumerate(review_store.documents(db, enrollment_id), start=1):
                path = folder / f"{number}-page{index}{_SUFFIX.get(doc['media_type'], '.bin')}"
                _write_new(path, doc["content"])
                written.append(path)
        except OSError as err:
            raise ExportRefused(folder) from err
        with self.store.write() as wdb:
            current(wdb, staff, "supervisor")
            audit.record(wdb, staff.actor, "family:export", number, files=len(written))
        return written
