"""A real PostgreSQL server for the central office's tests: one per test process (each
xdist worker starts its own), a fresh database for each test.

The server is Debian's PostgreSQL 15 (tests/helpers/postgres.py). If it is missing the
tests fail and say what to install: they are never skipped.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.helpers.postgres import PostgresMissing, PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except PostgresMissing as err:
        pytest.fail(str(err), pytrace=False)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def central_database(postgres: PostgresServer) -> Iterator[str]:
    """The name of a new, empty database on the test server (dropped afterwards, with the
    roles made for it)."""
    name = f"central_{secrets.token_hex(4)}"
    postgres.create_database(name)
    try:
        yield name
    finally:
        postgres.drop_database(name)


@pytest.fixture
def admin_url(postgres: PostgresServer, central_database: str) -> str:
    """The superuser's URL to this test's empty database."""
    return postgres.admin_url(central_database)


@pytest.fixture
def central_url(admin_url: str) -> str:
    """The superuser's URL to this test's database, with the central schema in it."""
    from kiosk.central.schema import migrate

    migrate(admin_url)
    return admin_url
