"""Printing: one way to print a document (a contributions certificate or an application
slip) on the hall's printer, whatever kind it is (`[printer]` in the configuration).

What each kind prints:

- `cups`: the document's PDF, with `lp -d QUEUE` (certificates and slips).
- `file`: the document's PDF, written into a folder (certificates and slips).
- `escpos`: a thermal receipt printer prints slips (their ESC/POS rendering) only; an A4
  certificate does not fit a receipt roll, and asking for one is refused (`not_supported`).
- `none`: nothing is printed, and the screens hide their print buttons
  (`printing_enabled`).

A printer that cannot be reached, is out of paper or refuses the job raises PrintFailed
with a catalog key; nothing is then recorded as printed. Each print that went through is
one audit row: who, what kind of document, which application or period, on which kind of
printer; never the document's content.
"""

from __future__ import annotations

import datetime
import os
import secrets
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Config, PrinterConfig, local_text
from kiosk.domain.ids import mask_id
from kiosk.domain.slip import Slip, escpos_bytes, slip_pdf
from kiosk.domain.voucher import mask_name
from kiosk.i18n import translate
from kiosk.services import audit
from kiosk.services.clock import now as clock_now
from kiosk.services.roles import actor_of, current_assistant
from kiosk.store import Store
from kiosk.store import family as family_store

CERTIFICATE = "certificate"
SLIP = "slip"

# What each printer kind can print.
PRINTS: dict[str, frozenset[str]] = {
    "none": frozenset(),
    "cups": frozenset({CERTIFICATE, SLIP}),
    "file": frozenset({CERTIFICATE, SLIP}),
    "escpos": frozenset({SLIP}),
}

# How long an ESC/POS printer may take to answer a status query (DLE EOT) before the
# kiosk prints without knowing: not every printer or connection answers.
STATUS_WAIT_SECONDS = 2.0

# The catalog keys a PrintFailed carries.
FAILURES = (
    "printing.disabled",
    "printing.not_supported",
    "printing.offline",
    "printing.no_paper",
    "printing.refused",
    "printing.cannot_make",
)


class PrintFailed(Exception):
    """The document was not printed. `key` names the reason in the catalog (one of
    FAILURES); `detail` is what the printer or `lp` said, for the log and the operator."""

    def __init__(self, key: str, detail: str = "") -> None:
        detail = " ".join(detail.split())  # one line: python-escpos's reasons have breaks
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail

    def message(self, language: str) -> str:
        return translate(language, self.key)


class UnknownApplication(LookupError):
    """No such application (or not one of this holder's)."""

    key = "printing.unknown_application"


@dataclass(frozen=True)
class Document:
    """Something to print. `pdf` is what `cups` and `file` print; `receipt` the ESC/POS
    bytes an `escpos` printer prints (slips have one, certificates none)."""

    what: str  # CERTIFICATE or SLIP
    pdf: bytes | None = None
    receipt: bytes | None = None
    application: str = ""  # a slip's application number
    period: str = ""  # a certificate's period, "2025-01..2025-12" as certificate:issue


@dataclass(frozen=True)
class Printed:
    """Where the document went: `lp`'s answer (the job id), the file written, or the
    printer's address."""

    where: str


def printing_enabled(config: Config) -> bool:
    """Whether this hall prints at all (the screens show their print buttons only then)."""
    return config.printer.kind != "none"


def can_print(config: Config, what: str) -> bool:
    """Whether the configured printer prints this kind of document."""
    return what in PRINTS[config.printer.kind]


