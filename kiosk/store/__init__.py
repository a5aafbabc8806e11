"""SQLite through sqlite-utils: the only package that knows SQL."""

from kiosk.store.db import RecordsUnusable, Store, TerminalBusy, Transaction

__all__ = ["RecordsUnusable", "Store", "TerminalBusy", "Transaction"]
