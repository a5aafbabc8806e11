"""What this terminal offers the screens: its configuration and its use cases.

The UI holds one Terminal and calls it; it never sees a database connection.
The database is opened on first use, not at import or construction, so the
welcome screen paints before SQLite and its helpers are even imported.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.config import Config, local_text
from kiosk.services import clock

if TYPE_CHECKING:
    from kiosk.services.accounts import AccountService, CitizenSession
    from kiosk.services.family import FamilyService
    from kiosk.services.records import RecordService
    from kiosk.services.vouchers import VoucherIssuer
    from kiosk.store import Store


@dataclass(frozen=True)
class HallInfo:
    """The hall's contact details in one language, for the "Other ways to check" screen."""

    name: str
    address: str
    counter_hours: str
    hotline: str
    website: str


class Terminal:
    def __init__(
        self, config: Config, now: Callable[[], datetime.datetime] = clock.now
    ) -> None:
        self.config = config
        self.now = now
        self._store: Store | None = None
        self._lock = threading.Lock()
        self.session: CitizenSession | None = None

    def prepare(self) -> bool:
        """Create the database with the demo registry if it is missing; True if created."""
        if self.config.database.exists():
            return False
        from kiosk.services.demo import ensure_database, fill_demo_inbox

        self._store, created = ensure_database(self.config.database)
        if created:
            fill_demo_inbox(self.config.inbox_path)
        return created

    @property
    def store(self) -> Store:
        """The database, opened and migrated on first use (from any thread)."""
        with self._lock:
            if self._store is None:
                from kiosk.services.database import open_database

                self._store = open_database(self.config.database, create=True)
            return self._store

    def open(self) -> None:
        """Open the database now, off the event loop, so the first request is quick."""
        _ = self.store

    @cached_property
    def accounts(self) -> AccountService:
        from kiosk.services.accounts import AccountService

        return AccountService(self.store, self.config, self.now)

    @cached_property
    def family(self) -> FamilyService:
        from kiosk.services.family import FamilyService

        return FamilyService(self.store, self.config, self.now)

    @cached_property
    def vouchers(self) -> VoucherIssuer:
        from kiosk.services.keys import keys_folder
        from kiosk.services.vouchers import VoucherIssuer

        return VoucherIssuer(
            keys_folder(self.config.database), self.config.terminal,
            self.config.voucher.valid_seconds,
        )

    @cached_property
    def records(self) -> RecordService:
        from kiosk.services.records import RecordService

        return RecordService(self.store)

    def begin_session(self, session: CitizenSession) -> None:
        self.session = session

    def end_session(self, reason: str) -> None:
        """Forget who was here (log out, idle time-out, crash); audited."""
        session, self.session = self.session, None
        if session is not None:
            self.accounts.log_out(session, reason)

    def hall(self, language: str) -> HallInfo:
        hall = self.config.hall
        return HallInfo(
            name=local_text(hall.name, language),
            address=local_text(hall.address, language),
            counter_hours=local_text(hall.counter_hours, language),
            hotline=hall.hotline,
            website=hall.website,
        )

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
