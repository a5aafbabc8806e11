"""Errors the screens may meet from a service, and say something sensible about."""

from kiosk.store import StoreBusy as TerminalBusy

__all__ = ["TerminalBusy"]
