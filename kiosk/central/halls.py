"""The halls: each a row in `halls` and a login role of its own.

Roles belong to the server, not to one database, so a hall's role is named
`HALL@DATABASE` and the group role all of them are members of `halls@DATABASE`
(made by the first migration, which also grants the group what a hall may do). The
row-level security policies find a hall's name from its role in `halls`.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql

from kiosk.central.db import CentralError

HALL_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
MAX_ROLE_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1


def check_hall_name(hall: str) -> None:
    if not HALL_NAME.fullmatch(hall):
        raise CentralError(
            f"{hall!r} is not a hall name: 1 to 32 of a-z, 0-9, '-' and '_', "
            "starting with a letter or digit"
        )


def role_names(conn: psycopg.Connection[Any], hall: str) -> tuple[str, str]:
    """(the hall's role, the halls' group role) in the connection's database."""
    database = conn.info.dbname
    role = f"{hall}@{database}"
    if len(role.encode()) > MAX_ROLE_BYTES:
        raise CentralError(
            f"the role name {role!r} is longer than PostgreSQL's {MAX_ROLE_BYTES} bytes: "
            "use a shorter hall or database name"
        )
    return role, f"halls@{database}"


def add_hall(conn: psycopg.Connection[Any], hall: str, password: str) -> str:
    """Register a hall and create its login role; returns the role's name. One transaction:
    a refusal leaves neither the row nor the role."""
    check_hall_name(hall)
    role, group = role_names(conn, hall)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM halls WHERE name = %s", (hall,)).fetchone():
            raise CentralError(f"hall {hall} is already registered")
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone():
            raise CentralError(f"the group role {group} is missing: run `kiosk central init`")
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            raise CentralError(f"a role named {role} already exists on the server")
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(role), sql.Literal(password), sql.Identifier(group)
            )
        )
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
                sql.Identifier(conn.info.dbname), sql.Identifier(role)
            )
        )
        conn.execute("INSERT INTO halls (name, role_name) VALUES (%s, %s)", (hall, role))
    return role
