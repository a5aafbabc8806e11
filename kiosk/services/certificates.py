"""The contributions certificate: what a person paid and was entitled to over a period.

`preview` reads the facts for a screen to show (nothing is written); `issue` reads them
again inside one write transaction, gives the certificate its number, records who asked
for which kind and period in the audit log (never the content), and signs the statement
its QR code carries. `check_certificate` verifies that QR text offline, as an employer,
a school or a visa office would with `kiosk certificate verify`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config, local_text
from kiosk.domain.certificate import (
    CertificateRefused,
    MonthLine,
    Period,
    PeriodError,
    Statement,
    Totals,
    calendar_year,
    id_hash,
    last_months,
    period_between,
    sign_statement,
    totals,
    verify_statement,
)
from kiosk.domain.ids import mask_id
from kiosk.domain.voucher import mask_name
from kiosk.services import audit
from kiosk.services.keys import KeyringError, read_keyring
from kiosk.store import Store, Transaction
from kiosk.store import certificates as certificates_store
from kiosk.store import records as records_store
from kiosk.store import registry as registry_store

if TYPE_CHECKING:
    from kiosk.services.accounts import CitizenSession
    from kiosk.services.printing import PrintingService

__all__ = [
    "Certificate",
    "CertificateRefused",
    "CertificateService",
    "EntitlementPeriod",
    "KeyringError",
    "NotInRegistry",
    "NotPrinted",
    "Period",
    "PeriodError",
    "PrintedCertificate",
    "Statement",
    "check_certificate",
]

KIND = "contributions"  # the only kind of certificate so far; the audit row names it
DEFAULT_VALID_DAYS = 90


class NotInRegistry(LookupError):
    """No person with this ID number in the hall's registry."""


