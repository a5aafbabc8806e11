"""Family applications as they reached the central office (migrations/0005): the
application, its pages, and the decision that stands, for `kiosk central review show`."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from kiosk.central.db import CentralError, CentralUnreachable

_COLUMNS = (
    "hall, application_no, holder_id, member_id, member_name, relationship, "
    "submitted_status, status, consent_at, submitted_at, terminal, letter_text, "
    "letter_sha256, signature, signature_digest, countersigned_by, countersigned_at, "
    "age_gap_confirmed, received_at"
)


def application(
    conn: psycopg.Connection[Any], application_no: str, hall: str | None
) -> dict[str, Any]:
    """The application whole: its row, `pages` (seq, media_type, width, height, sha256,
    content) and `decision` (its row of `decisions`, or None). Raises CentralError when
    it has not reached the central, or when two halls have the number and `hall` is not
    given."""
    try:
        with conn.transaction(), conn.cursor(row_factory=dict_row) as cursor:
            rows = cursor.execute(
                f"SELECT {_COLUMNS} FROM applications WHERE application_no = %s "
                "AND (%s::text IS NULL OR hall = %s) ORDER BY hall",
                (application_no, hall, hall),
            ).fetchall()
            if not rows:
                where = f" from hall {hall}" if hall else ""
                raise CentralError(
                    f"application {application_no}{where} has not reached the central"
                )
            if len(rows) > 1:
                names = ", ".join(r["hall"] for r in rows)
                raise CentralError(
                    f"application {application_no} was made in more than one hall ({names}): "
                    "name one with --hall"
                )
            row = dict(rows[0])
            row["pages"] = cursor.execute(
                "SELECT seq, media_type, width, height, sha256, content FROM application_pages "
                "WHERE hall = %s AND application_no = %s ORDER BY seq",
                (row["hall"], application_no),
            ).fetchall()
            row["decision"] = cursor.execute(
                "SELECT status, reason, decided_by, decided_at FROM decisions "
                "WHERE hall = %s AND application_no = %s",
                (row["hall"], application_no),
            ).fetchone()
            return row
    except psycopg.OperationalError as err:
        raise CentralUnreachable(f"lost the central database: {_first_line(err)}") from None
    except psycopg.Error as err:
        raise CentralError(f"the central database refused: {_first_line(err)}") from None


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
