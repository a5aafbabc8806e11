"""SQLite through sqlite-utils: the only package that knows SQL."""

from kiosk.store.db import Store, StoreBusy, StoreError

__all__ = ["Store", "StoreBusy", "StoreError"]
