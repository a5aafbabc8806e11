"""The audit log: written by every use case inside its transaction, read by the
supervisor's viewer, checked link by link (`kiosk audit verify`, `kiosk check`)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.domain.audit import GENESIS, ChainBreak, first_break
from kiosk.domain.text import strip_controls
from kiosk.i18n import translate
from kiosk.services.clock import stamp
from kiosk.services.roles import StaffSession, current
from kiosk.store import Store, Transaction
from kiosk.store import audit as audit_store

VIEW_LIMIT = 500


def record(db: Transaction, actor: str, action: str, subject: str = "", **detail: object) -> None:
    """Append one audit row. Callers pass masked or hashed identifiers, never secrets."""
    audit_store.append(
        db,
        stamp(),
        actor,
        action,
        subject,
        json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
    )


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    more: bool = False


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken: ChainBreak | None


def _day(value: str, name: str, errors: dict[str, str]) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors[name] = "audit_log.date_invalid"
        return None


def search(
    store: Store,
    staff: StaffSession,
    *,
    since: str = "",
    until: str = "",
    actor: str = "",
    action: str = "",
) -> AuditPage:
    """Rows newest first, from the day `since` through the day `until` (YYYY-MM-DD)."""
    with store.read() as db:
        current(db, staff, "supervisor")
        rows = _rows(db, since, until, actor, action)
    if isinstance(rows, AuditPage):
        return rows
    page = [
        AuditRow(r["seq"], r["at"], r["actor"], r["action"], r["subject"] or "", r["detail"] or "")
        for r in rows[:VIEW_LIMIT]
    ]
    return AuditPage(page, more=len(rows) > VIEW_LIMIT)


def _rows(
    db: Transaction, since: str, until: str, actor: str, action: str
) -> list[dict[str, Any]] | AuditPage:
    errors: dict[str, str] = {}
    first, last = _day(since, "since", errors), _day(until, "until", errors)
    if first and last and last < first:
        errors["until"] = "audit_log.until_before"
    if errors:
        return AuditPage(errors=errors)
    return audit_store.search(
        db,
        since=first.isoformat() if first else "",
        until=(last + datetime.timedelta(days=1)).isoformat() if last else "",
        actor=strip_controls(actor).strip(),
        action=strip_controls(action).strip(),
        limit=VIEW_LIMIT + 1,
    )


def verify(store: Store) -> ChainReport:
    """Walk the whole chain, every row the viewer shows; every row counted and the first
    row that does not hold, if any."""
    db = store.db
    broken = first_break(
        audit_store.chain(db),
        audit_store.high_water(db),
        lambda digest: audit_store.seq_of_hash(db, digest),
    )
    return ChainReport(audit_store.count(db), broken)


def describe_break(broken: ChainBreak, language: str = "en") -> str:
    """What happened at the first row that does not hold (the row number said apart)."""
    key = f"audit_log.chain_{broken.problem}"
    if broken.until is not None and broken.until == broken.seq:
        key += "_one"
    until = broken.until if broken.until is not None else broken.seq
    return translate(
        language,
        key,
        seq=broken.seq,
        until=until,
        next=until + 1,
        other=broken.other if broken.other is not None else 0,
    )


def export_head(store: Store, keys: Path, terminal: str) -> str:
    """The chain's last row, signed with this terminal's key (a JSON document)."""
    from kiosk.domain.audit_head import Head, checkpoint_seqs, sign_head
    from kiosk.domain.voucher import key_id
    from kiosk.services.keys import ensure_keys, signing_key

    ensure_keys(keys)
    key = signing_key(keys)
    last = audit_store.last_row(store.db)
    seq, digest, at = last if last else (0, GENESIS, "")
    found = audit_store.hashes_at(store.db, checkpoint_seqs(seq))  # rows before never change
    checkpoints = {str(number): found[number] for number in sorted(found)}
    head = Head(seq, digest, at, terminal, key_id(key.public_key()), checkpoints=checkpoints)
    return sign_head(head, key)


def check_head(store: Store, text: str, keyring: Path) -> str | None:
    """Why the log no longer matches an exported head, or None if it still reaches it."""
    from kiosk.domain.audit_head import read_head, rewrite_began
    from kiosk.services.keys import load_keyring

    head = read_head(text, load_keyring(keyring))  # HeadRefused if forged or damaged
    if head.seq == 0:
        return None
    db = store.db
    found = audit_store.hash_at(db, head.seq)
    if found is None:  # numbers are never given twice: the head's row was cut
        first = audit_store.last_seq_below(db, head.seq) + 1
        key = "audit_log.head_cut_one" if first == head.seq else "audit_log.head_cut"
        return translate("en", key, seq=first, until=head.seq, last=first - 1)
    if found != head.hash:
        points = [int(seq) for seq in head.checkpoints or {}]
        began = rewrite_began(head, audit_store.hashes_at(db, [*points, head.seq]))
        if began is None:
            return translate("en", "audit_log.head_rewritten", head=head.seq)
        first, last = began
        key = (
            "audit_log.head_rewritten_from" if first == last else "audit_log.head_rewritten_between"
        )
        return translate("en", key, head=head.seq, seq=first, until=last)
    return None
