"""Fixtures of the unit tests beside tests/conftest.py's.

`date_clock` is a wall clock for the services (what `Terminal(now=...)` calls); the root
`clock` fixture stays the monotonic clock the screens' idle timers read.
"""

from __future__ import annotations

import datetime

import pytest

START = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


class DateClock:
    """An aware datetime that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, minutes: float = 0, **delta: float) -> None:
        self.now += datetime.timedelta(minutes=minutes, **delta)


@pytest.fixture
def date_clock() -> DateClock:
    return DateClock()
