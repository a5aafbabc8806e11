"""The e-voucher signing keys and the voucher verifier."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kiosk.cli.common import common_options, load_config


@click.group()
def keys() -> None:
    """The terminal's e-voucher signing keys."""


def _keys_folder(db: str | None, config_file: str | None) -> Path:
    from kiosk.services.keys import ensure_keys, keys_folder

    folder = keys_folder(load_config(config_file, db=db).database)
    ensure_keys(folder)
    return folder


@keys.command("export-public")
@common_options
def keys_export_public(db: str | None, config_file: str | None) -> None:
    """Print the current public key: its key id, then the raw key in base64."""
    from kiosk.services.keys import export_public

    click.echo(export_public(_keys_folder(db, config_file)))


@keys.command("rotate")
@common_options
def keys_rotate(db: str | None, config_file: str | None) -> None:
    """Start signing with a new key; earlier public keys stay in the keyring, retired now."""
    from kiosk.domain.text import escape_controls
    from kiosk.services.keys import KeyringError, rotate

    folder = _keys_folder(db, config_file)
    try:
        kid = rotate(folder)
    except KeyringError as err:
        raise click.ClickException(
            f"keyring {escape_controls(str(folder.absolute()))}: {escape_controls(str(err))}"
        ) from None
    click.echo(f"New signing key {kid}")


@click.group()
def voucher() -> None:
    """E-vouchers."""


MAX_PAYLOAD_BYTES = 64 * 1024  # a voucher is about 210 characters


def _refuse(reason: str) -> None:
    """One line on standard error, exit 1."""
    from kiosk.domain.text import escape_controls

    click.echo(f"refused: {escape_controls(reason)}", err=True)
    sys.exit(1)


@voucher.command("verify")
@common_options
@click.argument("payload", required=False, default="-")
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(path_type=Path),
    help="Keyring file or exported key lines (default: the keyring beside the "
    "database, keys/public-keys.json).",
)
@click.option("--redeem", is_flag=True, help="Record the voucher number; refuse a second use.")
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("redeemed-vouchers.db"),
    show_default=True,
    help="The verifier's record of redeemed vouchers.",
)
def voucher_verify(
    payload: str,
    public_key: Path | None,
    redeem: bool,
    store_path: Path,
    db: str | None,
    config_file: str | None,
) -> None:
    """Verify PAYLOAD (or standard input with -): exit 0 with its details, or 1 with why.

    Never makes a key: without --public-key it reads the keyring beside the database."""
    import datetime

    from kiosk.domain.text import escape_controls
    from kiosk.services.keys import KEYRING, keys_folder
    from kiosk.services.vouchers import KeyringError, VoucherRefused, check_voucher

    if payload == "-":
        data = sys.stdin.buffer.read(MAX_PAYLOAD_BYTES + 1)
        text = "" if len(data) > MAX_PAYLOAD_BYTES else data.decode("utf-8", errors="replace")
    else:
        text = payload
    config = load_config(config_file, db=db)
    keyring = public_key or keys_folder(config.database) / KEYRING
    if public_key is None and not keyring.exists():
        _refuse(f"no keyring at {keyring.absolute()} (give --public-key FILE or --db PATH)")
    try:
        checked = check_voucher(
            text,
            keyring,
            now=datetime.datetime.now(datetime.UTC),
            skew_seconds=config.voucher.skew_seconds,
            redeem_store=store_path if redeem else None,
        )
    except KeyringError as err:
        _refuse(f"key file {keyring.absolute()}: {err}")
    except VoucherRefused as refused:
        _refuse(refused.reason)
    when = datetime.datetime.fromtimestamp(checked.expires_at, datetime.UTC).isoformat()
    number, name = escape_controls(checked.number), escape_controls(checked.masked_name)
    key, terminal = escape_controls(checked.key_id), escape_controls(checked.terminal)
    click.echo(f"valid: voucher {number} for {name}, key {key}, terminal {terminal}, until {when}")


COMMANDS = (keys, voucher)
