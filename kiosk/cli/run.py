"""Run the kiosk, make its database, the demo helpers, and the health check."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading

import click

from kiosk.cli.common import common_options, load_config, open_terminal
from kiosk.i18n import translate

WATCH_SECONDS = 1.0  # how often a served kiosk looks whether its server is still there


def end_with_parent(parent: int) -> None:
    """A kiosk that `kiosk serve` started ends when the server ends, even when the server
    is killed and says goodbye to no one: no kiosk process is left behind (issue 14).

    On Linux the kernel sends SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG); on
    every system a watch thread also checks now and then that the parent is still ours.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)

    def orphaned() -> bool:
        return os.getppid() != parent

    if orphaned():  # the parent died before the line above: nothing would tell us
        os._exit(1)

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(WATCH_SECONDS):
            if orphaned():
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


@click.command()
@common_options
@click.option("--lang", type=click.Choice(["zh", "en", "es"]), help="Starting language.")
@click.option("--mode", type=click.Choice(["citizen", "staff"]), help="Terminal mode.")
@click.option("--dev", is_flag=True, help="Allow ctrl+q to quit (development only).")
@click.option(
    "--touch/--no-touch",
    default=None,
    help="A touch screen: tapping a field opens the on-screen keypad (default: config touch).",
)
@click.option(
    "--parent",
    type=int,
    hidden=True,
    help="End when this process ends (kiosk serve passes its own id).",
)
@click.option(
    "--hash-socket",
    hidden=True,
    help="Leave password hashing to the hall's hashing service at this Unix socket "
    "(kiosk serve passes its own).",
)
def run(
    db: str | None = None,
    config_file: str | None = None,
    lang: str | None = None,
    mode: str | None = None,
    dev: bool = False,
    touch: bool | None = None,
    parent: int | None = None,
    hash_socket: str | None = None,
) -> None:
    """Start the kiosk (creates a demo database if there is none)."""
    from kiosk import logs

    if parent is not None:
        end_with_parent(parent)
    if hash_socket:
        from kiosk.domain import hashing_client

        hashing_client.configure(hash_socket)

    config = load_config(config_file, db=db, lang=lang, mode=mode, dev=dev, touch=touch)
    logs.configure(config.log_path)
    if not config.database.exists():
        click.echo(f"Creating a demo database at {config.database} ...", err=True)
    # Until the first screen is painted, no garbage collection: start-up makes a great
    # many objects and frees almost none, so collecting only costs time (a full
    # collection of 15 ms fell before the first paint). KioskApp.on_mount resumes it then.
    gc.disable()
    try:
        from kiosk.ui import make_app

        app = make_app(config)
    except Exception as err:  # a public screen shows one line, the log the rest
        gc.enable()
        logs.log_crash(err, "start-up")
        raise click.ClickException(translate("en", "out_of_service.fatal")) from None
    # The hall machine's rounds with the central office ([central]): a kiosk that
    # `kiosk serve` started leaves them to the server (one runner per hall machine).
    from kiosk.services import background_sync

    runner = background_sync.start(config, config_file) if parent is None else None
    try:
        app.run()
    except Exception as err:
        logs.log_crash(err, "run")
        raise click.ClickException(translate("en", "out_of_service.fatal")) from None
    finally:
        gc.enable()  # if the app ended before its first paint
        app.terminal.close()
        background_sync.stop(runner)
    sys.exit(app.return_code or 0)


@click.command()
@common_options
@click.option("--demo", is_flag=True, help="Fill it with fictitious people.")
@click.option(
    "--people",
    type=click.IntRange(10, 1_000_000),
    default=240,
    show_default=True,
    help="How many demo people.",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Demo random seed.")
def init(db: str | None, config_file: str | None, demo: bool, people: int, seed: int) -> None:
    """Create (or migrate) the database; with --demo, add the demo registry."""
    from kiosk.demo.builder import fill_demo_registry
    from kiosk.services.database import open_database
    from kiosk.services.errors import RecordsUnusable

    config = load_config(config_file, db=db)
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


@click.command("demo-scans")
@common_options
def demo_scans_command(db: str | None, config_file: str | None) -> None:
    """Drop three fictitious household-register scans into the scanner inbox now.

    A citizen is offered only the scans that arrived after they logged in: run this
    after logging in, as the hall scanner would deliver them.
    """
    from kiosk.demo.builder import fill_demo_inbox

    config = load_config(config_file, db=db)
    scans = fill_demo_inbox(config.inbox_path)
    click.echo(f"Demo scans: {scans} household-register pages in {config.inbox_path}")


@click.command("demo-accounts")
@common_options
def demo_accounts_command(db: str | None, config_file: str | None) -> None:
    """List the pre-activated demo accounts (citizens and desk staff) and their passwords."""
    from kiosk.demo.builder import demo_accounts, demo_staff
    from kiosk.services.clock import now
    from kiosk.services.database import open_database
    from kiosk.services.errors import RecordsUnusable
    from kiosk.services.family import FamilyService

    config = load_config(config_file, db=db)
    try:
        store = open_database(config.database)
    except RecordsUnusable as err:
        raise click.ClickException(f"{err} (start `kiosk` or run `kiosk init --demo`)") from None
    accounts = demo_accounts(store)
    desk = demo_staff(store)
    # Whom each holder can add with "Add a family member" now: the member form's own check.
    family = FamilyService(store, config, now)
    addable = {a.id_number: family.first_addable(a.id_number, a.household) for a in accounts}
    store.close()
    if not accounts:
        raise click.ClickException(f"{config.database} has no demo accounts")
    click.echo(f"{'ID number':<20} {'Password':<14} {'Family':<32} Name")
    for account in accounts:
        note = account.note if account.password_works else "(password changed since)"
        click.echo(f"{account.id_number:<20} {account.password:<14} {note:<32} {account.name}")
    click.echo(f"\n{'Holder':<20} {'Can add (ID number)':<20} {'Relationship':<13} Name")
    for account in accounts:
        member = addable[account.id_number]
        if member is None:
            nobody = "lives alone" if not account.household else "none of the household now"
            click.echo(f"{account.id_number:<20} (no one: {nobody})")
        else:
            member_id, name, relationship = member
            click.echo(f"{account.id_number:<20} {member_id:<20} {relationship:<13} {name}")
    if desk:
        click.echo(f"\n{'Staff ID':<20} {'Password':<14} {'Role':<32} Name")
        for staff_id, name, role, password, works in desk:
            note = role if works else f"{role} (password changed or disabled)"
            click.echo(f"{staff_id:<20} {password:<14} {note:<32} {name}")


@click.command("check")
@common_options
def check_command(db: str | None, config_file: str | None) -> None:
    """After a crash or power cut: is the file sound and every record whole? Exit 1 if not."""
    from kiosk.services.health import check, readable_by_others

    terminal = open_terminal(db, config_file, read_only=True)
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


COMMANDS = (run, init, demo_scans_command, demo_accounts_command, check_command)
