"""`kiosk sync --once`: the outbox goes up to the central as the hall's own role, each event
once, marked sent only after the central committed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import ConfigError, from_mapping
from kiosk.services.central import add_hall
from kiosk.services.database import open_database
from kiosk.store import family as family_store


def write_config(path: Path, db_path: Path, url: str, hall: str) -> Path:
    path.write_text(
        f'database = "{db_path}"\n\n[central]\nurl = "{url}"\nhall = "{hall}"\ninterval_seconds = 30\n',
        encoding="utf-8",
    )
    return path


def add_events(db_path: Path, count: int) -> None:
    store = open_database(db_path)
    try:
        with store.write() as db:
            for n in range(count):
                family_store.add_outbox(
                    db, "enrollment.submitted", json.dumps({"n": n}), f"2026-11-01T09:00:{n:02d}"
                )
    finally:
        store.close()


def unsent(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]


@pytest.fixture
def hall_config(central_url: str, db_path: Path, tmp_path: Path) -> Path:
    access = add_hall(central_url, "north")
    return write_config(tmp_path / "kiosk.toml", db_path, access.url, "north")


def sync_once(config: Path):
    return CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])


def test_a_round_sends_every_waiting_event_once(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    add_events(db_path, 3)
    waiting = unsent(db_path)
    result = sync_once(hall_config)
    assert result.exit_code == 0, result.output
    # (the account changes and audit rows of the test database go up too: test_sync_up.py)
    assert result.output.splitlines()[0] == f"sync: {waiting} events sent, 0 already at the central"
    assert unsent(db_path) == 0
    with psycopg.connect(central_url) as conn:
        rows = conn.execute(
            "SELECT hall, topic, payload FROM events WHERE topic = 'enrollment.submitted' "
            "AND payload ? 'n' ORDER BY event_id"
        ).fetchall()
    assert rows == [("north", "enrollment.submitted", {"n": n}) for n in range(3)]
    again = sync_once(hall_config)
    assert again.output == "sync: 0 events sent, 0 already at the central\n"


def test_a_batch_resent_after_a_crash_before_it_was_marked_is_taken_once(
    central_url: str, db_path: Path, hall_config: Path
) -> None:
    add_events(db_path, 3)
    sync_once(hall_config)
    # the hall died after the central committed, before its own mark: nothing is marked
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE outbox SET sent_at = NULL")
    sent = unsent(db_path)
    result = sync_once(hall_config)
    assert result.output == f"sync: 0 events sent, {sent} already at the central\n"
    with psycopg.connect(central_url) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (sent,)


def test_an_unreachable_central_is_one_line_and_nothing_is_marked(
    central_url: str, db_path: Path, tmp_path: Path, postgres
) -> None:
    access = add_hall(central_url, "north")
    url = access.url.replace(f":{postgres.port}/", ":1/")
    config = write_config(tmp_path / "kiosk.toml", db_path, url, "north")
    add_events(db_path, 2)
    waiting = unsent(db_path)
    result = sync_once(config)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach the central database")
    assert unsent(db_path) == waiting


def test_a_hall_cannot_send_under_another_halls_name(
    central_url: str, db_path: Path, tmp_path: Path
) -> None:
    north = add_hall(central_url, "north")
    add_hall(central_url, "south")
    config = write_config(tmp_path / "kiosk.toml", db_path, north.url, "south")
    add_events(db_path, 1)
    waiting = unsent(db_path)
    result = sync_once(config)
    assert result.exit_code == 1
    assert "row-level security" in result.output
    assert unsent(db_path) == waiting


def test_sync_without_a_central_section_says_so(db_path: Path) -> None:
    result = CliRunner().invoke(main, ["sync", "--once", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "no [central] section" in result.output


@pytest.mark.parametrize(
    ("central", "field"),
    [
        ({"hall": "north"}, "central.url"),
        ({"url": "postgresql://x@h/db"}, "central.hall"),
        ({"url": "http://x", "hall": "north"}, "central.url"),
        (
            {"url": "postgresql://x@h/db", "hall": "north", "interval_seconds": 0},
            "central.interval_seconds",
        ),
        ({"url": "postgresql://x@h/db", "hall": "north", "port": 1}, "central.port"),
    ],
)
def test_a_wrong_central_section_names_its_field(central: dict, field: str) -> None:
    with pytest.raises(ConfigError) as caught:
        from_mapping({"central": central})
    assert caught.value.field == field


def test_the_central_section_is_read() -> None:
    config = from_mapping({"central": {"url": "postgresql://x@h/db", "hall": "north"}})
    assert (config.central.url, config.central.hall, config.central.interval_seconds) == (
        "postgresql://x@h/db",
        "north",
        60,
    )
    assert config.central.configured and not from_mapping({}).central.configured
