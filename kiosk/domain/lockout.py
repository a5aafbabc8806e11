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


@dataclass(frozen=True)
class Throttle:
    """Slows down tries at one terminal: a few free, then a wait that doubles, up to a cap.

    Kept as an Attempts record: `locked_until` is when the wait after the latest failure
    ends (the failure itself while tries are still free); a quiet `forget_after` from
    then on starts the count again.
    """

    free: int = 2
    first_wait: datetime.timedelta = datetime.timedelta(seconds=2)
    max_wait: datetime.timedelta = datetime.timedelta(minutes=5)
    forget_after: datetime.timedelta = datetime.timedelta(minutes=15)

    def wait_after(self, failures: int) -> datetime.timedelta:
        """The wait after the n-th failure: none, none, 2 s, 4 s, 8 s... at most max_wait."""
        if failures <= self.free:
            return datetime.timedelta(0)
        doublings = min(failures - self.free - 1, 20)  # 2 s * 2**20 is past any cap
        factor: int = 2**doublings  # doublings >= 0, so an int
        return min(self.first_wait * factor, self.max_wait)

    def after_failure(self, attempts: Attempts, now: datetime.datetime) -> Attempts:
        recent = (
            attempts.locked_until is not None and now - attempts.locked_until < self.forget_after
        )
        count = attempts.failed_count + 1 if recent else 1
        first = attempts.first_failed_at if recent else now
        return Attempts(count, first, now + self.wait_after(count))