class PrintingService:
    def __init__(
        self,
        store: Store,
        config: Config,
        now: Callable[[], datetime.datetime] = clock_now,
    ) -> None:
        self.store = store
        self.config = config
        self.printer = config.printer
        self.folder = config.print_folder
        self.now = now

    def print(self, document: Document, *, actor: str, subject: str) -> Printed:
        """Print the document, then record it in the audit log as printed by `actor`
        for `subject` (a masked ID number). PrintFailed if it did not print."""
        kind = self.printer.kind
        if kind == "none":
            raise PrintFailed("printing.disabled")
        if document.what not in PRINTS[kind]:
            raise PrintFailed("printing.not_supported", f"{document.what} on {kind}")
        if kind == "escpos":
            printed = _print_escpos(self.printer, _needs(document.receipt, "receipt"))
        elif kind == "cups":
            printed = _print_cups(self.printer, _needs(document.pdf, "pdf"), document.what)
        else:
            printed = self._print_file(document)
        details: dict[str, object] = {"printer": kind}
        if document.application:
            details["application"] = document.application
        if document.period:
            details["period"] = document.period
        with self.store.write() as db:
            audit.record(db, actor, f"print:{document.what}", subject, **details)
        return printed

    def slip(self, application_no: str, language: str, holder_id: str | None = None) -> Slip:
        """What the slip of an application says. With `holder_id`, only that holder's own
        applications are found (a citizen's); without, any (an operator's)."""
        return self._slip(application_no, language, holder_id)[0]

    def _slip(self, application_no: str, language: str, holder_id: str | None) -> tuple[Slip, str]:
        with self.store.read() as db:
            row = family_store.application(db, application_no.strip().upper())
        if row is None or (holder_id is not None and row["holder_id"] != holder_id):
            raise UnknownApplication(application_no)
        hall = self.config.hall
        return Slip(
            application_no=row["application_no"],
            member_name=mask_name(row["member_name"]),
            relationship=row["relationship"],
            date=row["submitted_at"][:10],
            status=row["status"],
            hall_name=local_text(hall.name, language),
            hotline=hall.hotline,
            website=hall.website,
            language=language,
        ), row["holder_id"]

    def slip_document(self, slip: Slip) -> Document:
        """The slip rendered for this hall's printer: ESC/POS bytes, or a PDF."""
        if self.printer.kind == "escpos":
            receipt = escpos_bytes(slip, self.printer.columns)
            return Document(SLIP, receipt=receipt, application=slip.application_no)
        try:
            pdf = slip_pdf(slip)
        except FileNotFoundError as err:  # the CJK font (Debian's fonts-noto-cjk)
            raise PrintFailed(
                "printing.cannot_make", f"{err} (Debian package fonts-noto-cjk)"
            ) from err
        return Document(SLIP, pdf=pdf, application=slip.application_no)

    def print_slip(self, session: object, application_no: str, language: str) -> Printed:
        """A citizen's slip for one of their applications (a clerk's, acting for them).
        UnknownApplication, PrintFailed."""
        holder_id: str = getattr(session, "id_number")  # noqa: B009 - a CitizenSession
        assisted_by: str = getattr(session, "assisted_by", "")
        if assisted_by:
            with self.store.read() as db:
                current_assistant(db, assisted_by)
        slip = self.slip(application_no, language, holder_id)
        return self.print(
            self.slip_document(slip),
            actor=actor_of(session, self.config.terminal),
            subject=mask_id(holder_id),
        )

    def print_slip_as_operator(self, application_no: str, operator: str) -> Printed:
        """`kiosk slip print`: any application, in the hall's language."""
        slip, holder_id = self._slip(application_no, self.config.language, None)
        return self.print(self.slip_document(slip), actor=operator, subject=mask_id(holder_id))

    def _print_file(self, document: Document) -> Printed:
        """Into the folder, whole or not at all (a temporary file renamed), under a name
        nobody else has: what, when, which application or period, a random tag."""
        pdf = _needs(document.pdf, "pdf")
        moment = self.now().strftime("%Y%m%d-%H%M%S")
        about = document.application or document.period.replace("..", "-")
        stem = "-".join(part for part in (document.what, moment, about) if part)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            return Printed(str(_write_new(self.folder, stem, pdf)))
        except OSError as err:
            raise PrintFailed("printing.offline", f"{self.folder}: {err.strerror}") from err


def _needs(content: bytes | None, name: str) -> bytes:
    if content is None:
        raise ValueError(f"this printer prints the document's {name}, and it has none")
    return content


def _write_new(folder: Path, stem: str, content: bytes) -> Path:
    fd, temporary = _temporary(folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        while True:
            path = folder / f"{stem}-{secrets.token_hex(3)}.pdf"
            try:
                os.link(temporary, path)  # never replaces a file that is there
            except FileExistsError:
                continue
            return path
    finally:
        os.unlink(temporary)


def _temporary(folder: Path) -> tuple[int, Path]:
    while True:
        path = folder / f".printing-{secrets.token_hex(8)}.part"
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), path
        except FileExistsError:
            continue


