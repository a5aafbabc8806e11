"""The time, in one place, so tests and the demo can fix it."""

from __future__ import annotations

import datetime


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def stamp(moment: datetime.datetime | None = None) -> str:
    """ISO 8601 with the UTC offset: 2026-11-25T21:30:00+00:00."""
    return (moment or now()).isoformat()
