"""What this terminal offers the screens: its configuration and its use cases.

The UI holds one Terminal and calls it; it never sees a database connection.
The database is opened on first use, not at import or construction, so the
welcome screen paints before SQLite and its helpers are even imported.
"""

from __future__ import annotations

import datetime
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.config import Config, local_text
from kiosk.services import clock

if TYPE_CHECKING:
    from kiosk.services.accounts import AccountService, CitizenSession
    from kiosk.services.audit import AuditPage
    from kiosk.services.certificates import CertificateService
    from kiosk.services.desk import DeskService
    from kiosk.services.family import FamilyService
    from kiosk.services.inbox import InboxFile
    from kiosk.services.printing import PrintingService
    from kiosk.services.records import RecordService
    from kiosk.services.review import ReviewService
    from kiosk.services.roles import StaffSession
    from kiosk.services.staff import StaffService
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
        self,
        config: Config,
        now: Callable[[], datetime.datetime] = clock.now,
        chance: random.Random | None = None,
    ) -> None:
        self.config = config
        self.now = now
        # Temporary passwords and voucher numbers: the system's secure source (None), or
        # a seeded one for pictures that must not change (tests/ui/tour.py).
        self.chance = chance
        self._store: Store | None = None
        self._lock = threading.Lock()
        self.session: CitizenSession | None = None
        # A clerk or supervisor logged in here (at a desk, or with the staff key).
        self.staff_session: StaffSession | None = None

    def prepare(self) -> bool:
        """Create the database with the demo registry if it is missing; True if created."""
        if self.config.database.exists():
            return False
        from kiosk.demo.builder import ensure_database

        self._store, created = ensure_database(self.config.database)
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
        """Open and check the database now, off the event loop; raises RecordsUnusable."""
        from kiosk.services.database import check_database

        check_database(self.store)

    def open_read_only(self) -> None:
        """Open the file as it is, never writing (checking tools); raises RecordsUnusable."""
        from kiosk.services.database import open_read_only

        with self._lock:
            if self._store is None:
                self._store = open_read_only(self.config.database)

    @cached_property
    def accounts(self) -> AccountService:
        from kiosk.services.accounts import AccountService

        return AccountService(self.store, self.config, self.now)

    @cached_property
    def family(self) -> FamilyService:
        from kiosk.services.family import FamilyService

        return FamilyService(
            self.store,
            self.config,
            self.now,
            confirm_staff=self.staff.confirm,
            accounts=self.accounts,
        )

    @cached_property
    def staff(self) -> StaffService:
        from kiosk.services.staff import StaffService

        return StaffService(
            self.store,
            self.accounts,
            self.config.terminal,
            self.now,
            self_service=self.config.mode != "staff",
        )

    @cached_property
    def desk(self) -> DeskService:
        from kiosk.services.desk import DeskService

        return DeskService(
            self.store,
            self.accounts,
            self.config.staff.temporary_password_hours,
            self.now,
            self.chance,
        )

    @cached_property
    def review(self) -> ReviewService:
        from kiosk.services.review import ReviewService

        return ReviewService(self.store, self.now)

    def audit_page(self, staff: StaffSession, **filters: str) -> AuditPage:
        from kiosk.services.audit import search

        return search(self.store, staff, **filters)

    @cached_property
    def vouchers(self) -> VoucherIssuer:
        from kiosk.services.keys import keys_folder
        from kiosk.services.vouchers import VoucherIssuer

        return VoucherIssuer(
            keys_folder(self.config.database),
            self.config.terminal,
            self.config.voucher.valid_seconds,
            store=self.store,
            chance=self.chance,
        )

    @cached_property
    def certificates(self) -> CertificateService:
        """Contributions certificates: preview, issue (numbered, audited, signed), print."""
        from kiosk.services.certificates import CertificateService
        from kiosk.services.keys import keys_folder

        return CertificateService(
            self.store,
            self.config,
            self.now,
            keys_folder(self.config.database),
            self.accounts.subject,
            printing=self.printing,
        )

    @cached_property
    def printing(self) -> PrintingService:
        from kiosk.services.printing import PrintingService

        return PrintingService(self.store, self.config, self.now)

    @cached_property
    def records(self) -> RecordService:
        from kiosk.services.records import RecordService

        return RecordService(self.store)

    def inbox_scans(self, session: CitizenSession) -> list[InboxFile]:
        """The scanner inbox as this citizen may see it: old scans swept first, then only
        those that arrived after the session began."""
        from kiosk.services.inbox import list_inbox, session_since

        self.sweep_inbox()
        return list_inbox(self.config.inbox_path, since=session_since(session.started_at))

    def sweep_inbox(self) -> int:
        """Remove scans older than `[family] inbox_max_age_minutes`; how many went."""
        from kiosk.services.inbox import sweep_inbox

        return sweep_inbox(
            self.config.inbox_path,
            self.config.family.inbox_max_age_minutes * 60,
            self.now().timestamp(),
        )

    def begin_session(self, session: CitizenSession) -> None:
        self.session = session

    def end_session(self, reason: str) -> None:
        """Forget who was here (log out, idle time-out, crash); audited."""
        session, self.session = self.session, None
        if session is not None:
            self.accounts.log_out(session, reason)

    def begin_staff_session(self, session: StaffSession) -> None:
        self.staff_session = session

    def end_staff_session(self, reason: str) -> None:
        """The clerk leaves: any citizen they were acting for goes first."""
        self.end_session(reason)
        staff, self.staff_session = self.staff_session, None
        if staff is not None:
            self.staff.log_out(staff, reason)

    def leave(self, staff: StaffSession) -> None:
        """A supervisor closes the kiosk application (the only way out of citizen mode)."""
        from kiosk.services import audit
        from kiosk.services.roles import current

        with self.store.write() as db:
            current(db, staff, "supervisor")
            audit.record(db, staff.actor, "kiosk:leave", staff.staff_id)

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
