"""`kiosk sync`: the hall's rounds with the central office (the [central] configuration)."""

from __future__ import annotations

import time

import click

from kiosk.cli.common import common_options, load_config


@click.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="One round, then exit (default: rounds forever).")
@common_options
@click.pass_context
def sync(ctx: click.Context, once: bool, db: str | None, config_file: str | None) -> None:
    """Send what waits in the outbox to the central office: one round with --once, or a
    round every [central] interval_seconds. A round pushes the outbox's events (each is
    marked sent only after the central committed it, and a resent one is taken once), then
    pulls what changed at the central: registry rows, accounts changed on other channels,
    decisions on this hall's applications, page by page; an interrupted pull resumes.

    Exit 1 with one line when the central cannot be reached or refuses a batch.
    """
    if ctx.invoked_subcommand is not None:
        return
    from kiosk.central.db import CentralError
    from kiosk.services.database import open_database
    from kiosk.services.errors import RecordsUnusable
    from kiosk.services.sync import SyncNotConfigured, sync_round

    config = load_config(config_file, db=db)
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
                if once or report.sent or report.already_there:
                    click.echo(
                        f"sync: {report.sent} events sent, "
                        f"{report.already_there} already at the central"
                    )
                pulled = report.pulled
                if pulled is not None and pulled.anything:
                    click.echo(
                        f"sync: {pulled.registry_rows} registry rows came down "
                        f"(cursor {pulled.registry_cursor}), {pulled.accounts} account changes, "
                        f"{pulled.decisions} decisions applied"
                    )
            if once:
                return
            time.sleep(config.central.interval_seconds)
    finally:
        store.close()


COMMANDS = (sync,)
