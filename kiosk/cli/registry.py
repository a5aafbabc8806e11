"""The insurance registry: importing the office's CSV files."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kiosk.cli.common import common_options, load_config
from kiosk.i18n import translate


@click.group()
def registry() -> None:
    """The insurance registry."""


def registry_files(func: Callable) -> Callable:
    """PERSONS.csv and --ledger/--contributions/--entitlements: the registry's files, the
    same for the hall's import and the central office's (kiosk/cli/central.py)."""
    for option in reversed(
        [
            click.argument("persons", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option(
                "--ledger",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Personal-account ledger CSV.",
            ),
            click.option(
                "--contributions",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Contribution records CSV.",
            ),
            click.option(
                "--entitlements",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="Entitlement records CSV.",
            ),
        ]
    ):
        func = option(func)
    return func


def import_files(files: list[tuple[str, Path | None]], target: Any, import_file: Callable) -> bool:
    """Import each file given with `import_file(target, kind, path, progress=...)` and print
    its refusals (stderr) and counts; returns whether any row was refused."""
    refused_any = False
    for kind, path in files:
        if path is None:
            continue
        report = _import_with_progress(target, kind, path, import_file)
        for error in report.refused:
            column = f" [{error.column}]" if error.column else ""
            click.echo(
                f"{path.name}: line {error.line}{column}: "
                f"{translate('en', error.key, **dict(error.values))}",
                err=True,
            )
        refused_any = refused_any or bool(report.refused)
        click.echo(
            f"{kind}: {report.rows} rows, {report.written} added or changed, "
            f"{report.unchanged} unchanged, {len(report.refused)} refused"
        )
    return refused_any


@registry.command("import")
@common_options
@registry_files
def registry_import(
    persons: Path,
    ledger: Path | None,
    contributions: Path | None,
    entitlements: Path | None,
    db: str | None,
    config_file: str | None,
) -> None:
    """Import PERSONS.csv (and the other files) into the registry.

    Refused rows are listed with their line number and reason; the valid rows go in
    chunk by chunk, so kiosks keep working, and an interrupted import run again on
    the same files goes on where it stopped. Importing the same files twice changes
    nothing.
    """
    from kiosk.services.database import open_database
    from kiosk.services.registry_import import ImportFileError, import_file

    config = load_config(config_file, db=db)
    store = open_database(config.database, create=True)
    files: list[tuple[str, Path | None]] = [
        ("persons", persons),
        ("ledger", ledger),
        ("contributions", contributions),
        ("entitlements", entitlements),
    ]
    try:
        refused_any = import_files(files, store, import_file)
    except ImportFileError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()
    sys.exit(1 if refused_any else 0)


def _import_with_progress(target: Any, kind: str, path: Path, import_file: Callable) -> Any:
    # A bar only for big files: counting lines first costs a pass over the file.
    if path.stat().st_size < 1_000_000:
        return import_file(target, kind, path)
    from kiosk.services.registry_import import count_lines

    lines = max(count_lines(path) - 1, 0)  # read in pieces: a huge line is never held
    rate: list[float] = []  # [when this run's first chunk went in, lines before it]

    def rows_per_second(_: object) -> str | None:
        return None if not rate else f"{rate[2]:,.0f} rows/s"

    with click.progressbar(
        length=lines,
        label=f"Importing {path.name}",
        file=sys.stderr,
        show_eta=True,
        item_show_func=rows_per_second,
    ) as bar:

        def advance(read: int) -> None:
            # A resumed import first jumps to where it stopped: the rate counts from there.
            now = time.monotonic()
            if not rate:
                rate.extend([now, bar.pos + read, 0.0])
            elif now > rate[0]:
                rate[2] = (bar.pos + read - rate[1]) / (now - rate[0])
            bar.update(read)

        return import_file(target, kind, path, progress=advance)


COMMANDS = (registry,)
