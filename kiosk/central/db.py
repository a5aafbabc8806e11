"""Connecting to the central PostgreSQL, and the URLs that name it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict

CONNECT_TIMEOUT = 10  # seconds

# psycopg warns through `logging` when a lost connection ends a pipeline ("error ignored
# terminating <psycopg.Pipeline [BAD]>"): the error we raise says it already, in one line.
logging.getLogger("psycopg").addHandler(logging.NullHandler())


class CentralError(RuntimeError):
    """The central database cannot do what was asked; the message says why in one line."""


class CentralUnreachable(CentralError):
    """No connection to the central database (down, wrong address, refused login)."""


@contextmanager
def guarded() -> Iterator[None]:
    """Any psycopg error inside the block as a CentralError (one line): CentralUnreachable
    when the connection failed or was lost (e.g. a connection's commit at its close)."""
    try:
        yield
    except psycopg.OperationalError as err:
        raise CentralUnreachable(f"lost the central database: {_first_line(err)}") from None
    except psycopg.Error as err:
        raise CentralError(f"the central database refused the round: {_first_line(err)}") from None


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def parse_url(url: str) -> dict[str, Any]:
    """The parts of a PostgreSQL URL (or key=value string) as libpq reads them."""
    try:
        return dict(conninfo_to_dict(url))
    except psycopg.ProgrammingError as err:
        raise CentralError(f"not a PostgreSQL URL: {err}") from None


# A line that goes silent (no reset, no answer) is noticed by TCP keepalives instead of
# a round waiting forever; libpq ignores them on a Unix socket.
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    try:
        return psycopg.connect(
            url,
            autocommit=autocommit,
            connect_timeout=CONNECT_TIMEOUT,
            application_name="kiosk",
            **KEEPALIVES,
        )
    except psycopg.OperationalError as err:
        first = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        raise CentralUnreachable(f"cannot reach the central database: {first}") from None
    except psycopg.ProgrammingError as err:
        raise CentralError(f"not a PostgreSQL URL: {err}") from None


def database_name(url: str) -> str:
    """The database a URL names (libpq's default: the user's name)."""
    parts = parse_url(url)
    name = parts.get("dbname") or parts.get("user")
    if not name:
        raise CentralError("the URL names no database")
    return str(name)


def url_for(url: str, user: str, password: str) -> str:
    """The same server and database as `url`, logging in as `user` with `password`."""
    parts = parse_url(url)
    host = str(parts.pop("host", "") or "")
    port = str(parts.pop("port", "") or "")
    dbname = str(parts.pop("dbname", "") or "")
    for secret in ("user", "password", "passfile", "service"):
        parts.pop(secret, None)
    if host.startswith("/"):  # a unix socket folder goes in the query
        parts["host"] = host
        host = ""
    netloc = f"{quote(user, safe='')}:{quote(password, safe='')}@{host}"
    if port and host:
        netloc += f":{port}"
    elif port:
        parts["port"] = port
    query = f"?{urlencode(sorted(parts.items()))}" if parts else ""
    return f"postgresql://{netloc}/{quote(dbname, safe='')}{query}"


def yoyo_url(url: str) -> str:
    """yoyo-migrations names its psycopg 3 backend postgresql+psycopg://."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise CentralError("the central's URL must start with postgresql://")
