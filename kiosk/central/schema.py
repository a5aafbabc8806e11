"""The central schema: SQL files in migrations/, applied in order by yoyo-migrations.

Why yoyo: the hall's schema is a list of migrations recorded in its file
(sqlite_utils.Migrations); yoyo does the same for PostgreSQL with plain SQL files (no
ORM models to keep beside the SQL, unlike alembic's SQLAlchemy), applies each file in
one transaction (PostgreSQL's DDL is transactional), records what it applied in the
database, takes a lock so two `kiosk central init` runs at once apply each file once,
and has a psycopg 3 backend (postgresql+psycopg://). It is maintained and packaged in
Debian (python3-yoyo).

A new migration is a new file `NNNN_what.sql`; files already applied are never edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yoyo import get_backend, read_migrations
from yoyo.exceptions import LockTimeout

from kiosk.central.db import CentralError, CentralUnreachable, connect, yoyo_url

MIGRATIONS = Path(__file__).with_name("migrations")


def _backend(url: str) -> Any:  # yoyo ships no types
    connect(url).close()  # one line about an unreachable server, not yoyo's traceback
    try:
        return get_backend(yoyo_url(url))
    except Exception as err:  # yoyo's own connection error types vary by backend
        raise CentralUnreachable(f"cannot reach the central database: {err}") from None


def pending(url: str) -> list[str]:
    """The ids of the migrations not yet applied."""
    backend = _backend(url)
    try:
        return [m.id for m in backend.to_apply(read_migrations(str(MIGRATIONS)))]
    finally:
        backend.connection.close()


def migrate(url: str) -> list[str]:
    """Apply every migration not yet applied (under yoyo's lock); returns their ids."""
    backend = _backend(url)
    try:
        with backend.lock(timeout=60):
            todo = backend.to_apply(read_migrations(str(MIGRATIONS)))
            backend.apply_migrations(todo)
            return [m.id for m in todo]
    except LockTimeout:
        raise CentralError("another `kiosk central init` holds the migration lock") from None
    finally:
        backend.connection.close()
