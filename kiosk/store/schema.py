"""The schema, as a list of migrations applied in order and recorded in the file."""

from __future__ import annotations

import secrets

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.domain.audit import GENESIS
from kiosk.store.db import Store

migrations = Migrations("kiosk")


@migrations()
def m001_registry(db: Database) -> None:
    db.table("persons").create(
        {
            "id_number": str,
            "name": str,
            "phone": str,
            "sex": str,
            "birth_date": str,
            "insurance_type": str,
            "status": str,
            "enrolled_on": str,
        },
        pk="id_number",
        not_null={"name", "phone", "sex", "birth_date", "insurance_type", "status"},
    )
    db.table("persons").create_index(["name"])
    db.table("ledger_entries").create(
        {
            "reference": str,
            "id_number": str,
            "entry_date": str,
            "kind": str,
            "amount_cents": int,
            "counterparty": str,
            "counterparty_kind": str,
        },
        pk="reference",
        foreign_keys=[("id_number", "persons", "id_number")],
        not_null={"id_number", "entry_date", "kind", "amount_cents"},
    )
    # A person's last entries by date: the card and the ledger screen read this.
    db.table("ledger_entries").create_index(["id_number", "entry_date"])
    db.table("contributions").create(
        {
            "id_number": str,
            "month": str,
            "base_cents": int,
            "employer_cents": int,
            "individual_cents": int,
            "status": str,
        },
        pk=("id_number", "month"),
        foreign_keys=[("id_number", "persons", "id_number")],
    )
    db.table("entitlements").create(
        {
            "id_number": str,
            "start_date": str,
            "end_date": str,
            "insurance_type": str,
            "status": str,
            "reason": str,
        },
        pk=("id_number", "start_date"),
        foreign_keys=[("id_number", "persons", "id_number")],
    )


@migrations()
def m002_accounts(db: Database) -> None:
    db.table("credentials").create(
        {
            "id_number": str,
            "password_hash": str,
            "activated_at": str,
            "updated_at": str,
            "must_change": int,
            "temporary_until": str,
        },
        pk="id_number",
        foreign_keys=[("id_number", "persons", "id_number")],
        not_null={"password_hash", "activated_at", "must_change"},
        defaults={"must_change": 0},
    )
    db.table("staff").create(
        {
            "staff_id": str,
            "name": str,
            "role": str,
            "password_hash": str,
            "disabled": int,
            "created_at": str,
        },
        pk="staff_id",
        not_null={"name", "role", "password_hash", "disabled"},
        defaults={"disabled": 0},
    )
    # Failed attempts by a keyed hash of who was tried, whether or not that person
    # exists, so a lock never tells anyone which ID numbers are registered.
    db.table("lockouts").create(
        {"subject": str, "failed_count": int, "first_failed_at": str, "locked_until": str},
        pk="subject",
        not_null={"failed_count"},
        defaults={"failed_count": 0},
    )


