"""The central office: its PostgreSQL schema, its halls, its registry (docs/central.md).

Every command takes the administrator's --url (postgresql://user:password@host:port/db);
the central's code lives in kiosk/central and is imported only when a command runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kiosk.cli.registry import import_files, registry_files

URL_HELP = "The central database, as postgresql://USER:PASSWORD@HOST:PORT/DATABASE."


def _fail(err: Exception) -> click.ClickException:
    return click.ClickException(str(err))


@click.group()
def central() -> None:
    """The central office's PostgreSQL database."""


@central.command("init")
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
def central_init(url: str) -> None:
    """Create the central schema, or bring it up to date. Running it again changes nothing."""
    from kiosk.central.db import CentralError
    from kiosk.central.schema import migrate

    try:
        applied = migrate(url)
    except CentralError as err:
        raise _fail(err) from None
    if applied:
        click.echo(f"central schema: applied {', '.join(applied)}")
    else:
        click.echo("central schema: up to date")


@central.group("hall")
def central_hall() -> None:
    """The halls that sync with the central office."""


@central_hall.command("add")
@click.argument("hall")
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the hall's [central] configuration to this file (mode 0600), not the screen.",
)
def central_hall_add(hall: str, url: str, out_file: Path | None) -> None:
    """Register HALL: it gets its own PostgreSQL role with a new password, which can write
    only its own hall's rows and read the registry. Prints the [central] section the hall
    puts in its configuration (it holds the password: keep it like one)."""
    from kiosk.central.db import CentralError
    from kiosk.services.central import add_hall

    try:
        access = add_hall(url, hall)
    except CentralError as err:
        raise _fail(err) from None
    text = access.config_text()
    if out_file is None:
        click.echo(text, nl=False)
        return
    descriptor = os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file was there before
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    click.echo(f"hall {hall} registered; its [central] configuration is in {out_file}")


@central.group("registry")
def central_registry() -> None:
    """The insurance registry at the central office."""


@central_registry.command("import")
@registry_files
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
def central_registry_import(
    persons: Path,
    ledger: Path | None,
    contributions: Path | None,
    entitlements: Path | None,
    url: str,
) -> None:
    """Import PERSONS.csv (and the other files) into the central registry.

    The same files, row checks and messages as `kiosk registry import`: refused rows
    are listed with their line number and reason. Each file's valid rows are copied
    into a staging table and merged in one transaction; a row whose values did not
    change keeps its change number, so halls pull only what changed. Importing the
    same files twice changes nothing.
    """
    from kiosk.central.db import CentralError
    from kiosk.services.central import import_registry_file, require_current_schema
    from kiosk.services.registry_import import ImportFileError

    files: list[tuple[str, Path | None]] = [
        ("persons", persons),
        ("ledger", ledger),
        ("contributions", contributions),
        ("entitlements", entitlements),
    ]
    try:
        require_current_schema(url)
        refused_any = import_files(files, url, import_registry_file)
    except (CentralError, ImportFileError) as err:
        raise _fail(err) from None
    sys.exit(1 if refused_any else 0)


@central.group("review")
def central_review() -> None:
    """Family applications, decided at the central office."""


@central_review.command("decide")
@click.argument("application")
@click.argument("verdict", type=click.Choice(["approve", "reject"]))
@click.option("--reason", help="Why (needed to reject: 4 to 200 characters).")
@click.option(
    "--hall", help="The hall the application was made in, if more than one has its number."
)
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
def central_review_decide(
    application: str, verdict: str, reason: str | None, hall: str | None, url: str
) -> None:
    """Approve or reject APPLICATION (its number, e.g. FA20261125000001).

    The first decision the central accepts wins, the hall's or this one: when the
    application was already decided the other way, this one is refused (and kept on
    record), exit 1. The hall shows the central's decision after its next sync round.
    """
    from kiosk.central.db import CentralError
    from kiosk.services.central_review import decide

    try:
        decision = decide(url, application, verdict, reason, hall)
    except CentralError as err:
        raise _fail(err) from None
    word = {"active": "approved", "rejected": "rejected"}[decision.status]
    if decision.refused:
        raise click.ClickException(
            f"refused: application {application} was already {word} by {decision.decided_by}"
        )
    click.echo(f"application {application} (hall {decision.hall}) {word} by {decision.decided_by}")


