"""The central office's use cases: its schema, its halls, its registry import.

The SQL is in kiosk/central (the central's store); this module decides what to do and
reports it, as the hall's services do over kiosk/store.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from kiosk.central import db as central_db
from kiosk.central import halls as central_halls
from kiosk.central import schema as central_schema
from kiosk.central.db import CentralError

DEFAULT_INTERVAL_SECONDS = 60


def require_current_schema(url: str) -> None:
    waiting = central_schema.pending(url)
    if waiting:
        raise CentralError(
            f"the central schema is not up to date ({', '.join(waiting)} not applied): "
            "run `kiosk central init` first"
        )


@dataclass(frozen=True)
class HallAccess:
    """What a hall puts in the [central] section of its configuration."""

    hall: str
    url: str  # the hall's own role and password
    interval_seconds: int = DEFAULT_INTERVAL_SECONDS

    def config_text(self) -> str:
        # JSON strings are TOML basic strings (the URL is percent-encoded anyway).
        return (
            "[central]\n"
            f"url = {json.dumps(self.url)}\n"
            f"hall = {json.dumps(self.hall)}\n"
            f"interval_seconds = {self.interval_seconds}\n"
        )


def add_hall(admin_url: str, hall: str) -> HallAccess:
    """Register a hall with a login role of its own and a new random password."""
    central_halls.check_hall_name(hall)
    require_current_schema(admin_url)
    password = secrets.token_urlsafe(24)
    with central_db.connect(admin_url) as conn:
        role = central_halls.add_hall(conn, hall, password)
    return HallAccess(hall, central_db.url_for(admin_url, role, password))