@migrations()
def m003_family(db: Database) -> None:
    db.table("enrollments").create(
        {
            "id": int,
            "application_no": str,
            "holder_id": str,
            "member_id": str,
            "member_name": str,
            "relationship": str,
            "status": str,
            "consent_at": str,
            "letter_text": str,
            "letter_sha256": str,
            "signature": str,
            "signature_digest": str,
            "terminal": str,
            "submitted_at": str,
            "reviewed_by": str,
            "reviewed_at": str,
            "review_reason": str,
        },
        pk="id",
        foreign_keys=[
            ("holder_id", "persons", "id_number"),
            ("member_id", "persons", "id_number"),
        ],
        not_null={"application_no", "holder_id", "member_id", "relationship", "status"},
    )
    db.table("enrollments").create_index(["application_no"], unique=True)
    db.table("enrollments").create_index(["holder_id"])
    db.table("enrollments").create_index(["status", "submitted_at"])
    db.table("family_links").create(
        {
            "id": int,
            "holder_id": str,
            "member_id": str,
            "relationship": str,
            "status": str,
            "enrollment_id": int,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[
            ("holder_id", "persons", "id_number"),
            ("member_id", "persons", "id_number"),
            ("enrollment_id", "enrollments", "id"),
        ],
        not_null={"holder_id", "member_id", "relationship", "status"},
    )
    db.table("family_links").create_index(["holder_id", "member_id"], unique=True)
    db.table("family_links").create_index(["member_id"])
    db.table("documents").create(
        {
            "id": int,
            "enrollment_id": int,
            "kind": str,
            "media_type": str,
            "sha256": str,
            "width": int,
            "height": int,
            "content": bytes,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("enrollment_id", "enrollments", "id")],
        not_null={"enrollment_id", "kind", "media_type", "sha256", "content"},
    )
    db.table("documents").create_index(["enrollment_id"])


@migrations()
def m004_audit_outbox(db: Database) -> None:
    db.table("audit_log").create(
        {
            "seq": int,
            "at": str,
            "actor": str,
            "action": str,
            "subject": str,
            "detail": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="seq",
        not_null={"at", "actor", "action", "prev_hash", "hash"},
    )
    db.table("audit_log").create_index(["at"])
    db.table("audit_log").create_index(["action", "at"])
    # Append-only: the chain check in `kiosk audit verify` relies on it.
    db.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.table("outbox").create(
        {"id": int, "created_at": str, "topic": str, "payload": str, "sent_at": str},
        pk="id",
        not_null={"created_at", "topic", "payload"},
    )
    db.table("outbox").create_index(["sent_at"])


@migrations()
def m005_meta(db: Database) -> None:
    db.table("kiosk_meta").create({"key": str, "value": str}, pk="key")


@migrations()
def m006_staff_desk(db: Database) -> None:
    # Assisted enrollments: the clerk who countersigned, bound into the signature digest.
    db.table("enrollments").add_column("countersigned_by", str)
    db.table("enrollments").add_column("countersigned_at", str)
    db.table("staff").add_column("updated_at", str)
    db.table("audit_log").create_index(["actor", "at"])


@migrations()
def m007_subject_key(db: Database) -> None:
    # The secret behind keyed hashes of ID numbers (lockouts, audit), made with the file,
    # so no login ever has to create it in the middle of its own transaction.
    db.execute(
        "INSERT OR IGNORE INTO kiosk_meta (key, value) VALUES ('subject_key', ?)",
        [secrets.token_hex(32)],
    )


@migrations()
def m008_audit_sequence(db: Database) -> None:
    # Every audit row takes the next number and carries the last row's hash; the highest
    # number ever given is kept, so numbers are never given twice and a cut tail leaves a
    # gap `kiosk audit verify` names. (SQLite cannot compute SHA-256 in a trigger: whether
    # each row's hash matches its content is checked by verify, over every row.)
    high = db.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    db.execute(
        "INSERT OR REPLACE INTO kiosk_meta (key, value) VALUES ('audit_seq', ?)", [str(high)]
    )
    db.execute(
        "CREATE TRIGGER audit_log_next_only BEFORE INSERT ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'audit log: a row must take the next number') "
        "WHERE NEW.seq IS NOT max("
        "coalesce((SELECT max(seq) FROM audit_log), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM kiosk_meta WHERE key = 'audit_seq'), 0)"
        ") + 1; "
        "SELECT RAISE(ABORT, 'audit log: a row must carry the last row''s hash') "
        "WHERE NEW.prev_hash IS NOT coalesce("
        f"(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '{GENESIS}'); "
        "END"
    )
    db.execute(
        "CREATE TRIGGER audit_log_high_water AFTER INSERT ON audit_log BEGIN "
        "UPDATE kiosk_meta SET value = NEW.seq WHERE key = 'audit_seq'; END"
    )
    db.execute(
        "CREATE TRIGGER audit_seq_no_insert BEFORE INSERT ON kiosk_meta "
        "WHEN NEW.key = 'audit_seq' BEGIN "
        "SELECT RAISE(ABORT, 'the audit log''s highest number never goes back'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_seq_no_lower BEFORE UPDATE ON kiosk_meta "
        "WHEN OLD.key = 'audit_seq' AND (NEW.key IS NOT 'audit_seq' "
        "OR CAST(NEW.value AS INTEGER) < CAST(OLD.value AS INTEGER)) BEGIN "
        "SELECT RAISE(ABORT, 'the audit log''s highest number never goes back'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_seq_no_delete BEFORE DELETE ON kiosk_meta "
        "WHEN OLD.key = 'audit_seq' BEGIN "
        "SELECT RAISE(ABORT, 'the audit log''s highest number never goes back'); END"
    )


@migrations()
def m009_temporary_spent(db: Database) -> None:
    # A desk's temporary password is spent by its first successful login (the time of it,
    # which is also that session's start): it never logs anyone in again.
    db.table("credentials").add_column("temporary_used_at", str)


@migrations()
def m010_age_gap_confirmed(db: Database) -> None:
    # 1: the member was born less than 12 years after the holder (as a child), and the
    # holder answered that this is right; 0: the question was not asked (or, before this
    # migration, not kept).
    db.table("enrollments").add_column("age_gap_confirmed", int, not_null_default=0)


@migrations()
def m011_registry_import_progress(db: Database) -> None:
    # A registry import commits in chunks; each chunk's transaction also moves the file's
    # place here, so an interrupted import resumes where it stopped. The refusals and the
    # keys seen so far are kept with it (a repeat is named across the interruption). All
    # three are emptied when the file's import ends.
    db.execute(
        "CREATE TABLE registry_imports (import_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, position INTEGER NOT NULL, "
        "line INTEGER NOT NULL, rows INTEGER NOT NULL, written INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TABLE registry_import_refused (import_id TEXT NOT NULL, line INTEGER NOT NULL, "
        "key TEXT NOT NULL, column_name TEXT NOT NULL, placeholders TEXT NOT NULL, "
        "PRIMARY KEY (import_id, line)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE registry_import_seen (import_id TEXT NOT NULL, key TEXT NOT NULL, "
        "line INTEGER NOT NULL, PRIMARY KEY (import_id, key)) WITHOUT ROWID"
    )


@migrations()
def m012_account_outbox(db: Database) -> None:
    # Account changes made at this hall (activation, new password, temporary password,
    # lock, unlock), each waiting to go up to the central office (`kiosk sync`). `id` is
    # the hall's number for the change, which makes a second delivery a no-op there;
    # `sent_at` is set only after the central committed it.
    db.execute(
        "CREATE TABLE account_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "id_number TEXT NOT NULL, changed_at TEXT NOT NULL, kind TEXT NOT NULL, "
        "state TEXT NOT NULL, password_hash TEXT, activated_at TEXT, locked_until TEXT, "
        "sent_at TEXT)"
    )
    db.execute("CREATE INDEX account_outbox_unsent ON account_outbox (sent_at, id)")


def migrate(store: Store) -> None:
    """Bring the file up to the current schema, holding the write lock throughout."""
    with store.write() as db:
        migrations.apply(db)


def schema_current(store: Store) -> bool:
    return not migrations.pending(store.db)
