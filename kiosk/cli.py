"""The `kiosk` command. A thin layer: each command calls a service and prints its result."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kiosk import config as config_module
from kiosk.config import Config, ConfigError
from kiosk.i18n import translate

# The demo database is made on first start; importing its builder is not free,
# so commands import services when they run, not when `kiosk --help` does.


def _load_config(config_file: str | None, **flags: Any) -> Config:
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
    except ConfigError as err:
        raise click.ClickException(f"configuration error in {err.field}: {err.problem}") from None
    return config


def common_options(func: Callable) -> Callable:
    """--db and --config, shared by every command that touches the database."""

    @click.option(
        "--db", type=click.Path(dir_okay=False), envvar="KIOSK_DB",
        help="Database file (default data/kiosk.db; env KIOSK_DB).",
    )
    @click.option(
        "--config", "config_file", type=click.Path(dir_okay=False), envvar="KIOSK_CONFIG",
        help="TOML configuration file (env KIOSK_CONFIG).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


class RunByDefault(click.Group):
    """`kiosk` and `kiosk --db X ...` mean `kiosk run ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "--version")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=RunByDefault)
@click.version_option(package_name="hall-kiosk")
def main() -> None:
    """Hall kiosk: a medical-insurance self-service terminal.

    With no command (or only options), `kiosk` is `kiosk run`.
    """


@main.command()
@common_options
@click.option("--lang", type=click.Choice(["zh", "en", "es"]), help="Starting language.")
@click.option("--mode", type=click.Choice(["citizen", "staff"]), help="Terminal mode.")
@click.option("--dev", is_flag=True, help="Allow ctrl+q to quit (development only).")
def run(
    db: str | None = None, config_file: str | None = None, lang: str | None = None,
    mode: str | None = None, dev: bool = False,
) -> None:
    """Start the kiosk (creates a demo database if there is none)."""
    from kiosk import logs

    config = _load_config(config_file, db=db, lang=lang, mode=mode, dev=dev)
    logs.configure(config.log_path)
    if not config.database.exists():
        click.echo(f"Creating a demo database at {config.database} ...", err=True)
    try:
        from kiosk.ui import make_app

        app = make_app(config)
    except Exception as err:  # a public screen shows one line, the log the rest
        logs.log_crash(err, "start-up")
        raise click.ClickException(translate("en", "out_of_service.fatal")) from None
    try:
        app.run()
    except Exception as err:
        logs.log_crash(err, "run")
        raise click.ClickException(translate("en", "out_of_service.fatal")) from None
    finally:
        app.terminal.close()
    sys.exit(app.return_code or 0)


@main.command()
@common_options
@click.option("--demo", is_flag=True, help="Fill it with fictitious people.")
@click.option("--people", type=click.IntRange(10, 1_000_000), default=240, show_default=True,
              help="How many demo people.")
@click.option("--seed", type=int, default=2026, show_default=True, help="Demo random seed.")
def init(
    db: str | None, config_file: str | None, demo: bool, people: int, seed: int
) -> None:
    """Create (or migrate) the database; with --demo, add the demo registry."""
    from kiosk.demo.builder import fill_demo_registry
    from kiosk.services.database import open_database
    from kiosk.store import RecordsUnusable

    config = _load_config(config_file, db=db)
    try:
        store = open_database(config.database, create=True)
    except RecordsUnusable as err:
        raise click.ClickException(str(err)) from None
    from kiosk.services.keys import ensure_keys, keys_folder

    if ensure_keys(keys_folder(config.database)):
        click.echo(f"Signing key made in {keys_folder(config.database)}")
    click.echo(f"Database ready at {config.database}")
    if demo:
        summary = fill_demo_registry(store, seed=seed, people=people)
        click.echo(
            f"Demo registry: {summary.persons} people, {summary.ledger_entries} ledger entries, "
            f"{summary.contributions} contributions, {summary.entitlements} entitlement periods, "
            f"{summary.accounts} pre-activated accounts (see `kiosk demo-accounts`)."
        )
    store.close()


@main.command("demo-scans")
@common_options
def demo_scans_command(db: str | None, config_file: str | None) -> None:
    """Drop three fictitious household-register scans into the scanner inbox now.

    A citizen is offered only the scans that arrived after they logged in: run this
    after logging in, as the hall scanner would deliver them.
    """
    from kiosk.demo.builder import fill_demo_inbox

    config = _load_config(config_file, db=db)
    scans = fill_demo_inbox(config.inbox_path)
    click.echo(f"Demo scans: {scans} household-register pages in {config.inbox_path}")


@main.command("demo-accounts")
@common_options
def demo_accounts_command(db: str | None, config_file: str | None) -> None:
    """List the pre-activated demo accounts (citizens and desk staff) and their passwords."""
    from kiosk.demo.builder import demo_accounts, demo_staff
    from kiosk.services.database import open_database
    from kiosk.store import RecordsUnusable

    config = _load_config(config_file, db=db)
    try:
        store = open_database(config.database)
    except RecordsUnusable as err:
        raise click.ClickException(f"{err} (start `kiosk` or run `kiosk init --demo`)") from None
    accounts = demo_accounts(store)
    desk = demo_staff(store)
    store.close()
    if not accounts:
        raise click.ClickException(f"{config.database} has no demo accounts")
    click.echo(f"{'ID number':<20} {'Password':<14} {'Family':<32} Name")
    for account in accounts:
        note = account.note if account.password_works else "(password changed since)"
        click.echo(f"{account.id_number:<20} {account.password:<14} {note:<32} {account.name}")
    if desk:
        click.echo(f"\n{'Staff ID':<20} {'Password':<14} {'Role':<32} Name")
        for staff_id, name, role, password, works in desk:
            note = role if works else f"{role} (password changed or disabled)"
            click.echo(f"{staff_id:<20} {password:<14} {note:<32} {name}")


@main.group()
def keys() -> None:
    """The terminal's e-voucher signing keys."""


def _keys_folder(db: str | None, config_file: str | None) -> Path:
    from kiosk.services.keys import ensure_keys, keys_folder

    folder = keys_folder(_load_config(config_file, db=db).database)
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


@main.group()
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
@click.option("--public-key", "public_key", type=click.Path(path_type=Path),
              help="Keyring file or exported key lines (default: the keyring beside the "
              "database, keys/public-keys.json).")
@click.option("--redeem", is_flag=True, help="Record the voucher number; refuse a second use.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("redeemed-vouchers.db"), show_default=True,
              help="The verifier's record of redeemed vouchers.")
def voucher_verify(
    payload: str, public_key: Path | None, redeem: bool, store_path: Path,
    db: str | None, config_file: str | None,
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
    config = _load_config(config_file, db=db)
    keyring = public_key or keys_folder(config.database) / KEYRING
    if public_key is None and not keyring.exists():
        _refuse(f"no keyring at {keyring.absolute()} (give --public-key FILE or --db PATH)")
    try:
        checked = check_voucher(
            text, keyring, now=datetime.datetime.now(datetime.UTC),
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
    click.echo(f"valid: voucher {number} for {name}, key {key}, terminal {terminal}, "
               f"until {when}")


@main.group()
def registry() -> None:
    """The insurance registry."""


@registry.command("import")
@common_options
@click.argument("persons", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Personal-account ledger CSV.")
@click.option("--contributions", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Contribution records CSV.")
@click.option("--entitlements", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Entitlement records CSV.")
def registry_import(
    persons: Path, ledger: Path | None, contributions: Path | None,
    entitlements: Path | None, db: str | None, config_file: str | None,
) -> None:
    """Import PERSONS.csv (and the other files) into the registry.

    Refused rows are listed with their line number and reason; the valid rows of
    each file go in together. Importing the same files twice changes nothing.
    """
    from kiosk.services.database import open_database
    from kiosk.services.registry_import import ImportFileError, import_file

    config = _load_config(config_file, db=db)
    store = open_database(config.database, create=True)
    files = [("persons", persons), ("ledger", ledger), ("contributions", contributions),
             ("entitlements", entitlements)]
    refused_any = False
    try:
        for kind, path in files:
            if path is None:
                continue
            report = _import_with_progress(store, kind, path, import_file)
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
    except ImportFileError as err:
        raise click.ClickException(str(err)) from None
    finally:
        store.close()
    sys.exit(1 if refused_any else 0)


def _import_with_progress(store: Any, kind: str, path: Path, import_file: Callable) -> Any:
    # A bar only for big files: counting lines first costs a pass over the file.
    if path.stat().st_size < 1_000_000:
        return import_file(store, kind, path)
    from kiosk.services.registry_import import count_lines

    lines = max(count_lines(path) - 1, 0)  # read in pieces: a huge line is never held
    with click.progressbar(length=lines, label=f"Importing {path.name}", file=sys.stderr) as bar:
        return import_file(store, kind, path, progress=bar.update)


def _operator() -> str:
    """Who ran a command, for the audit log: the operating-system user."""
    import getpass

    try:
        return f"operator:{getpass.getuser()}@cli"
    except (KeyError, OSError):
        return "operator@cli"


def _terminal(db: str | None, config_file: str | None, *, read_only: bool = False) -> Any:
    """The terminal with its database open; `read_only` for checking tools (no write at all)."""
    from kiosk.services.terminal import Terminal
    from kiosk.store import RecordsUnusable

    terminal = Terminal(_load_config(config_file, db=db))
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


@main.group()
def staff() -> None:
    """Clerk and supervisor accounts."""


def _staff_call(db: str | None, config_file: str | None, call: Callable[[Any], Any]) -> Any:
    from kiosk.services.staff import StaffError

    terminal = _terminal(db, config_file)
    try:
        return call(terminal.staff)
    except StaffError as err:
        raise click.ClickException(translate("en", err.key)) from None
    finally:
        terminal.close()


@staff.command("add")
@common_options
@click.option("--staff-id", required=True, help="Login name: 2-32 letters, digits, - or _.")
@click.option("--name", required=True, help="Full name, shown on screens and in the log.")
@click.option("--role", type=click.Choice(["clerk", "supervisor"]), required=True)
@click.password_option(prompt="Password for the new account", help="Prompted if not given.")
def staff_add(
    staff_id: str, name: str, role: str, password: str, db: str | None,
    config_file: str | None,
) -> None:
    """Add a staff account (the password is asked twice and stored as an argon2id hash)."""
    _staff_call(db, config_file, lambda s: s.add(staff_id, name, role, password, _operator()))
    click.echo(f"Added {role} {staff_id}")


@staff.command("list")
@common_options
def staff_list(db: str | None, config_file: str | None) -> None:
    """List staff accounts."""
    members = _staff_call(db, config_file, lambda s: s.members())
    if not members:
        click.echo("No staff accounts yet (add one with `kiosk staff add`).")
        return
    click.echo(f"{'Staff ID':<16} {'Role':<11} {'State':<9} {'Created':<26} Name")
    for m in members:
        state = "disabled" if m.disabled else "active"
        click.echo(f"{m.staff_id:<16} {m.role:<11} {state:<9} {m.created_at:<26} {m.name}")


@staff.command("disable")
@common_options
@click.argument("staff_id")
def staff_disable(staff_id: str, db: str | None, config_file: str | None) -> None:
    """Stop STAFF_ID from logging in (the account and its history stay)."""
    _staff_call(db, config_file, lambda s: s.disable(staff_id, _operator()))
    click.echo(f"Disabled {staff_id}")


@staff.command("enable")
@common_options
@click.argument("staff_id")
def staff_enable(staff_id: str, db: str | None, config_file: str | None) -> None:
    """Let a disabled STAFF_ID log in again."""
    _staff_call(db, config_file, lambda s: s.enable(staff_id, _operator()))
    click.echo(f"Enabled {staff_id}")


@staff.command("password")
@common_options
@click.argument("staff_id")
@click.password_option(prompt="New password", help="Prompted if not given.")
def staff_password(staff_id: str, password: str, db: str | None, config_file: str | None) -> None:
    """Give STAFF_ID a new password (asked twice); also lifts a lock from wrong passwords."""
    _staff_call(db, config_file, lambda s: s.set_password(staff_id, password, _operator()))
    click.echo(f"New password set for {staff_id}")


@staff.command("role")
@common_options
@click.argument("staff_id")
@click.option("--role", type=click.Choice(["clerk", "supervisor"]), required=True)
def staff_role(staff_id: str, role: str, db: str | None, config_file: str | None) -> None:
    """Change STAFF_ID's role."""
    _staff_call(db, config_file, lambda s: s.set_role(staff_id, role, _operator()))
    click.echo(f"{staff_id} is now a {role}")


@main.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@common_options
@click.option("--head", "head_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A head exported earlier: the log must still reach it unchanged.")
@click.option("--public-key", "public_key", type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="Keyring or exported key line for --head (default: this "
              "terminal's keyring).")
def audit_verify(
    db: str | None, config_file: str | None, head_file: Path | None, public_key: Path | None
) -> None:
    """Check the whole hash chain; exit 1 naming the first row that does not hold."""
    from kiosk.domain.audit_head import HeadRefused
    from kiosk.services.audit import check_head, describe_break, verify
    from kiosk.services.keys import KEYRING, KeyringError, keys_folder

    terminal = _terminal(db, config_file, read_only=True)
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
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the head here (default: standard output).")
def audit_export_head(db: str | None, config_file: str | None, out_file: Path | None) -> None:
    """Sign the chain's last row with this terminal's key; keep the file off this machine."""
    from kiosk.services.audit import export_head
    from kiosk.services.keys import keys_folder

    terminal = _terminal(db, config_file)
    try:
        text = export_head(terminal.store, keys_folder(terminal.config.database),
                           terminal.config.terminal)
    finally:
        terminal.close()
    if out_file is None:
        click.echo(text, nl=False)
    else:
        out_file.write_text(text, encoding="utf-8")
        click.echo(f"Head written to {out_file}", err=True)


@main.command("check")
@common_options
def check_command(db: str | None, config_file: str | None) -> None:
    """After a crash or power cut: is the file sound and every record whole? Exit 1 if not."""
    from kiosk.services.health import check, readable_by_others

    terminal = _terminal(db, config_file, read_only=True)
    for path in readable_by_others(terminal.config.database):
        click.echo(f"warning: {path} can be read by other users (chmod 600 {path})")
    try:
        health = check(terminal.store)
    finally:
        terminal.close()
    for name, found in health.problems.items():
        state = "ok" if not found else f"{len(found)} problem(s): " + ", ".join(found[:10])
        click.echo(f"{name}: {state}")
    click.echo(f"audit log: {health.audit_rows} rows")
    sys.exit(0 if health.ok else 1)
