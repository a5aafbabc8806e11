"""The central office: its PostgreSQL schema, its halls, its registry (docs/central.md).

Every command takes the administrator's --url (postgresql://user:password@host:port/db);
the central's code lives in kiosk/central and is imported only when a command runs.
"""

from __future__ import annotations

import click

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


COMMANDS = (central,)