class NotPrinted(Exception):
    """The certificate could not be made or printed: `key` is the catalog message to show
    (a printer's PrintFailed key, or certificate.cannot_print). When the certificate had
    been numbered already, `number` is that number, now void (the audit log says so)."""

    def __init__(self, key: str, number: str = "", detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.number = number
        self.detail = detail


@dataclass(frozen=True)
class EntitlementPeriod:
    start_date: str
    end_date: str | None  # None: still running
    insurance_type: str
    status: str
    reason: str


@dataclass(frozen=True)
class Certificate:
    """Everything the printed certificate states. Before `issue` it has no number, time
    or signed statement (`number` is empty): that is the preview.

    `id_number` is whole: the printed page is the person's own document. A screen shows
    `masked_id`."""

    id_number: str
    name: str
    sex: str
    birth_date: str
    insurance_type: str
    status: str
    hall: dict[str, str]  # the hall's name by language
    period: Period
    months: tuple[MonthLine, ...]
    entitlements: tuple[EntitlementPeriod, ...]
    terminal: str
    number: str = ""
    issued_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None
    token: str = ""  # the signed statement: the QR code's text
    statement: Statement | None = field(default=None, repr=False)

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def totals(self) -> Totals:
        return totals(self.months)

    def hall_name(self, language: str) -> str:
        return self.hall.get(language) or self.hall.get("zh") or ""


@dataclass(frozen=True)
class PrintedCertificate:
    """A certificate issued and printed: its number and where the printer put it."""

    certificate: Certificate
    where: str  # lp's answer, or the file written (the `file` printer kind)
    kind: str  # the printer kind: "cups" or "file"


def check_certificate(
    text: str, keyring_path: Path, *, now: datetime.datetime, skew_seconds: int = 120
) -> Statement:
    """Verify a certificate's QR text against a keyring (retired keys included).

    CertificateRefused names why it does not verify; KeyringError, why the keyring
    cannot be used."""
    keyring = read_keyring(keyring_path)
    return verify_statement(
        text.strip(), keyring.keys, int(now.timestamp()), skew_seconds, retired=keyring.retired
    )


class CertificateService:
    def __init__(
        self,
        store: Store,
        config: Config,
        now: Callable[[], datetime.datetime],
        keys: Path,
        subject: Callable[[str], str],
        valid_days: int = DEFAULT_VALID_DAYS,
        printing: PrintingService | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.now = now
        self.keys = keys
        # The audit log's keyed hash of an ID number (AccountService.subject).
        self.subject = subject
        self.valid_days = valid_days
        # The hall's printer (Terminal.printing); print_for needs it.
        self.printing = printing

    # --- periods (PeriodError with a catalog key) --------------------------------------

    def last_12_months(self) -> Period:
        return last_months(self.now().date(), 12)

    def year(self, year: int) -> Period:
        return calendar_year(year, self.now().date())

    def between(self, first: str, last: str) -> Period:
        """A range typed as "YYYY-MM" to "YYYY-MM": at most 36 months, in order."""
        return period_between(first, last, self.now().date())

    def years(self, id_number: str) -> list[int]:
        """The calendar years a certificate may be asked for: this year, then the earlier
        years with contributions recorded, newest first."""
        this_year = self.now().year
        with self.store.read() as db:
            recorded = records_store.contribution_years(db, id_number)
        return [this_year, *(year for year in recorded if year < this_year)]

    # --- the certificate -------------------------------------------------------------

    def _hall(self) -> dict[str, str]:
        name = self.config.hall.name
        return {language: local_text(name, language) for language in ("zh", "en", "es")}

    def _read(self, db: Transaction, id_number: str, period: Period) -> Certificate:
        person = records_store.person(db, id_number)
        if person is None:
            raise NotInRegistry(mask_id(id_number))
        months = tuple(
            MonthLine(
                row["month"],
                row["base_cents"] or 0,
                row["employer_cents"] or 0,
                row["individual_cents"] or 0,
                row["status"] == "paid",
            )
            for row in records_store.contributions_between(db, id_number, period.first, period.last)
        )
        entitlements = tuple(
            EntitlementPeriod(
                row["start_date"],
                row["end_date"] or None,
                row["insurance_type"] or "",
                row["status"] or "",
                row["reason"] or "",
            )
            for row in records_store.entitlements_overlapping(
                db, id_number, period.first_day, period.last_day
            )
        )
        return Certificate(
            id_number=id_number,
            name=person["name"],
            sex=person["sex"],
            birth_date=person["birth_date"],
            insurance_type=person["insurance_type"],
            status=person["status"],
            hall=self._hall(),
            period=period,
            months=months,
            entitlements=entitlements,
            terminal=self.config.terminal,
        )

    def preview(self, id_number: str, period: Period) -> Certificate:
        """The facts as they stand, for a screen to show before the person confirms;
        writes nothing. NotInRegistry for an unknown ID number."""
        with self.store.read() as db:
            return self._read(db, id_number, period)

    def issue(self, id_number: str, period: Period, actor: str) -> Certificate:
        """Number, audit and sign a certificate, in one transaction; NotInRegistry for an
        unknown ID number. `actor` is who asked (a citizen's terminal, a clerk, an operator)."""
        from kiosk.domain.voucher import key_id
        from kiosk.services.keys import ensure_keys, signing_key

        ensure_keys(self.keys)
        key = signing_key(self.keys)
        issued = self.now().replace(microsecond=0)
        expires = issued + datetime.timedelta(days=self.valid_days)
        # Signed inside the transaction: a failure leaves neither a number nor an audit row.
        with self.store.write() as db:
            facts = self._read(db, id_number, period)
            secret = registry_store.get_meta(db, "subject_key")
            assert secret is not None, "the database was opened without its migrations"
            number = f"CC{issued:%Y}{certificates_store.next_number(db):07d}"
            statement = Statement(
                number=number,
                hall=facts.hall_name("zh"),
                masked_name=facts.masked_name,
                masked_id=facts.masked_id,
                id_hash=id_hash(bytes.fromhex(secret), id_number),
                sex=facts.sex,
                insurance_type=facts.insurance_type,
                status=facts.status,
                period=period,
                months=facts.months,
                issued_at=int(issued.timestamp()),
                expires_at=int(expires.timestamp()),
                terminal=facts.terminal,
                key_id=key_id(key.public_key()),
            )
            token = sign_statement(statement, key)
            audit.record(
                db,
                actor,
                "certificate:issue",
                mask_id(id_number),
                who=self.subject(id_number)[:16],
                kind=KIND,
                period=f"{period.first}..{period.last}",
                number=number,
            )
        return dataclasses.replace(
            facts,
            number=number,
            issued_at=issued,
            expires_at=expires,
            token=token,
            statement=statement,
        )

    def issue_for(self, session: CitizenSession, period: Period, actor: str) -> Certificate:
        """The logged-in citizen's own certificate (a clerk acting for them passes theirs
        as `actor`)."""
        return self.issue(session.id_number, period, actor)

    def print_for(
        self, session: CitizenSession, period: Period, language: str
    ) -> PrintedCertificate:
        """Issue the citizen's certificate, render it in `language` beside Chinese, and
        print it on the hall's printer: what "Print" on the preview screen does.

        What can be checked before a number is given is checked first (the printer prints
        certificates, the clerk acting is still allowed, the font is there): then
        NotPrinted, and nothing is issued. A printer that fails after the certificate was
        numbered (offline, out of paper, refusing the job) cannot be asked beforehand:
        the number is then void, and one audit row `certificate:void` says so (which
        number, why); nothing is recorded as printed (PrintingService records only prints
        that went through), and NotPrinted carries the printer's message.
        """
        from kiosk.services.certificate_pdf import FontMissing, check_fonts, render_pdf
        from kiosk.services.printing import CERTIFICATE, Document, PrintFailed, can_print
        from kiosk.services.roles import actor_of, current_assistant

        printing = self.printing
        if printing is None or self.config.printer.kind == "none":
            raise NotPrinted("printing.disabled")
        if not can_print(self.config, CERTIFICATE):
            raise NotPrinted("printing.not_supported")
        if session.assisted_by:
            with self.store.read() as db:
                current_assistant(db, session.assisted_by)
        try:
            check_fonts()
        except FontMissing as err:
            raise NotPrinted("certificate.cannot_print", detail=str(err)) from err
        actor = actor_of(session, self.config.terminal)
        issued = self.issue(session.id_number, period, actor)
        try:
            pdf = render_pdf(issued, language)
            printed = printing.print(
                Document(CERTIFICATE, pdf=pdf, period=f"{period.first}..{period.last}"),
                actor=actor,
                subject=mask_id(session.id_number),
            )
        except PrintFailed as failed:
            self.void(issued, actor, failed.key)
            raise NotPrinted(failed.key, issued.number, failed.detail) from failed
        except Exception:
            self.void(issued, actor, "certificate.cannot_print")
            raise
        return PrintedCertificate(issued, printed.where, self.config.printer.kind)

    def void(self, issued: Certificate, actor: str, reason: str) -> None:
        """The number was given but nothing left the terminal (the printer failed, or
        `kiosk certificate issue` could not write its file): say so in the audit log."""
        with self.store.write() as db:
            audit.record(
                db,
                actor,
                "certificate:void",
                issued.masked_id,
                number=issued.number,
                reason=reason,
            )
