"""`kiosk certificate`: issue a contributions certificate as an operator, and verify the
signed statement in a certificate's QR code as whoever receives it would."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kiosk.cli.common import (
    common_options,
    keyring_for,
    load_config,
    open_terminal,
    operator_name,
    read_payload,
    refuse,
)

if TYPE_CHECKING:
    from kiosk.domain.certificate import Statement


@click.group()
def certificate() -> None:
    """Contributions certificates: issue one as a PDF, verify one's QR code."""


def _facts(statement: Statement) -> list[str]:
    import datetime

    from kiosk.domain.money import format_cents
    from kiosk.domain.text import escape_controls

    def when(seconds: int) -> str:
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat()

    totals = statement.totals
    plain = escape_controls
    return [
        f"valid: certificate {plain(statement.number)} for {plain(statement.masked_name)}",
        f"  hall: {plain(statement.hall)}",
        f"  ID number: {plain(statement.masked_id)}",
        f"  sex: {plain(statement.sex)}, insurance: {plain(statement.insurance_type)}, "
        f"status: {plain(statement.status)}",
        f"  period: {statement.period.first} to {statement.period.last}, "
        f"{len(statement.months)} months recorded",
        f"  base: {format_cents(totals.base_cents, '')}",
        f"  employer: {format_cents(totals.employer_cents, '')}",
        f"  individual: {format_cents(totals.individual_cents, '')}",
        f"  contributions: {format_cents(totals.contributions_cents, '')}",
        f"  months in arrears: {totals.arrears_months}",
        f"  issued at: {when(statement.issued_at)}",
        f"  terminal: {plain(statement.terminal)}",
        f"  valid until: {when(statement.expires_at)}",
        f"  key: {plain(statement.key_id)}",
    ]


@certificate.command("verify")
@common_options
@click.argument("payload", required=False, default="-")
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(path_type=Path),
    help="Keyring file or exported key lines (default: the keyring beside the "
    "database, keys/public-keys.json).",
)
def certificate_verify(
    payload: str, public_key: Path | None, db: str | None, config_file: str | None
) -> None:
    """Verify the QR text PAYLOAD of a certificate (or standard input with -): exit 0 with
    the facts it states, or 1 with one line naming why it is refused.

    Never makes a key: without --public-key it reads the keyring beside the database."""
    import datetime

    from kiosk.services.certificates import CertificateRefused, KeyringError, check_certificate

    text = read_payload(payload)
    config = load_config(config_file, db=db)
    keyring = keyring_for(public_key, config)
    try:
        statement = check_certificate(
            text,
            keyring,
            now=datetime.datetime.now(datetime.UTC),
            skew_seconds=config.voucher.skew_seconds,
        )
    except KeyringError as err:
        refuse(f"key file {keyring.absolute()}: {err}")
    except CertificateRefused as refused:
        refuse(refused.reason)
    for line in _facts(statement):
        click.echo(line)


def _write(out: Path, data: bytes) -> None:
    """The file whole or not at all, readable by the operator only (the paper carries
    the whole ID number): a new temporary file beside it (mkstemp: 0600, a fresh name),
    then renamed over it."""
    descriptor, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".new", dir=out.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)


@certificate.command("issue")
@common_options
@click.argument("id_number")
@click.option("--from", "first", required=True, metavar="YYYY-MM", help="First month.")
@click.option("--to", "last", required=True, metavar="YYYY-MM", help="Last month (at most 36).")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en", "es"]),
    help="The citizen's language, printed beside Chinese (default: the hall's language).",
)
def certificate_issue(
    id_number: str,
    first: str,
    last: str,
    out: Path,
    lang: str | None,
    db: str | None,
    config_file: str | None,
) -> None:
    """Issue a contributions certificate for ID_NUMBER from --from through --to, as an
    operator: numbered, recorded in the audit log, written as an A4 PDF with its QR code."""
    from kiosk.domain.ids import InvalidIdNumber, mask_id, parse_id
    from kiosk.i18n import translate
    from kiosk.services.certificate_pdf import FontMissing, check_fonts, render_pdf
    from kiosk.services.certificates import NotInRegistry, PeriodError

    config = load_config(config_file, db=db, lang=lang)
    language = config.language
    try:
        number = parse_id(id_number).number
    except InvalidIdNumber:
        raise click.ClickException("not a valid ID number") from None
    if not out.parent.is_dir():
        raise click.ClickException(f"no folder {out.parent} for --out")
    try:
        check_fonts()
    except FontMissing as err:
        raise click.ClickException(str(err)) from None
    terminal = open_terminal(db, config_file)
    try:
        period = terminal.certificates.between(first, last)
        issued = terminal.certificates.issue(number, period, actor=operator_name())
    except PeriodError as err:
        raise click.ClickException(translate(language, err.key, **err.values)) from None
    except NotInRegistry:
        raise click.ClickException(f"{mask_id(number)} is not in the registry") from None
    finally:
        terminal.close()
    try:
        _write(out, render_pdf(issued, language))
    except Exception as err:
        # The number was given: say in the audit log that no paper carries it.
        terminal = open_terminal(db, config_file)
        try:
            terminal.certificates.void(issued, operator_name(), "certificate.cannot_print")
        finally:
            terminal.close()
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise click.ClickException(
            f"{out} could not be written ({reason}): certificate {issued.number} is void"
        ) from None
    click.echo(
        f"certificate {issued.number} for {issued.masked_id}, "
        f"{period.first} to {period.last}: {out}"
    )


COMMANDS = (certificate,)
