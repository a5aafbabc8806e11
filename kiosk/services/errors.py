"""Errors the screens may meet from a service, and say something sensible about."""

from kiosk.services.roles import StaffRevoked  # the staff account changed since login
from kiosk.store import StoreBusy as TerminalBusy
from kiosk.store import StoreError as RecordsUnusable  # damaged, read-only or full: `.kind`

__all__ = ["RecordsUnusable", "StaffRevoked", "TerminalBusy"]
