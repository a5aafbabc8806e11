"""Every health check of the file, in one place.

Before a terminal serves anyone (`ready`): every page readable and one write possible.
After a crash or a power cut (`problems`, for `kiosk check`): integrity, foreign keys,
and every enrollment and decision whole.
"""

from __future__ import annotations

import sqlite3

from kiosk.store.db import RecordsUnusable, Store, Transaction, classify

# An enrollment is whole when everything its one transaction wrote is there.
_BROKEN_ENROLLMENTS = """
SELECT e.application_no FROM enrollments e
WHERE (SELECT count(*) FROM documents d WHERE d.enrollment_id = e.id) < 2
   OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'family:submit'
                  AND json_extract(a.detail, '$.application') = e.application_no)
   OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.topic = 'enrollment.submitted'
                  AND json_extract(o.payload, '$.application_no') = e.application_no)
   OR (e.status IN ('awaiting_review', 'awaiting_verification', 'active')
       AND NOT EXISTS (SELECT 1 FROM family_links l WHERE l.enrollment_id = e.id
                       AND l.status IN ('pending', 'active')))
ORDER BY e.id
"""

# A decision is whole when the enrollment, its link and the audit row agree.
_BROKEN_DECISIONS = """
SELECT e.application_no FROM enrollments e
WHERE e.status IN ('active', 'rejected') AND (
      e.reviewed_by IS NULL
   OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action IN ('family:approve', 'family:reject')
                  AND a.subject = e.application_no)
   OR EXISTS (SELECT 1 FROM family_links l WHERE l.enrollment_id = e.id AND l.status != e.status))
ORDER BY e.id
"""


def ready(store: Store) -> None:
    """What a terminal checks before serving anyone; raises RecordsUnusable with its kind.

    `PRAGMA quick_check` reads every page (it skips only the index cross-checks of
    integrity_check), so a damaged file is found here, not halfway through a
    citizen's enrollment. Then one row is written and rolled back: a file the
    kiosk cannot write to (or whose folder refuses the -wal file) is found now too.
    """
    try:
        rows = store.db.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise RecordsUnusable(f"quick_check found {len(rows)} problems", "damaged")
        with store.write() as db:
            db.execute(
                "INSERT INTO kiosk_meta (key, value) VALUES ('write_check', '') "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            )
            raise _Probe
    except _Probe:
        pass
    except sqlite3.DatabaseError as err:
        raise classify(err, store.path) or RecordsUnusable(str(err)) from err


class _Probe(Exception):
    """Rolls the write check back (Store.write rolls back on any exception)."""


def problems(db: Transaction) -> dict[str, list[str]]:
    """What `kiosk check` reports of the file itself, by name (the audit chain aside)."""
    return {
        "integrity": integrity(db),
        "foreign keys": foreign_keys(db),
        "enrollments not whole": broken_enrollments(db),
        "decisions not whole": broken_decisions(db),
    }


def integrity(db: Transaction) -> list[str]:
    return [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]


def foreign_keys(db: Transaction) -> list[str]:
    return [
        f"{row[0]} row {row[1]} -> {row[2]}"
        for row in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def broken_enrollments(db: Transaction) -> list[str]:
    return [row[0] for row in db.execute(_BROKEN_ENROLLMENTS).fetchall()]


def broken_decisions(db: Transaction) -> list[str]:
    return [row[0] for row in db.execute(_BROKEN_DECISIONS).fetchall()]
