"""Who may do what, whatever the screens show.

Every staff use case calls `current` inside its own transaction: the session names a role
at login, but the account may have been disabled or demoted since (`kiosk staff disable`),
so the staff row is read again each time.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.store import Transaction
from kiosk.store import staff as staff_store

ROLES = ("clerk", "supervisor")
# A supervisor may do everything a clerk may.
_RANK = {"clerk": 1, "supervisor": 2}


class NotAllowed(PermissionError):
    """A use case was called by someone whose role does not allow it."""

    def __init__(self, needed: str) -> None:
        super().__init__(f"needs a {needed} session")
        self.needed = needed


class StaffRevoked(NotAllowed):
    """The account behind an open staff session is gone, disabled or demoted since login."""


@dataclass(frozen=True)
class StaffSession:
    """A clerk or supervisor logged in at this terminal. Holds no password."""

    staff_id: str
    name: str
    role: str
    terminal: str
    started_at: str

    @property
    def actor(self) -> str:
        return f"staff:{self.staff_id}@{self.terminal}"


def require(session: object, role: str) -> StaffSession:
    """The session, if it is a staff session of at least `role`; otherwise NotAllowed."""
    if not isinstance(session, StaffSession) or _RANK.get(session.role, 0) < _RANK[role]:
        raise NotAllowed(role)
    return session


def current(db: Transaction, session: object, role: str) -> StaffSession:
    """`require`, then the account as it is now, read in the caller's transaction.

    StaffRevoked if the account is gone, disabled, or holds a lower role than the session
    was opened with (a promoted clerk keeps a clerk's rights until the next login).
    """
    staff = require(session, role)
    row = staff_store.get(db, staff.staff_id)
    if row is None or row["disabled"] or _RANK.get(row["role"], 0) < _RANK[staff.role]:
        raise StaffRevoked(role)
    return staff


def current_assistant(db: Transaction, staff_id: str) -> None:
    """For a citizen's session opened at a desk: the clerk acting must still be allowed."""
    row = staff_store.get(db, staff_id)
    if row is None or row["disabled"]:
        raise StaffRevoked("clerk")


def actor_of(session: object, terminal: str) -> str:
    """The audit log's name for whoever acts: the clerk at a desk, or the citizen."""
    assisted_by = getattr(session, "assisted_by", "")
    return f"staff:{assisted_by}@{terminal}" if assisted_by else f"citizen@{terminal}"
