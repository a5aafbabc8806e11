"""Family applications go up whole (issue 15): the hall's `enrollment.submitted` event takes
its application with it (the letter, the signature and its digest, the pages), checked at
the central, seen by a supervisor there with `kiosk central review show`, and by no other
hall."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import load
from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.central import HallAccess, add_hall
from kiosk.services.terminal import Terminal
from tests.unit.conftest import DateClock
from tests.unit.test_family_submit import submit, unlinked_person


@pytest.fixture
def north(central_url: str) -> HallAccess:
    return add_hall(central_url, "north")


@pytest.fixture
def hall_config(north: HallAccess, db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        f'database = "{db_path}"\n\n[central]\nurl = "{north.url}"\nhall = "north"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def terminal(hall_config: Path):
    terminal = Terminal(load(hall_config), now=DateClock())
    yield terminal
    terminal.store.close()


@pytest.fixture
def citizen(terminal: Terminal):
    holder = demo_accounts(terminal.store)[0]
    return holder, CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")


@pytest.fixture
def number(terminal: Terminal, citizen) -> str:
    """A pending application with three real JPEG pages, not yet sent."""
    holder, session = citizen
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    outcome, submitted = submit(terminal, session, child, password=holder.password, pages=3)
    assert outcome.ok, outcome.errors
    return submitted.application_no


def sync_once(config: Path) -> str:
    result = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def hall_application(db_path: Path, number: str) -> tuple[dict, list[tuple]]:
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(
            conn.execute("SELECT * FROM enrollments WHERE application_no = ?", [number]).fetchone()
        )
        pages = conn.execute(
            "SELECT media_type, width, height, sha256, content FROM documents "
            "WHERE enrollment_id = ? ORDER BY id",
            [row["id"]],
        ).fetchall()
    return row, [tuple(p) for p in pages]


def central_application(url: str, number: str) -> tuple[dict, list[tuple]]:
    with psycopg.connect(url, row_factory=psycopg.rows.dict_row) as conn:
        row = conn.execute(
            "SELECT * FROM applications WHERE application_no = %s", [number]
        ).fetchone()
        pages = conn.execute(
            "SELECT media_type, width, height, sha256, content FROM application_pages "
            "WHERE application_no = %s ORDER BY seq",
            [number],
        ).fetchall()
    return row, [tuple(p.values()) for p in pages]


def counts(url: str) -> tuple[int, int]:
    with psycopg.connect(url) as conn:
        return (
            conn.execute("SELECT count(*) FROM applications").fetchone()[0],
            conn.execute("SELECT count(*) FROM application_pages").fetchone()[0],
        )


def show(url: str, number: str, *args: str):
    return CliRunner().invoke(main, ["central", "review", "show", number, *args, "--url", url])


def test_an_application_goes_up_whole_with_its_pages_byte_for_byte(
    central_url: str, db_path: Path, hall_config: Path, number: str
) -> None:
    sync_once(hall_config)
    hall_row, hall_pages = hall_application(db_path, number)
    row, pages = central_application(central_url, number)
    assert row is not None
    assert row["hall"] == "north"
    for name in (
        "holder_id",
        "member_id",
        "member_name",
        "relationship",
        "submitted_at",
        "terminal",
        "consent_at",
        "letter_text",
        "letter_sha256",
        "signature",
        "signature_digest",
        "countersigned_by",
    ):
        assert row[name] == hall_row[name], name
    assert (row["status"], row["submitted_status"]) == ("awaiting_review", "awaiting_review")
    assert len(pages) == 3
    assert [(p[0], p[1], p[2], p[3], bytes(p[4])) for p in pages] == hall_pages
    for page in pages:
        assert hashlib.sha256(bytes(page[4])).hexdigest() == page[3]


def test_a_resend_takes_nothing_twice(
    central_url: str, db_path: Path, hall_config: Path, number: str
) -> None:
    sync_once(hall_config)
    before = counts(central_url)
    # the hall died after the central committed, before its own mark: the batch goes again
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE outbox SET sent_at = NULL")
        waiting = conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    output = sync_once(hall_config)
    assert output.splitlines()[0] == f"sync: 0 events sent, {waiting} already at the central"
    assert counts(central_url) == before
    assert before[1] >= 3


def test_a_page_that_does_not_match_its_digest_is_refused_at_the_central(
    central_url: str, north: HallAccess
) -> None:
    letter = "I promise."
    with psycopg.connect(north.url) as conn:
        conn.execute(
            "INSERT INTO applications (hall, application_no, holder_id, member_id, "
            "relationship, submitted_status, status, submitted_at, letter_text, letter_sha256, "
            "signature, signature_digest) VALUES ('north', 'FA20261125000999', 'H', 'M', "
            "'child', 'awaiting_review', 'awaiting_review', '2026-11-25T09:00:00', %s, %s, "
            "'[]', 'x')",
            [letter, hashlib.sha256(letter.encode()).hexdigest()],
        )
        conn.execute(
            "INSERT INTO application_pages (hall, application_no, seq, media_type, sha256, "
            "content) VALUES ('north', 'FA20261125000999', 1, 'image/jpeg', %s, %s)",
            [hashlib.sha256(b"page one").hexdigest(), b"page one"],
        )
        conn.commit()
        with pytest.raises(psycopg.DatabaseError) as caught:
            conn.execute(
                "INSERT INTO application_pages (hall, application_no, seq, media_type, sha256, "
                "content) VALUES ('north', 'FA20261125000999', 2, 'image/jpeg', %s, %s)",
                [hashlib.sha256(b"page two").hexdigest(), b"page 2wo"],
            )
        conn.rollback()
        assert caught.value.sqlstate == "KC002"
        assert str(caught.value).startswith(
            "application FA20261125000999 of hall north refused: page 2 does not match its sha256"
        )
        with pytest.raises(psycopg.DatabaseError) as letter_caught:
            conn.execute(
                "INSERT INTO applications (hall, application_no, holder_id, member_id, "
                "relationship, submitted_status, status, submitted_at, letter_text, "
                "letter_sha256, signature, signature_digest) VALUES ('north', "
                "'FA20261125000998', 'H', 'M', 'child', 'awaiting_review', 'awaiting_review', "
                "'2026-11-25T09:00:00', 'I promise nothing.', %s, '[]', 'x')",
                [hashlib.sha256(letter.encode()).hexdigest()],
            )
        conn.rollback()
        assert str(letter_caught.value).startswith(
            "application FA20261125000998 of hall north refused: its letter does not match"
        )
    assert counts(central_url) == (1, 1)


def test_central_review_show_prints_the_facts_and_writes_the_pages(
    central_url: str, db_path: Path, hall_config: Path, number: str, citizen, tmp_path: Path
) -> None:
    sync_once(hall_config)
    holder, _ = citizen
    hall_row, hall_pages = hall_application(db_path, number)
    folder = tmp_path / "pages"
    result = show(central_url, number, "--pages-to", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"application {number} (hall north): awaiting_review"
    masked_holder = holder.id_number[:6] + "********" + holder.id_number[-4:]
    member = hall_row["member_id"]
    assert lines[1] == f"  holder: {masked_holder}"
    assert lines[2] == (
        f"  member: {hall_row['member_name']} {member[:6]}********{member[-4:]} (child)"
    )
    assert holder.id_number not in result.output and member not in result.output
    assert "  letter: verified" in lines
    assert "    | " + hall_row["letter_text"].splitlines()[0] in lines
    assert "  signature: verified" in lines
    assert "  pages: 3" in lines
    assert sum("sha256 verified" in line for line in lines) == 3
    assert "  decision: none yet" in lines
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [f"{number}-{n}.jpg" for n in (1, 2, 3)]
    assert [f.read_bytes() for f in files] == [p[4] for p in hall_pages]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}


def test_a_page_altered_at_the_central_shows_and_fails_the_command(
    central_url: str, hall_config: Path, number: str
) -> None:
    sync_once(hall_config)
    with psycopg.connect(central_url) as conn:  # the owner, past the insert trigger
        conn.execute(
            "UPDATE application_pages SET content = 'x'::bytea WHERE seq = 2 "
            "AND application_no = %s",
            [number],
        )
    result = show(central_url, number)
    assert result.exit_code == 1
    assert "    page 2: image/jpeg" in result.output
    assert "sha256 DOES NOT VERIFY" in result.output
    assert "  signature: verified" in result.output


def test_another_hall_cannot_see_them(
    central_url: str, hall_config: Path, number: str, north: HallAccess
) -> None:
    sync_once(hall_config)
    south = add_hall(central_url, "south")
    with psycopg.connect(south.url) as conn:
        assert conn.execute("SELECT count(*) FROM applications").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM application_pages").fetchone() == (0,)
    with psycopg.connect(north.url) as conn:
        assert conn.execute("SELECT count(*) FROM applications").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM application_pages").fetchone() == (3,)
        for statement in (
            "UPDATE applications SET status = 'active'",
            "DELETE FROM application_pages",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()


def test_the_central_status_follows_a_withdrawal(
    central_url: str, hall_config: Path, terminal: Terminal, citizen, number: str
) -> None:
    sync_once(hall_config)
    _, session = citizen
    assert terminal.family.withdraw(session, number).ok
    sync_once(hall_config)
    row, _ = central_application(central_url, number)
    assert (row["status"], row["submitted_status"]) == ("withdrawn", "awaiting_review")


def test_withdrawn_before_it_went_up_arrives_withdrawn(
    central_url: str, hall_config: Path, terminal: Terminal, citizen, number: str
) -> None:
    _, session = citizen
    assert terminal.family.withdraw(session, number).ok
    sync_once(hall_config)
    row, pages = central_application(central_url, number)
    assert (row["status"], row["submitted_status"]) == ("withdrawn", "awaiting_review")
    assert len(pages) == 3


def test_the_central_status_follows_the_decision_that_stands(
    central_url: str, hall_config: Path, number: str
) -> None:
    sync_once(hall_config)
    reason = "The household page does not show the child"
    decided = CliRunner().invoke(
        main,
        ["central", "review", "decide", number, "reject", "--reason", reason, "--url", central_url],
    )
    assert decided.exit_code == 0, decided.output
    again = CliRunner().invoke(
        main, ["central", "review", "decide", number, "approve", "--url", central_url]
    )
    assert again.exit_code == 1  # first decision wins
    row, _ = central_application(central_url, number)
    assert row["status"] == "rejected"
    result = show(central_url, number)
    assert result.output.splitlines()[0] == f"application {number} (hall north): rejected"
    assert "  decision: rejected by central:postgres at " in result.output
    assert result.output.splitlines()[-1].endswith(f": {reason}")


def test_an_application_that_has_not_reached_the_central_is_named(central_url: str) -> None:
    result = show(central_url, "FA20261125000001")
    assert result.exit_code == 1
    assert result.output == ("Error: application FA20261125000001 has not reached the central\n")
