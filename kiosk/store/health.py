"""Questions asked of the whole file after a crash: is every record whole?"""

from __future__ import annotations

from sqlite_utils import Database

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


def integrity(db: Database) -> list[str]:
    return [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]


def foreign_keys(db: Database) -> list[str]:
    return [f"{row[0]} row {row[1]} -> {row[2]}" for row in
            db.execute("PRAGMA foreign_key_check").fetchall()]


def broken_enrollments(db: Database) -> list[str]:
    return [row[0] for row in db.execute(_BROKEN_ENROLLMENTS).fetchall()]


def broken_decisions(db: Database) -> list[str]:
    return [row[0] for row in db.execute(_BROKEN_DECISIONS).fetchall()]
