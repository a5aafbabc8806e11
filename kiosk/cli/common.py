"""What every topic of the `kiosk` command shares: --db/--config, the configuration,
the terminal with its database open, and who ran the command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from kiosk import config as config_module
from kiosk.config import Config, ConfigError


def load_config(config_file: str | None, **flags: Any) -> Config:
    try:
        config = config_module.load(config_file)
        if flags.get("db"):
            config = config.replace(database=Path(flags["db"]))
        if flags.get("lang"):
            config = config.replace(language=config_module.language(flags["lang"], "--lang"))
        if flags.get("mode"):
            config = config.replace(mode=flags["mode"])
        if flags.get("dev"):
            config = config.replace(dev=True)
        if flags.get("touch") is not None:
            config = config.replace(touch=flags["touch"])
    except ConfigError as err:
        raise click.ClickException(f"configuration error in {err.field}: {err.problem}") from None
    return config


def common_options(func: Callable) -> Callable:
    """--db and --config, shared by every command that touches the database."""

    @click.option(
        "--db",
        type=click.Path(dir_okay=False),
        envvar="KIOSK_DB",
        help="Database file (default data/kiosk.db; env KIOSK_DB).",
    )
    @click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        envvar="KIOSK_CONFIG",
        help="TOML configuration file (env KIOSK_CONFIG).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def operator_name() -> str:
    """Who ran a command, for the audit log: the operating-system user."""
    import getpass

    try:
        return f"operator:{getpass.getuser()}@cli"
    except (KeyError, OSError):
        return "operator@cli"


def open_terminal(db: str | None, config_file: str | None, *, read_only: bool = False) -> Any:
    """The terminal with its database open; `read_only` for checking tools (no write at all)."""
    from kiosk.services.errors import RecordsUnusable
    from kiosk.services.terminal import Terminal

    terminal = Terminal(load_config(config_file, db=db))
    if not terminal.config.database.exists():
        raise click.ClickException(
            f"no database at {terminal.config.database} (run `kiosk init` first)"
        )
    try:
        if read_only:
            terminal.open_read_only()
        else:
            terminal.open()
    except RecordsUnusable as err:
        raise click.ClickException(str(err)) from None
    return terminal


MAX_PAYLOAD_BYTES = 64 * 1024  # a voucher is about 210 characters, a certificate 1,500


def read_payload(payload: str) -> str:
    """A signed statement given on the command line, or on standard input with "-"
    (empty when longer than MAX_PAYLOAD_BYTES, which then fails as malformed)."""
    if payload != "-":
        return payload
    data = sys.stdin.buffer.read(MAX_PAYLOAD_BYTES + 1)
    return "" if len(data) > MAX_PAYLOAD_BYTES else data.decode("utf-8", errors="replace")


def refuse(reason: str) -> NoReturn:
    """A verifier's refusal: one line on standard error, exit 1."""
    from kiosk.domain.text import escape_controls

    click.echo(f"refused: {escape_controls(reason)}", err=True)
    sys.exit(1)


def keyring_for(public_key: Path | None, config: Config) -> Path:
    """The keyring a verifier reads: --public-key, or the one beside the database (never
    made here: without either, refused)."""
    from kiosk.services.keys import KEYRING, keys_folder

    keyring = public_key or keys_folder(config.database) / KEYRING
    if public_key is None and not keyring.exists():
        refuse(f"no keyring at {keyring.absolute()} (give --public-key FILE or --db PATH)")
    return keyring
