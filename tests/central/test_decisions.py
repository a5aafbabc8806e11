"""Decisions on a family application: the first the central accepts wins. A later one with
the other verdict is refused at the central (kept on record, not applied), and the hall
ends showing the central's decision."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.config import load
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.central import add_hall
from kiosk.services.terminal import Terminal
from tests.unit.conftest import DateClock
from tests.unit.test_family_submit import submit, unlinked_person

REASON = "The household page does not show the child"


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
    terminal = Terminal(load(hall_config), now=DateClock())
    yield terminal
    terminal.store.close()


@pytest.fixture
def supervisor(terminal: Terminal):
    staff_id, *_, password = DEMO_STAFF[1]
    return terminal.staff.log_in(staff_id, password).session


@pytest.fixture
def citizen(terminal: Terminal):
    holder = demo_accounts(terminal.store)[0]
    return holder, CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")


@pytest.fixture
def application(terminal: Terminal, citizen, hall_config: Path) -> tuple[int, str]:
    """A pending application, sent up to the central."""
    holder, session = citizen
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    outcome, submitted = submit(terminal, session, child, password=holder.password)
    assert outcome.ok
    sync_once(hall_config)
    number = submitted.application_no
    enrollment_id = terminal.store.db.execute(
        "SELECT id FROM enrollments WHERE application_no = ?", [number]
    ).fetchone()[0]
    return enrollment_id, number


def sync_once(config: Path) -> str:
    result = CliRunner().invoke(main, ["sync", "--once", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def central_decide(url: str, number: str, *args: str):
    return CliRunner().invoke(main, ["central", "review", "decide", number, *args, "--url", url])


def hall_status(terminal: Terminal, number: str) -> tuple[str, str, str]:
    return terminal.store.db.execute(
        "SELECT status, reviewed_by, review_reason FROM enrollments WHERE application_no = ?",
        [number],
    ).fetchone()


def refused_at_central(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT hall, application_no, status, decided_by, kept_status FROM decisions_refused"
        ).fetchall()


def test_the_central_decides_first_and_the_halls_other_decision_gives_way(
    central_url: str, hall_config: Path, terminal: Terminal, supervisor, citizen, application
) -> None:
    enrollment_id, number = application
    decided = central_decide(central_url, number, "reject", "--reason", REASON)
    assert decided.exit_code == 0, decided.output
    assert decided.output == f"application {number} (hall north) rejected by central:postgres\n"
    # the hall has not pulled it yet: its supervisor approves
    assert terminal.review.approve(supervisor, enrollment_id).ok
    assert hall_status(terminal, number)[0] == "active"
    output = sync_once(hall_config)
    assert "1 decisions applied" in output
    assert hall_status(terminal, number) == ("rejected", "central:postgres", REASON)
    _, session = citizen
    member = [m for m in terminal.family.members(session) if m.application_no == number]
    assert [m.status for m in member] == ["rejected"]
    assert refused_at_central(central_url) == [
        ("north", number, "active", "hall:north", "rejected")
    ]
    actions = [
        r[0]
        for r in terminal.store.db.execute(
            "SELECT action FROM audit_log WHERE action = 'family:central_decision'"
        ).fetchall()
    ]
    assert actions == ["family:central_decision"]
    sync_once(hall_config)
    assert hall_status(terminal, number)[0] == "rejected"  # and it stays so


def test_the_hall_decides_first_and_the_centrals_other_verdict_is_refused(
    central_url: str, hall_config: Path, terminal: Terminal, supervisor, application
) -> None:
    enrollment_id, number = application
    assert terminal.review.approve(supervisor, enrollment_id).ok
    sync_once(hall_config)  # the decision goes up
    refused = central_decide(central_url, number, "reject", "--reason", REASON)
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: refused: application {number} was already approved by hall:north\n"
    )
    assert refused_at_central(central_url) == [
        ("north", number, "rejected", "central:postgres", "active")
    ]
    sync_once(hall_config)
    assert hall_status(terminal, number)[0] == "active"
    again = central_decide(central_url, number, "approve")
    assert again.exit_code == 0  # the same verdict: it stands already
    assert again.output == f"application {number} (hall north) approved by hall:north\n"


def test_an_application_the_central_has_not_seen_cannot_be_decided(central_url: str) -> None:
    result = central_decide(central_url, "FA20261125999999", "approve")
    assert result.exit_code == 1
    assert result.output == "Error: application FA20261125999999 has not reached the central\n"


def test_a_rejection_needs_a_reason(central_url: str) -> None:
    result = central_decide(central_url, "FA20261125999999", "reject")
    assert result.exit_code == 1
    assert "needs a reason" in result.output
