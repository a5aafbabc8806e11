"""Clerk and supervisor accounts. Each command is one call into StaffService."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from kiosk.cli.common import common_options, open_terminal, operator_name
from kiosk.i18n import translate

if TYPE_CHECKING:
    from kiosk.services.staff import StaffService

T = TypeVar("T")

ROLES = click.Choice(["clerk", "supervisor"])


def _staff_call(
    db: str | None,
    config_file: str | None,
    call: Callable[[StaffService], T],
    done: str | None = None,
) -> T:
    """Call the staff service on this terminal's database and print `done` if it agreed.

    A refusal (StaffError) is its catalog sentence on one line and exit 1."""
    from kiosk.services.staff import StaffError

    terminal = open_terminal(db, config_file)
    try:
        result = call(terminal.staff)
    except StaffError as err:
        raise click.ClickException(translate("en", err.key)) from None
    finally:
        terminal.close()
    if done is not None:
        click.echo(done)
    return result


@click.group()
def staff() -> None:
    """Clerk and supervisor accounts."""


@staff.command("add")
@common_options
@click.option("--staff-id", required=True, help="Login name: 2-32 letters, digits, - or _.")
@click.option("--name", required=True, help="Full name, shown on screens and in the log.")
@click.option("--role", type=ROLES, required=True)
@click.password_option(prompt="Password for the new account", help="Prompted if not given.")
def staff_add(
    staff_id: str,
    name: str,
    role: str,
    password: str,
    db: str | None,
    config_file: str | None,
) -> None:
    """Add a staff account (the password is asked twice and stored as an argon2id hash)."""
    _staff_call(
        db,
        config_file,
        lambda s: s.add(staff_id, name, role, password, operator_name()),
        f"Added {role} {staff_id}",
    )


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
    _staff_call(
        db, config_file, lambda s: s.disable(staff_id, operator_name()), f"Disabled {staff_id}"
    )


@staff.command("enable")
@common_options
@click.argument("staff_id")
def staff_enable(staff_id: str, db: str | None, config_file: str | None) -> None:
    """Let a disabled STAFF_ID log in again."""
    _staff_call(
        db, config_file, lambda s: s.enable(staff_id, operator_name()), f"Enabled {staff_id}"
    )


@staff.command("password")
@common_options
@click.argument("staff_id")
@click.password_option(prompt="New password", help="Prompted if not given.")
def staff_password(staff_id: str, password: str, db: str | None, config_file: str | None) -> None:
    """Give STAFF_ID a new password (asked twice); also lifts a lock from wrong passwords."""
    _staff_call(
        db,
        config_file,
        lambda s: s.set_password(staff_id, password, operator_name()),
        f"New password set for {staff_id}",
    )


@staff.command("role")
@common_options
@click.argument("staff_id")
@click.option("--role", type=ROLES, required=True)
def staff_role(staff_id: str, role: str, db: str | None, config_file: str | None) -> None:
    """Change STAFF_ID's role."""
    _staff_call(
        db,
        config_file,
        lambda s: s.set_role(staff_id, role, operator_name()),
        f"{staff_id} is now a {role}",
    )


COMMANDS = (staff,)