def _print_cups(printer: PrinterConfig, pdf: bytes, what: str) -> Printed:
    """`lp -d QUEUE` with the PDF on its standard input. CUPS then owns the job: `lp`
    answering means the queue accepted it (paper problems show in CUPS's queue)."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailed("printing.offline", "lp (CUPS's client, Debian's cups-client) not found")
    try:
        done = subprocess.run(
            [lp, "-d", printer.queue, "-t", f"hall-kiosk {what}"],
            input=pdf,
            capture_output=True,
            timeout=printer.timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise PrintFailed("printing.offline", f"lp gave no answer in {err.timeout} s") from err
    except OSError as err:
        raise PrintFailed("printing.offline", f"lp: {err.strerror}") from err
    said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise PrintFailed("printing.refused", said or f"lp exited with {done.returncode}")
    return Printed(said or printer.queue)


def _escpos_printer(printer: PrinterConfig) -> Any:
    """python-escpos's printer for the configured connection (not yet opened)."""
    if printer.connection == "network":
        from escpos.printer import Network

        return Network(printer.host, printer.port, timeout=printer.timeout_seconds)
    if printer.connection == "usb":
        from escpos.printer import Usb

        return Usb(
            printer.usb_vendor_id,
            printer.usb_product_id,
            timeout=printer.timeout_seconds * 1000,  # pyusb counts milliseconds
        )
    from escpos.printer import Serial

    return Serial(printer.device, printer.baudrate, timeout=printer.timeout_seconds)


def _where(printer: PrinterConfig) -> str:
    if printer.connection == "network":
        return f"{printer.host}:{printer.port}"
    if printer.connection == "usb":
        return f"usb {printer.usb_vendor_id:04x}:{printer.usb_product_id:04x}"
    return printer.device


def _print_escpos(printer: PrinterConfig, receipt: bytes) -> Printed:
    from escpos.exceptions import Error as EscposError

    where = _where(printer)
    device = _escpos_printer(printer)
    try:
        try:
            device.open()
        except (EscposError, OSError) as err:
            raise PrintFailed("printing.offline", f"{where}: {err}") from err
        _check_status(device, where)
        try:
            device._raw(receipt)  # the slip, rendered once (kiosk.domain.slip)
        except OSError as err:
            raise PrintFailed("printing.offline", f"{where}: {err}") from err
    finally:
        try:
            device.close()
        except (EscposError, OSError):
            pass
    return Printed(where)


def _check_status(device: Any, where: str) -> None:
    """Ask the printer whether it is online and has paper (ESC/POS real-time status,
    DLE EOT 1 and DLE EOT 4, read as python-escpos reads them). A printer or connection
    that does not answer within STATUS_WAIT_SECONDS is printed to without knowing."""
    from escpos.constants import (
        RT_MASK_NOPAPER,
        RT_MASK_ONLINE,
        RT_STATUS_ONLINE,
        RT_STATUS_PAPER,
    )

    online = _ask(device, RT_STATUS_ONLINE)
    if online is not None and online & RT_MASK_ONLINE:
        raise PrintFailed("printing.offline", f"{where}: the printer reports it is offline")
    paper = _ask(device, RT_STATUS_PAPER)
    if paper is not None and paper & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
        raise PrintFailed("printing.no_paper", f"{where}: the printer reports no paper")


def _ask(device: Any, query: bytes) -> int | None:
    """The printer's status byte, or None when it says nothing within the wait."""
    connection = device.device
    restore = _wait_for_answer(connection, STATUS_WAIT_SECONDS)
    try:
        if _is_serial(connection):
            # The answer to DLE EOT n is one byte. python-escpos's query_status reads 16,
            # and pyserial waits the whole wait for the 15 that never come.
            device._raw(query)
            answer: bytes = connection.read(1)
        else:
            answer = device.query_status(query)  # a socket or USB returns what came
    except (OSError, NotImplementedError):
        return None
    finally:
        restore()
    return answer[-1] if answer else None


def _is_serial(connection: Any) -> bool:
    return hasattr(connection, "port") and hasattr(connection, "timeout")  # pyserial


def _wait_for_answer(connection: Any, seconds: float) -> Callable[[], None]:
    """Make a read on a socket or a serial port wait at most `seconds` for a status
    answer; returns what puts the connection's own wait back."""
    if hasattr(connection, "settimeout"):  # a socket
        old: float | None = connection.gettimeout()
        connection.settimeout(seconds)
        return lambda: connection.settimeout(old)
    if _is_serial(connection):
        saved = connection.timeout
        connection.timeout = seconds
        return lambda: setattr(connection, "timeout", saved)
    return lambda: None  # USB: python-escpos reads with the printer's own timeout
