"""`kiosk sync`: the hall's rounds with the central office (the [central] configuration)."""

from __future__ import annotations

import time

import click

from kiosk.cli.common import common_options, load_config
from kiosk.config import Config


@click.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="One round, then exit (default: rounds forever).")
@click.option(
    "--background",
    is_flag=True,
    hidden=True,
    help="The round runner of kiosk serve / kiosk run: rounds forever, failures to the log.",
)
@click.option("--parent", type=int, hidden=True, help="End when this process ends.")
@common_options
@click.pass_context
def sync(
    ctx: click.Context,
    once: bool,
    db: str | None,
    config_file: str | None,
    background: bool = False,
    parent: int | None = None,
) -> None:
    """Send what waits to the central office, then take what changed there: one round with
    --once, or a round every [central] interval_seconds. A round pushes the outbox's events,
    the account changes made at this hall and the audit log's new rows (each is marked sent
    only after the central committed it, and a resent one is taken once), then pulls
    registry rows, accounts changed on other channels and decisions on this hall's
    applications, page by page; an interrupted pull resumes.

    Exit 1 with one line when the central cannot be reached or refuses a batch (an audit
    row that does not continue the hall's chain is named by its number).
    """
    if ctx.invoked_subcommand is not None:
        return
    from kiosk.central.db import CentralError
    from kiosk.services.database import open_database
    from kiosk.services.errors import RecordsUnusable
    from kiosk.services.sync import SyncNotConfigured, sync_round

    config = load_config(config_file, db=db)
    if background:
        _background(config, parent)
        return
    try:
        store = open_database(config.database)
    except RecordsUnusable as err:
        raise click.ClickException(str(err)) from None
    try:
        while True:
            try:
                report = sync_round(store, config)
            except SyncNotConfigured as err:
                raise click.ClickException(str(err)) from None
            except CentralError as err:
                if once:
                    raise click.ClickException(str(err)) from None
                click.echo(f"sync: {err}", err=True)  # the next round tries again
            else:
                events = report.events
                if once or events.sent or events.already_there:
                    click.echo(
                        f"sync: {events.sent} events sent, "
                        f"{events.already_there} already at the central"
                    )
                for noun, sent, again in (
                    ("account changes", report.account_changes, report.account_changes_again),
                    ("audit rows", report.audit_rows, report.audit_rows_again),
                ):
                    if sent or again:
                        click.echo(f"sync: {sent} {noun} sent, {again} already at the central")
                pulled = report.pulled
                if pulled is not None and pulled.anything:
                    click.echo(
                        f"sync: {pulled.registry_rows} registry rows came down "
                        f"(cursor {pulled.registry_cursor}), {pulled.accounts} account changes, "
                        f"{pulled.decisions} decisions applied"
                    )
                if report.refused is not None:
                    if once:
                        raise click.ClickException(str(report.refused))
                    click.echo(f"sync: {report.refused}", err=True)
            if once:
                return
            time.sleep(config.central.interval_seconds)
    finally:
        store.close()


def _background(config: Config, parent: int | None) -> None:
    """The hall machine's round runner (kiosk/services/background_sync.py)."""
    from kiosk import logs
    from kiosk.cli.run import end_with_parent
    from kiosk.services.background_sync import rounds_forever

    if parent is not None:
        end_with_parent(parent)
    logs.configure(config.log_path)
    if not config.central.configured:
        raise click.ClickException("no [central] section in the configuration")
    rounds_forever(config)


@sync.command("status")
@common_options
def sync_status(db: str | None, config_file: str | None) -> None:
    """What waits to go up to the central office (how many, the oldest, per kind), the last
    round that went through, the central's refusal if one stands, and the registry's change
    cursor. Reads the hall's file only: no connection to the central."""
    from kiosk.services.database import open_database
    from kiosk.services.errors import RecordsUnusable
    from kiosk.services.sync_status import status

    config = load_config(config_file, db=db)
    try:
        store = open_database(config.database)
    except RecordsUnusable as err:
        raise click.ClickException(str(err)) from None
    try:
        report = status(store)
    finally:
        store.close()
    if not config.central.configured:
        click.echo("central office: not configured (no [central] section)")
    else:
        click.echo(f"central office: hall {config.central.hall}")
    click.echo(f"waiting to go up: {report.waiting}")
    for noun, waiting in (
        ("events", report.events),
        ("account changes", report.account_changes),
        ("audit rows", report.audit_rows),
    ):
        oldest = f" (oldest {waiting.oldest})" if waiting.count else ""
        click.echo(f"  {noun}: {waiting.count}{oldest}")
    last = report.last_round
    if last is None:
        click.echo("last round: none yet")
    else:
        click.echo(
            f"last round: {last['at']}: sent {last['events']} events, "
            f"{last['account_changes']} account changes, {last['audit_rows']} audit rows"
        )
    if report.refusal is not None:
        click.echo(f"refused: {report.refusal['at']}: {report.refusal['message']}")
    if report.last_failure is not None:
        failure = report.last_failure
        click.echo(f"last try failed: {failure['at']}: {failure['message']}")
    click.echo(f"registry cursor: {report.registry_cursor or 'none yet'}")


COMMANDS = (sync,)
