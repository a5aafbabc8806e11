"""When repeated wrong attempts lock an account, and when the lock ends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    window: datetime.timedelta = datetime.timedelta(minutes=15)
    lock: datetime.timedelta = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class Attempts:
    """What is on record for one subject: failures in the current window, and any lock."""

    failed_count: int = 0
    first_failed_at: datetime.datetime | None = None
    locked_until: datetime.datetime | None = None

    def locked(self, now: datetime.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime.datetime, policy: LockoutPolicy) -> Attempts:
        """The record after one more failure; the failure that reaches the limit locks."""
        in_window = self.first_failed_at is not None and now - self.first_failed_at < policy.window
        count = self.failed_count + 1 if in_window else 1
        first = self.first_failed_at if in_window else now
        if count >= policy.max_failures:
            return Attempts(0, None, now + policy.lock)
        return Attempts(count, first, None if not self.locked(now) else self.locked_until)
