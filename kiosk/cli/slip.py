"""Application slips for an operator: `kiosk slip print APPLICATION`."""

from __future__ import annotations

import click

from kiosk.cli.common import common_options, open_terminal, operator_name
from kiosk.i18n import translate


@click.group()
def slip() -> None:
    """Application slips (printed on the printer in [printer])."""


@slip.command("print")
@common_options
@click.argument("application")
def slip_print(application: str, db: str | None, config_file: str | None) -> None:
    """Print the slip of APPLICATION (an application number, FA...) in the hall's language.

    Exit 0 with where it went (lp's job, the file, the printer's address), or exit 1
    with one line naming why nothing was printed. Every print is in the audit log.
    """
    from kiosk.services.printing import PrintFailed, UnknownApplication

    terminal = open_terminal(db, config_file)
    try:
        printed = terminal.printing.print_slip_as_operator(application, operator_name())
    except UnknownApplication:
        raise click.ClickException(translate("en", "printing.unknown_application")) from None
    except PrintFailed as err:
        said = f" ({err.detail})" if err.detail else ""
        raise click.ClickException(err.message("en") + said) from None
    finally:
        terminal.close()
    click.echo(f"printed: {printed.where}")


COMMANDS = (slip,)
