"""Errors the screens may meet from a service, and say something sensible about."""

from kiosk.services.roles import StaffRevoked  # the staff account changed since login
from kiosk.store import (
    RecordsUnusable,  # damaged, read-only, full or busy: `.kind`
    TerminalBusy,  # another terminal held the write lock too long
)

__all__ = ["RecordsUnusable", "StaffRevoked", "TerminalBusy"]
