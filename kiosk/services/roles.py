"""Who may do what. Every staff use case calls `require` first, whatever the screens show."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("clerk", "supervisor")
# A supervisor may do everything a clerk may.
_RANK = {"clerk": 1, "supervisor": 2}


class NotAllowed(PermissionError):
    """A use case was called by someone whose role does not allow it."""

    def __init__(self, needed: str) -> None:
        super().__init__(f"needs a {needed} session")
        self.needed = needed


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


def actor_of(session: object, terminal: str) -> str:
    """The audit log's name for whoever acts: the clerk at a desk, or the citizen."""
    assisted_by = getattr(session, "assisted_by", "")
    return f"staff:{assisted_by}@{terminal}" if assisted_by else f"citizen@{terminal}"
