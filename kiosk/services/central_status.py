"""The central office's view of the halls: their rounds, what they sent, and their audit
chains as received (`kiosk central status`, `kiosk central audit verify`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kiosk.central import audit as central_audit
from kiosk.central import db as central_db
from kiosk.central import status as central_status
from kiosk.central.db import CentralError
from kiosk.domain.audit import ChainBreak, first_break
from kiosk.services.central import require_current_schema


@dataclass(frozen=True)
class ChainReport:
    hall: str
    rows: int
    broken: ChainBreak | None


def _verify(conn: Any, hall: str) -> ChainReport:
    rows = 0

    def counted() -> Iterator[tuple[Any, ...]]:
        nonlocal rows
        for row in central_audit.chain(conn, hall):
            rows += 1
            yield row

    broken = first_break(
        counted(), seq_of_hash=lambda digest: central_audit.seq_of_hash(conn, hall, digest)
    )
    return ChainReport(hall, rows, broken)


def verify_chains(url: str, hall: str | None = None) -> list[ChainReport]:
    """Every hall's audit chain as the central received it (or one hall's)."""
    require_current_schema(url)
    with central_db.connect(url) as conn:
        halls = central_status.halls(conn)
        if hall is not None:
            if hall not in halls:
                raise CentralError(f"no hall named {hall} is registered")
            halls = [hall]
        return [_verify(conn, name) for name in halls]


@dataclass(frozen=True)
class HallReport:
    status: central_status.HallStatus
    chain: ChainReport


def halls_status(url: str) -> list[HallReport]:
    """Every hall: its last round, what it sent, whether its chain holds as received."""
    require_current_schema(url)
    with central_db.connect(url) as conn:
        return [HallReport(s, _verify(conn, s.hall)) for s in central_status.hall_status(conn)]
