"""`kiosk central hall add`: a hall's own role, and what row-level security lets it do,
checked over a real login as that role."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import errors

from kiosk.cli import main
from kiosk.domain.audit import GENESIS, chain_hash

PERSON = (
    "INSERT INTO persons (id_number, name, phone, sex, birth_date, insurance_type, status) "
    "VALUES ('110101199003074514', 'A', '13800000000', 'M', '1990-03-07', 'employee', 'active')"
)
# an audit row that starts a chain (the central refuses any other first row)
FIRST_AUDIT_ROW = (
    "INSERT INTO audit_rows (hall, seq, at, actor, action, prev_hash, hash) "
    f"VALUES ('{{hall}}', 1, 'x', 'kiosk', 'login', '{GENESIS}', "
    f"'{chain_hash(GENESIS, 'x', 'kiosk', 'login', '', '')}')"
)
EVENT = (
    "INSERT INTO events (hall, event_id, created_at, topic, payload) "
    "VALUES (%s, %s, '2026-11-01T09:00:00', 'enrollment.submitted', %s)"
)


def add_hall(url: str, hall: str) -> dict:
    result = CliRunner().invoke(main, ["central", "hall", "add", hall, "--url", url])
    assert result.exit_code == 0, result.output
    return tomllib.loads(result.output)["central"]


def test_hall_add_prints_the_halls_configuration(central_url: str) -> None:
    section = add_hall(central_url, "north")
    assert section["hall"] == "north"
    assert section["interval_seconds"] == 60
    assert section["url"].startswith("postgresql://north%40central_")
    with psycopg.connect(section["url"]) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (f"north@{conn.info.dbname}",)


def test_hall_add_writes_the_file_readable_by_its_owner_only(
    central_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "central.toml"
    out.write_text("old")
    out.chmod(0o644)
    result = CliRunner().invoke(
        main, ["central", "hall", "add", "north", "--url", central_url, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "north" in result.output and "postgresql://" not in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert tomllib.loads(out.read_text())["central"]["hall"] == "north"


def test_a_hall_is_registered_once(central_url: str) -> None:
    add_hall(central_url, "north")
    again = CliRunner().invoke(main, ["central", "hall", "add", "north", "--url", central_url])
    assert again.exit_code == 1
    assert again.output == "Error: hall north is already registered\n"


def test_a_bad_hall_name_is_refused(central_url: str) -> None:
    result = CliRunner().invoke(
        main, ["central", "hall", "add", "North Hall", "--url", central_url]
    )
    assert result.exit_code == 1
    assert "is not a hall name" in result.output


def test_hall_add_before_init_says_to_run_init(admin_url: str) -> None:
    result = CliRunner().invoke(main, ["central", "hall", "add", "north", "--url", admin_url])
    assert result.exit_code == 1
    assert "run `kiosk central init` first" in result.output


@pytest.fixture
def two_halls(central_url: str) -> tuple[str, str]:
    north = add_hall(central_url, "north")["url"]
    south = add_hall(central_url, "south")["url"]
    with psycopg.connect(central_url) as conn:
        conn.execute(PERSON)
    return north, south


def test_a_hall_writes_and_reads_its_own_rows(central_url: str, two_halls) -> None:
    north, south = two_halls
    with psycopg.connect(south) as conn:
        conn.execute(EVENT, ("south", 1, json.dumps({"n": "south"})))
    with psycopg.connect(north) as conn:
        conn.execute(EVENT, ("north", 1, json.dumps({"n": "north"})))
        # a second delivery of the same event is a no-op
        again = conn.execute(EVENT + " ON CONFLICT DO NOTHING", ("north", 1, json.dumps({})))
        assert again.rowcount == 0
        conn.execute(FIRST_AUDIT_ROW.format(hall="north"))
        conn.execute(
            "INSERT INTO account_changes (hall, change_id, id_number, changed_at, state) "
            "VALUES ('north', 1, '110101199003074514', '2026-11-01T09:00:00', 'active')"
        )
        # another hall's rows are invisible
        assert conn.execute("SELECT hall, event_id, payload FROM events").fetchall() == [
            ("north", 1, {"n": "north"})
        ]
        assert conn.execute("SELECT name FROM halls").fetchall() == [("north",)]
    with psycopg.connect(central_url) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (2,)


@pytest.mark.parametrize(
    "statement",
    [
        EVENT.replace("%s, %s", "'south', 2").replace("%s)", "'{}')"),
        FIRST_AUDIT_ROW.format(hall="south"),
        "INSERT INTO account_changes (hall, change_id, id_number, changed_at, state) "
        "VALUES ('south', 1, '110101199003074514', 'x', 'active')",
    ],
    ids=["events", "audit_rows", "account_changes"],
)
def test_a_hall_cannot_write_another_halls_rows(two_halls, statement: str) -> None:
    north, _ = two_halls
    with psycopg.connect(north) as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(statement)


@pytest.mark.parametrize(
    "statement",
    [
        PERSON.replace("4514", "4522"),
        "UPDATE persons SET name = 'B'",
        "DELETE FROM persons",
        "INSERT INTO halls (name, role_name) VALUES ('east', 'east')",
        "UPDATE events SET topic = 'x'",
        "DELETE FROM audit_rows",
        "INSERT INTO registry_imports (kind, file, rows, written, refused) "
        "VALUES ('persons', 'x', 0, 0, 0)",
        "CREATE TABLE mine (n int)",
    ],
)
def test_a_hall_cannot_write_the_registry_or_rewrite_what_it_sent(
    two_halls, statement: str
) -> None:
    north, _ = two_halls
    with psycopg.connect(north) as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement)


def test_a_hall_reads_the_registry(two_halls) -> None:
    north, _ = two_halls
    with psycopg.connect(north) as conn:
        assert conn.execute("SELECT id_number FROM persons").fetchall() == [("110101199003074514",)]
        for table in ("ledger_entries", "contributions", "entitlements"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_a_halls_password_is_checked(two_halls) -> None:
    north, _ = two_halls
    wrong = north.replace("@127.0.0.1", "x@127.0.0.1")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong)