@central_review.command("show")
@click.argument("application")
@click.option(
    "--hall", help="The hall the application was made in, if more than one has its number."
)
@click.option(
    "--pages-to",
    "pages_to",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the page images to this folder (each file mode 0600).",
)
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
def central_review_show(
    application: str, hall: str | None, pages_to: Path | None, url: str
) -> None:
    """What a supervisor sees of APPLICATION as it reached the central: who asked, for
    whom (ID numbers masked), the letter, whether the signature's digest and each page's
    digest verify, and the decision that stands, if any."""
    from kiosk.central.db import CentralError
    from kiosk.domain.text import strip_controls
    from kiosk.services.central_review import show, write_pages

    try:
        app = show(url, application, hall)
    except CentralError as err:
        raise _fail(err) from None

    def checked(ok: bool) -> str:
        return "verified" if ok else "DOES NOT VERIFY"

    click.echo(f"application {app.application_no} (hall {app.hall}): {app.status}")
    click.echo(f"  holder: {app.holder_masked}")
    click.echo(f"  member: {app.member_name} {app.member_masked} ({app.relationship})")
    click.echo(
        f"  submitted: {app.submitted_at} at terminal {app.terminal} ({app.submitted_status})"
    )
    if app.countersigned_by:
        click.echo(f"  countersigned by: {app.countersigned_by}")
    if app.age_gap_confirmed:
        click.echo("  age gap: confirmed by the holder")
    click.echo(f"  letter: {checked(app.letter_verified)}")
    for line in app.letter_text.splitlines():
        click.echo(f"    | {strip_controls(line)}")
    click.echo(f"  signature: {checked(app.signature_verified)}")
    click.echo(f"  pages: {len(app.pages)}")
    for page in app.pages:
        click.echo(
            f"    page {page.seq}: {page.media_type} {page.width}x{page.height}, "
            f"{len(page.content)} bytes, sha256 {checked(page.verified)}"
        )
    decision = app.decision
    if decision is None:
        click.echo("  decision: none yet")
    else:
        word = {"active": "approved", "rejected": "rejected"}.get(
            decision["status"], decision["status"]
        )
        at = decision["decided_at"].isoformat(timespec="seconds")
        line = f"  decision: {word} by {decision['decided_by']} at {at}"
        if decision["reason"]:
            line += f": {strip_controls(decision['reason'])}"
        click.echo(line)
    if pages_to is not None:
        written = write_pages(app, pages_to)
        click.echo(f"  {len(written)} pages written to {pages_to}")
    bad = not (app.letter_verified and app.signature_verified)
    bad = bad or not all(page.verified for page in app.pages)
    sys.exit(1 if bad else 0)


@central.command("status")
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
def central_status(url: str) -> None:
    """Every hall: its last round (and a refusal in it), what it has sent (events, account
    changes, audit rows), and whether its audit chain holds as received."""
    from kiosk.central.db import CentralError
    from kiosk.services.audit import describe_break
    from kiosk.services.central_status import halls_status

    try:
        reports = halls_status(url)
    except CentralError as err:
        raise _fail(err) from None
    if not reports:
        click.echo("no halls registered")
    for report in reports:
        status, chain = report.status, report.chain
        last = status.last_round.isoformat(timespec="seconds") if status.last_round else "none yet"
        click.echo(f"hall {status.hall}: last round {last}")
        if status.last_refused:
            click.echo(f"  refused in that round: {status.last_refused}")
        click.echo(
            f"  sent: {status.events} events, {status.account_changes} account changes, "
            f"{status.audit_rows} audit rows"
        )
        if chain.broken is None:
            click.echo(f"  audit chain: holds ({chain.rows} rows)")
        else:
            why = describe_break(chain.broken)
            click.echo(f"  audit chain: broken at row {chain.broken.seq}: {why}")


@central.group("audit")
def central_audit() -> None:
    """The halls' audit logs as the central office received them."""


@central_audit.command("verify")
@click.option("--url", required=True, envvar="KIOSK_CENTRAL_URL", help=URL_HELP)
@click.option("--hall", help="Only this hall (default: every hall).")
def central_audit_verify(url: str, hall: str | None) -> None:
    """Check each hall's hash chain as received; exit 1 naming the hall and the first row
    that does not hold, as `kiosk audit verify` does at the hall."""
    from kiosk.central.db import CentralError
    from kiosk.services.audit import describe_break
    from kiosk.services.central_status import verify_chains

    try:
        reports = verify_chains(url, hall)
    except CentralError as err:
        raise _fail(err) from None
    broken = False
    for report in reports:
        if report.broken is None:
            click.echo(f"hall {report.hall}: audit chain intact: {report.rows} rows received")
        else:
            broken = True
            why = describe_break(report.broken)
            click.echo(
                f"hall {report.hall}: audit chain broken at row {report.broken.seq}: {why}",
                err=True,
            )
    sys.exit(1 if broken else 0)


COMMANDS = (central,)
