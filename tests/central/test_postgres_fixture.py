"""The test PostgreSQL itself: a real server, reached over TCP with a checked password."""

from __future__ import annotations

import psycopg
import pytest

from tests.helpers.postgres import PostgresServer


def test_the_server_answers_as_postgres_15(admin_url: str) -> None:
    with psycopg.connect(admin_url) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        assert version is not None and version[0].startswith("15")
        user = conn.execute("SELECT current_user").fetchone()
        assert user == ("postgres",)


def test_a_wrong_password_is_refused(postgres: PostgresServer, central_database: str) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(postgres.url("postgres", "not-the-password", central_database))


def test_a_server_of_its_own_starts_stops_and_leaves_nothing() -> None:
    server = PostgresServer()
    try:
        server.start()
        with psycopg.connect(server.admin_url()) as conn:
            conn.execute("CREATE TABLE kept (n int)")
            conn.execute("INSERT INTO kept VALUES (1)")
        server.kill()  # a crash...
        server.start()  # ...and crash recovery keeps what was committed
        with psycopg.connect(server.admin_url()) as conn:
            assert conn.execute("SELECT n FROM kept").fetchall() == [(1,)]
    finally:
        server.stop()
    assert not server.folder.exists()
