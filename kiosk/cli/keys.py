"""The e-voucher signing keys and the voucher verifier."""

from __future__ import annotations

from pathlib import Path

import click

from kiosk.cli.common import common_options, keyring_for, load_config, read_payload, refuse


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
    from kiosk.services.vouchers import KeyringError, VoucherRefused, check_voucher

    text = read_payload(payload)
    config = load_config(config_file, db=db)
    keyring = keyring_for(public_key, config)
    try:
        checked = check_voucher(
            text,
            keyring,
            now=datetime.datetime.now(datetime.UTC),
            skew_seconds=config.voucher.skew_seconds,
            redeem_store=store_path if redeem else None,
        )
    except KeyringError as err:
        refuse(f"key file {keyring.absolute()}: {err}")
    except VoucherRefused as refused:
        refuse(refused.reason)
    when = datetime.datetime.fromtimestamp(checked.expires_at, datetime.UTC).isoformat()
    number, name = escape_controls(checked.number), escape_controls(checked.masked_name)
    key, terminal = escape_controls(checked.key_id), escape_controls(checked.terminal)
    click.echo(f"valid: voucher {number} for {name}, key {key}, terminal {terminal}, until {when}")


COMMANDS = (keys, voucher)
