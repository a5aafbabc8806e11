"""Account changes made on other channels (the website, 12333), written to the central's
`accounts` table, come down in a `kiosk sync` round. The latest change by time wins."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import load
from kiosk.demo.builder import demo_accounts
from kiosk.domain.passwords import hash_password
from kiosk.services import clock
from kiosk.services.central import add_hall
from kiosk.services.terminal import Terminal

NEW_PASSWORD = "Website-pass-2026"


@pytest.fixture
def hall_config(central_url: str, db_path: Path, tmp_path: Path) -> Path:
    access = add_hall(central_url, "north")
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'database = "{db_path}"\n\n[central]\nurl = "{access.url}"\nhall = "north"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def terminal(hall_config: Path):
    terminal = Terminal(load(hall_config), now=clock.now)
    yield terminal
    terminal.store.close()


@pytest.fixture
def holder(terminal: Terminal, central_url: str):
    """A demo account holder, who is in the central's registry too."""
    holder = demo_accounts(terminal.store)[0]
    row = terminal.store.db.execute(
        "SELECT id_number, name, phone, sex, birth_date, insurance_type, status, enrolled_on "
        "FROM persons WHERE id_number = ?",
        [holder.id_number],
    ).fetchone()
    with psycopg.connect(central_url) as conn:
        conn.execute("INSERT INTO persons VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 0)", row)
    return holder


def sync_once(config: Path):
    result = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def central_account(url: str, id_number: str, **values: object) -> None:
    columns = ", ".join(["id_number", *values])
    marks = ", ".join(["%s"] * (len(values) + 1))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in values)
    with psycopg.connect(url) as conn:
        conn.execute(
            f"INSERT INTO accounts ({columns}) VALUES ({marks}) "
            f"ON CONFLICT (id_number) DO UPDATE SET {updates}",
            (id_number, *values.values()),
        )


def test_a_password_changed_on_the_website_works_at_the_hall(
    central_url: str, hall_config: Path, terminal: Terminal, holder
) -> None:
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok
    central_account(
        central_url,
        holder.id_number,
        state="active",
        password_hash=hash_password(NEW_PASSWORD),
        channel="website",
    )
    assert "1 account changes" in sync_once(hall_config)
    assert terminal.accounts.log_in(holder.id_number, NEW_PASSWORD).ok
    assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    audit = terminal.store.db.execute(
        "SELECT actor, detail FROM audit_log WHERE action = 'account:central_change'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][0] == "central" and '"channel": "website"' in audit[0][1]
    assert "account changes" not in sync_once(hall_config)  # applied once


def test_a_lock_from_12333_holds_at_the_hall_until_it_is_lifted_there(
    central_url: str, hall_config: Path, terminal: Terminal, holder
) -> None:
    central_account(
        central_url,
        holder.id_number,
        state="locked",
        locked_until=clock.now().replace(year=clock.now().year + 1),
        channel="12333",
    )
    sync_once(hall_config)
    assert not terminal.accounts.log_in(holder.id_number, holder.password).ok
    assert terminal.accounts.is_locked(holder.id_number)
    central_account(
        central_url,
        holder.id_number,
        state="active",
        locked_until=None,
        changed_at=clock.now(),
        channel="12333",
    )
    sync_once(hall_config)
    assert terminal.accounts.log_in(holder.id_number, holder.password).ok


def test_an_older_change_at_the_central_does_not_undo_a_newer_one_at_the_hall(
    central_url: str, hall_config: Path, terminal: Terminal, holder
) -> None:
    """The hall changed the password after the website did: the hall's stands."""
    session = terminal.accounts.log_in(holder.id_number, holder.password).session
    assert session is not None
    changed = terminal.accounts.change_password(
        session, holder.password, "Hall-pass-2026x", "Hall-pass-2026x"
    )
    assert changed.ok, changed.errors
    central_account(
        central_url,
        holder.id_number,
        state="active",
        password_hash=hash_password(NEW_PASSWORD),
        changed_at=clock.now().replace(year=clock.now().year - 1),
        channel="website",
    )
    sync_once(hall_config)
    assert terminal.accounts.log_in(holder.id_number, "Hall-pass-2026x").ok
    assert not terminal.accounts.log_in(holder.id_number, NEW_PASSWORD).ok
