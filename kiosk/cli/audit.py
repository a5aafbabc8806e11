"""The audit log: verify its hash chain, export a signed head."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.cli.common import common_options, open_terminal


@click.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@common_options
@click.option(
    "--head",
    "head_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A head exported earlier: the log must still reach it unchanged.",
)
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Keyring or exported key line for --head (default: this terminal's keyring).",
)
def audit_verify(
    db: str | None, config_file: str | None, head_file: Path | None, public_key: Path | None
) -> None:
    """Check the whole hash chain; exit 1 naming the first row that does not hold."""
    from kiosk.domain.audit_head import HeadRefused
    from kiosk.services.audit import check_head, describe_break, verify
    from kiosk.services.keys import KEYRING, KeyringError, keys_folder

    terminal = open_terminal(db, config_file, read_only=True)
    try:
        report = verify(terminal.store)
        against_head = None
        if head_file is not None:
            keyring = public_key or keys_folder(terminal.config.database) / KEYRING
            try:
                against_head = check_head(
                    terminal.store, head_file.read_text(encoding="utf-8"), keyring
                )
            except (HeadRefused, UnicodeDecodeError, OSError) as refused:
                why = "not a head file" if isinstance(refused, UnicodeDecodeError) else refused
                raise click.ClickException(f"head file refused: {why}") from None
            except KeyringError as refused:
                raise click.ClickException(f"key file {keyring}: {refused}") from None
    finally:
        terminal.close()
    if report.broken is None and against_head is None:
        reached = " and reaches the exported head" if head_file else ""
        click.echo(f"audit log intact: {report.rows} rows, chain verified{reached}")
        return
    if report.broken is not None:
        why = describe_break(report.broken)
        click.echo(f"audit log broken at row {report.broken.seq}: {why}", err=True)
    if against_head is not None:
        click.echo(f"audit log broken: {against_head}", err=True)
    sys.exit(1)


@audit.command("export-head")
@common_options
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the head here (default: standard output).",
)
def audit_export_head(db: str | None, config_file: str | None, out_file: Path | None) -> None:
    """Sign the chain's last row with this terminal's key; keep the file off this machine."""
    from kiosk.services.audit import export_head
    from kiosk.services.keys import keys_folder

    terminal = open_terminal(db, config_file)
    try:
        text = export_head(
            terminal.store, keys_folder(terminal.config.database), terminal.config.terminal
        )
    finally:
        terminal.close()
    if out_file is None:
        click.echo(text, nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")
        click.echo(f"Head written to {out_file}", err=True)


COMMANDS = (audit,)
