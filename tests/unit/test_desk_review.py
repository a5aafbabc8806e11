"""The clerk's and supervisor's use cases, called directly, with roles enforced."""

import json

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.family import MemberDraft
from kiosk.services.roles import NotAllowed
from kiosk.services.terminal import Terminal
from kiosk.store import audit as audit_store
from tests.unit.test_family_submit import LETTER, STROKES, page, submit, unlinked_person


@pytest.fixture
def terminal(config, date_clock):
    return Terminal(config, now=date_clock)


@pytest.fixture
def clerk(terminal):
    staff_id, *_, password = DEMO_STAFF[0]
    return terminal.staff.log_in(staff_id, password).session


@pytest.fixture
def supervisor(terminal):
    staff_id, *_, password = DEMO_STAFF[1]
    return terminal.staff.log_in(staff_id, password).session


@pytest.fixture
def holder(terminal):
    return demo_accounts(terminal.store)[0]


@pytest.fixture
def citizen(holder):
    return CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")


def actions(terminal, n=1):
    return [r["action"] for r in audit_store.rows(terminal.store.db, limit=n)]


# --- roles -------------------------------------------------------------------------------


def test_a_clerk_cannot_do_a_supervisors_tasks(terminal, clerk, holder):
    with pytest.raises(NotAllowed):
        terminal.review.queue(clerk)
    with pytest.raises(NotAllowed):
        terminal.review.approve(clerk, 1)
    with pytest.raises(NotAllowed):
        terminal.desk.reveal_id(clerk, holder.id_number, "checking a complaint")
    with pytest.raises(NotAllowed):
        terminal.audit_page(clerk)
    with pytest.raises(NotAllowed):
        terminal.leave(clerk)


def test_a_citizen_session_can_do_neither(terminal, citizen, holder):
    for call in (
        lambda: terminal.desk.find(citizen, holder.id_number),
        lambda: terminal.desk.unlock(citizen, holder.id_number),
        lambda: terminal.desk.reset_password(citizen, holder.id_number),
        lambda: terminal.desk.open_citizen(citizen, holder.id_number),
        lambda: terminal.review.queue(citizen),
        lambda: terminal.review.reject(citizen, 1, "no reason at all"),
        lambda: terminal.audit_page(citizen),
        lambda: terminal.desk.find(None, holder.id_number),
    ):
        with pytest.raises(NotAllowed):
            call()


def test_a_supervisor_can_do_a_clerks_tasks(terminal, supervisor, holder):
    assert terminal.desk.find(supervisor, holder.id_number).found


# --- finding people ------------------------------------------------------------------------


def test_find_by_whole_id_part_of_id_and_part_of_a_chinese_name(terminal, clerk, holder):
    whole = terminal.desk.find(clerk, holder.id_number.lower())
    assert [c.id_number for c in whole.found] == [holder.id_number]
    assert whole.found[0].masked_id == holder.id_number[:6] + "********" + holder.id_number[-4:]
    assert whole.found[0].account == "active"
    part = terminal.desk.find(clerk, holder.id_number[-6:])
    assert holder.id_number in [c.id_number for c in part.found]
    by_name = terminal.desk.find(clerk, holder.name[1:])
    assert holder.id_number in [c.id_number for c in by_name.found]
    assert all(holder.name[1:] in c.name for c in by_name.found)
    assert actions(terminal) == ["citizen:search"]
    assert holder.id_number not in str(audit_store.rows(terminal.store.db, limit=3))


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "desk.query_empty"),
        ("   ", "desk.query_empty"),
        ("110", "desk.query_short"),
        ("x" * 41, "desk.query_long"),
    ],
)
def test_bad_searches_say_why(terminal, clerk, query, error):
    assert terminal.desk.find(clerk, query).error == error


def test_hostile_and_wildcard_searches_match_literally(terminal, clerk):
    assert terminal.desk.find(clerk, "%").found == []
    assert terminal.desk.find(clerk, "_").found == []
    assert terminal.desk.find(clerk, "[bold]x\x1b[31m").found == []


def test_a_common_surname_is_capped_at_20_with_a_note(terminal, clerk):
    surname = terminal.store.db.execute(
        "SELECT substr(name, 1, 1) s FROM persons GROUP BY s ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    result = terminal.desk.find(clerk, surname)
    assert 0 < len(result.found) <= 20


# --- acting for a citizen ---------------------------------------------------------------------


def never_activated(terminal):
    return terminal.store.db.execute(
        "SELECT id_number, name, birth_date FROM persons WHERE status = 'active' AND "
        "id_number NOT IN (SELECT id_number FROM credentials) LIMIT 1"
    ).fetchone()


def test_assisted_activation_needs_the_card_check_and_records_it(terminal, clerk):
    id_number, name, _ = never_activated(terminal)
    refused = terminal.desk.activate(
        clerk, id_number, card_checked=False, password="Kiosk-Pass-77", repeated="Kiosk-Pass-77"
    )
    assert refused.errors == {"card_checked": "desk.card_not_checked"}
    assert terminal.store.db["credentials"].count_where("id_number = ?", [id_number]) == 0
    mismatch = terminal.desk.activate(
        clerk, id_number, card_checked=True, password="Kiosk-Pass-77", repeated="Kiosk-Pass-78"
    )
    assert mismatch.errors == {"repeated": "password.mismatch"}
    done = terminal.desk.activate(
        clerk, id_number, card_checked=True, password="Kiosk-Pass-77", repeated="Kiosk-Pass-77"
    )
    assert done.ok
    row = audit_store.rows(terminal.store.db, limit=1)[0]
    assert (row["actor"], row["action"]) == ("staff:desk01@KIOSK-01", "account:activate")
    assert '"card_checked": true' in row["detail"]
    assert terminal.accounts.log_in(id_number, "Kiosk-Pass-77").session is not None


def test_unlock_lifts_a_lock(terminal, clerk, holder):
    for _ in range(5):
        terminal.accounts.log_in(holder.id_number, "not-the-password")
    assert terminal.desk.citizen(clerk, holder.id_number).account == "locked"
    assert terminal.accounts.log_in(holder.id_number, holder.password).session is None
    assert terminal.desk.unlock(clerk, holder.id_number) is True
    assert actions(terminal) == ["account:unlock"]
    assert terminal.accounts.log_in(holder.id_number, holder.password).session is not None
    assert terminal.desk.unlock(clerk, holder.id_number) is False


def test_a_temporary_password_works_once_must_be_replaced_and_expires(
    terminal, clerk, holder, date_clock
):
    outcome, temporary = terminal.desk.reset_password(clerk, holder.id_number)
    assert outcome.ok and len(temporary.password) == 10
    assert terminal.accounts.log_in(holder.id_number, holder.password).session is None
    session = terminal.accounts.log_in(holder.id_number, temporary.password).session
    assert session.must_change_password
    assert terminal.desk.citizen(clerk, holder.id_number).account == "temporary"
    # Spent by that first login: again, it sends the citizen to the counter.
    for _ in range(2):
        assert terminal.accounts.log_in(holder.id_number, temporary.password).errors == {
            "form": "login.temporary_used"
        }
    assert temporary.password not in str(audit_store.rows(terminal.store.db, limit=5))
    # The session proves who it is: the new password twice is all it takes.
    assert terminal.accounts.replace_temporary(session, "Brand-7", "Brand-7").errors == {
        "new": "password.too_short"
    }
    assert terminal.accounts.replace_temporary(session, "Brand-New-55", "Brand-New-56").errors == {
        "repeated": "password.mismatch"
    }
    assert terminal.accounts.replace_temporary(session, "Brand-New-55", "Brand-New-55").ok
    again = terminal.accounts.log_in(holder.id_number, "Brand-New-55").session
    assert not again.must_change_password
    # Only once, and never for a session that did not spend a temporary password.
    assert terminal.accounts.replace_temporary(session, "Other-New-66", "Other-New-66").errors == {
        "form": "login.temporary_used"
    }
    assert terminal.accounts.replace_temporary(again, "Other-New-66", "Other-New-66").errors == {
        "form": "login.temporary_used"
    }

    _, second = terminal.desk.reset_password(clerk, holder.id_number)
    date_clock.advance(hours=24, seconds=1)
    expired = terminal.accounts.log_in(holder.id_number, second.password)
    assert expired.errors == {"form": "login.temporary_expired"}


def test_reset_needs_an_activated_account(terminal, clerk):
    id_number, *_ = never_activated(terminal)
    outcome, temporary = terminal.desk.reset_password(clerk, id_number)
    assert outcome.errors == {"form": "desk.not_activated"} and temporary is None


def test_revealing_a_full_id_needs_a_reason_and_is_audited(terminal, supervisor, holder):
    assert terminal.desk.reveal_id(supervisor, holder.id_number, "  ").errors == {
        "reason": "desk.reason_short"
    }
    shown = terminal.desk.reveal_id(
        supervisor, holder.id_number, "Citizen disputes [b]x[/b]\x1b[2J"
    )
    assert shown == holder.id_number
    row = audit_store.rows(terminal.store.db, limit=1)[0]
    assert row["action"] == "citizen:reveal_id"
    assert "Citizen disputes [b]x[/b]" in row["detail"] and "\x1b" not in row["detail"]
    assert holder.id_number not in row["subject"]


# --- review ---------------------------------------------------------------------------------


@pytest.fixture
def application(terminal, citizen, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    outcome, submitted = submit(terminal, citizen, child, password=holder.password)
    assert outcome.ok
    return terminal.store.db.execute(
        "SELECT id FROM enrollments WHERE application_no = ?", [submitted.application_no]
    ).fetchone()[0]


def test_the_queue_shows_pending_applications_oldest_first(terminal, supervisor, application):
    queue = terminal.review.queue(supervisor)
    assert [item.enrollment_id for item in queue][-1] == application
    assert [i.submitted_at for i in queue] == sorted(i.submitted_at for i in queue)
    opened = terminal.review.application(supervisor, application)
    assert opened.intact and len(opened.pages) == 2 and opened.letter_text == LETTER


def test_approve_once_and_the_member_is_active(terminal, supervisor, application, citizen):
    assert terminal.review.approve(supervisor, application).ok
    member = terminal.family.members(citizen)[-1]
    assert member.status == "active"
    again = terminal.review.approve(supervisor, application)
    assert again.errors == {"form": "review.already_active"}
    assert terminal.review.reject(supervisor, application, "changed my mind").errors == {
        "form": "review.already_active"
    }


def test_reject_needs_a_reason_which_the_citizen_sees_literally(
    terminal, supervisor, application, citizen
):
    before = terminal.store.db["audit_log"].count
    assert terminal.review.reject(supervisor, application, "   ").errors == {
        "reason": "review.reason_required"
    }
    assert terminal.store.db["audit_log"].count == before
    reason = "Page 2 unreadable [bold]please rescan[/]"
    assert terminal.review.reject(supervisor, application, reason).ok
    member = terminal.family.members(citizen)[-1]
    assert (member.status, member.reason) == ("rejected", reason)


def test_a_withdrawn_application_cannot_be_approved(terminal, supervisor, application, citizen):
    number = terminal.family.members(citizen)[-1].application_no
    assert terminal.family.withdraw(citizen, number).ok
    assert terminal.family.members(citizen)[-1].status == "withdrawn"
    assert terminal.review.approve(supervisor, application).errors == {
        "form": "review.already_withdrawn"
    }
    assert application not in [i.enrollment_id for i in terminal.review.queue(supervisor)]


def test_a_tampered_letter_fails_the_check_and_cannot_be_approved(
    terminal, supervisor, application
):
    terminal.store.db.execute(
        "UPDATE enrollments SET letter_text = letter_text || ' ' WHERE id = ?", [application]
    )
    terminal.store.db.conn.commit()
    opened = terminal.review.application(supervisor, application)
    assert not opened.letter_intact and opened.signature_intact
    assert terminal.review.approve(supervisor, application).errors == {
        "form": "review.integrity_failed"
    }


def test_pages_export_to_files(terminal, supervisor, application, tmp_path):
    written = terminal.review.export_pages(supervisor, application, tmp_path / "out")
    assert len(written) == 2
    assert all(p.read_bytes()[:2] == b"\xff\xd8" for p in written)
    assert actions(terminal) == ["family:export"]


def application_number(terminal, enrollment_id):
    return terminal.store.db.execute(
        "SELECT application_no FROM enrollments WHERE id = ?", [enrollment_id]
    ).fetchone()[0]


def test_an_export_replaces_a_planted_symlink_not_its_target(
    terminal, supervisor, application, tmp_path
):
    folder = tmp_path / "out"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not for overwriting")
    planted = folder / f"{application_number(terminal, application)}-page1.jpg"
    planted.symlink_to(victim)
    written = terminal.review.export_pages(supervisor, application, folder)
    assert victim.read_bytes() == b"not for overwriting"
    assert planted in written and not planted.is_symlink()
    assert planted.read_bytes()[:2] == b"\xff\xd8"
    again = terminal.review.export_pages(supervisor, application, folder)  # a second export
    assert again == written and sorted(folder.iterdir()) == sorted(written)
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {"0o600"}


@pytest.mark.parametrize("where", ["a-file", "a-file/exports"])
def test_an_export_folder_that_cannot_be_used_is_refused_whole(
    terminal, supervisor, application, tmp_path, where
):
    # Tests run as root, which writes through any mode bits: a folder whose path goes
    # through a regular file is one no user can create or write in.
    from kiosk.services.review import ExportRefused

    (tmp_path / "a-file").write_text("a file, not a folder")
    with pytest.raises(ExportRefused):
        terminal.review.export_pages(supervisor, application, tmp_path / where)
    assert (tmp_path / "a-file").read_text() == "a file, not a folder"
    assert "family:export" not in actions(terminal, 3)


# --- assisted enrollment ---------------------------------------------------------------------


def test_an_assisted_enrollment_is_countersigned_by_the_clerk(terminal, clerk, holder):
    session = terminal.desk.open_citizen(clerk, holder.id_number)
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    draft = MemberDraft(child["id_number"], child["name"], "child")
    args = dict(
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((1, 2, 3)), page((4, 5, 6))],
        letter_text=LETTER,
        strokes=STROKES,
    )
    wrong, _ = terminal.family.submit(session, draft, password=holder.password, staff=clerk, **args)
    assert wrong.errors == {"password": "family.countersign_wrong"}
    with pytest.raises(NotAllowed):
        terminal.family.submit(session, draft, password=DEMO_STAFF[0][3], staff=None, **args)
    outcome, submitted = terminal.family.submit(
        session, draft, password=DEMO_STAFF[0][3], staff=clerk, **args
    )
    assert outcome.ok
    row = terminal.store.db.execute(
        "SELECT countersigned_by FROM enrollments WHERE application_no = ?",
        [submitted.application_no],
    ).fetchone()
    assert row[0] == "desk01"
    assert audit_store.rows(terminal.store.db, limit=1)[0]["actor"] == "staff:desk01@KIOSK-01"


# --- the audit chain -----------------------------------------------------------------------


def test_audit_verify_names_an_edited_row(terminal, clerk, holder, db_path):
    for _ in range(3):
        terminal.desk.find(clerk, holder.id_number)
    runner = CliRunner()
    assert "intact" in runner.invoke(main, ["audit", "verify", "--db", str(db_path)]).output
    target = audit_store.rows(terminal.store.db, limit=3)[1]["seq"]
    db = terminal.store.db
    db.execute("DROP TRIGGER audit_log_no_update")  # what someone with the file could do
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [target])
    db.conn.commit()
    result = runner.invoke(main, ["audit", "verify", "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"broken at row {target}" in result.output and "edited" in result.output


def test_audit_verify_names_a_deleted_row(terminal, clerk, holder, db_path):
    for _ in range(3):
        terminal.desk.find(clerk, holder.id_number)
    rows = audit_store.rows(terminal.store.db, limit=3)
    db = terminal.store.db
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute("DELETE FROM audit_log WHERE seq = ?", [rows[1]["seq"]])
    db.conn.commit()
    result = CliRunner().invoke(main, ["audit", "verify", "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"broken at row {rows[1]['seq']}: it was deleted" in result.output


def test_the_audit_log_refuses_update_and_delete(terminal):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        terminal.store.db.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError):
        terminal.store.db.execute("DELETE FROM audit_log")


def test_the_audit_viewer_filters_by_time_actor_and_action(terminal, supervisor, clerk, holder):
    terminal.desk.find(clerk, holder.id_number)
    page_ = terminal.audit_page(supervisor, actor="desk01", action="search")
    assert page_.rows and all(r.actor.startswith("staff:desk01") for r in page_.rows)
    assert all(r.action == "citizen:search" for r in page_.rows)
    assert terminal.audit_page(supervisor, since="2999-01-01").rows == []
    assert terminal.audit_page(supervisor, since="yesterday").errors == {
        "since": "audit_log.date_invalid"
    }
    assert terminal.audit_page(supervisor, since="2026-11-02", until="2026-11-01").errors == {
        "until": "audit_log.until_before"
    }


def test_only_a_clerk_may_attach_a_typed_path(terminal, clerk, citizen, tmp_path):
    from kiosk.domain.images import ImageRefused

    good = tmp_path / "scan.jpg"
    good.write_bytes(page((9, 9, 9)).content)
    assert terminal.desk.read_page(clerk, f"  {good}  ").width == 120
    with pytest.raises(NotAllowed):
        terminal.desk.read_page(citizen, str(good))
    for bad in ("", str(tmp_path / "none.jpg"), str(tmp_path), "/etc/passwd"):
        with pytest.raises(ImageRefused):
            terminal.desk.read_page(clerk, bad)


# --- an account changed while its session is open ----------------------------------------


def snapshot(terminal):
    """Everything a staff use case could write, to compare before and after."""
    db = terminal.store.db
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        for table in (
            "audit_log",
            "credentials",
            "lockouts",
            "enrollments",
            "family_links",
            "outbox",
        )
    }


@pytest.mark.parametrize("change", ["disable", "demote"])
def test_a_disabled_or_demoted_supervisor_is_refused_by_every_staff_use_case(
    terminal, supervisor, holder, application, tmp_path, change
):
    from kiosk.services.roles import StaffRevoked

    scan = tmp_path / "scan.jpg"
    scan.write_bytes(page((9, 9, 9)).content)
    for _ in range(5):
        terminal.accounts.log_in(holder.id_number, "not-the-password")
    session = terminal.desk.open_citizen(supervisor, holder.id_number)
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    draft = MemberDraft(child["id_number"], child["name"], "child")
    id_number, *_ = never_activated(terminal)
    if change == "disable":
        terminal.staff.disable(supervisor.staff_id, "operator:test")
    else:
        terminal.staff.set_role(supervisor.staff_id, "clerk", "operator:test")
    before = snapshot(terminal)
    calls = {
        "find": lambda: terminal.desk.find(supervisor, holder.id_number),
        "citizen": lambda: terminal.desk.citizen(supervisor, holder.id_number),
        "open_citizen": lambda: terminal.desk.open_citizen(supervisor, holder.id_number),
        "activate": lambda: terminal.desk.activate(
            supervisor,
            id_number,
            card_checked=True,
            password="Kiosk-Pass-77",
            repeated="Kiosk-Pass-77",
        ),
        "unlock": lambda: terminal.desk.unlock(supervisor, holder.id_number),
        "reset_password": lambda: terminal.desk.reset_password(supervisor, holder.id_number),
        "read_page": lambda: terminal.desk.read_page(supervisor, str(scan)),
        "reveal_id": lambda: terminal.desk.reveal_id(
            supervisor, holder.id_number, "Citizen asked for a printout"
        ),
        "queue": lambda: terminal.review.queue(supervisor),
        "application": lambda: terminal.review.application(supervisor, application),
        "approve": lambda: terminal.review.approve(supervisor, application),
        "reject": lambda: terminal.review.reject(supervisor, application, "Page 2 is blurred"),
        "export_pages": lambda: terminal.review.export_pages(
            supervisor, application, tmp_path / "out"
        ),
        "audit_page": lambda: terminal.audit_page(supervisor),
        "leave": lambda: terminal.leave(supervisor),
        "countersign": lambda: terminal.family.submit(
            session,
            draft,
            consent_at="2026-11-25T09:01:00+00:00",
            pages=[page((1, 2, 3)), page((4, 5, 6))],
            letter_text=LETTER,
            strokes=STROKES,
            password=DEMO_STAFF[1][3],
            staff=supervisor,
        ),
    }
    if change == "disable":  # a demoted supervisor is still a clerk: they may act for a citizen
        calls["withdraw for the citizen"] = lambda: terminal.family.withdraw(
            session, terminal.family.members(session)[-1].application_no
        )
    allowed = []
    for name, call in calls.items():
        try:
            call()
        except StaffRevoked:
            continue
        allowed.append(name)
    assert allowed == []
    assert snapshot(terminal) == before
    assert not (tmp_path / "out").exists()


def test_a_disabled_clerk_is_refused_and_an_enabled_one_works_again(terminal, clerk, holder):
    from kiosk.services.roles import StaffRevoked

    terminal.staff.disable(clerk.staff_id, "operator:test")
    with pytest.raises(StaffRevoked):
        terminal.desk.find(clerk, holder.id_number)
    terminal.staff.enable(clerk.staff_id, "operator:test")
    assert terminal.desk.find(clerk, holder.id_number).found
    terminal.staff.set_role(clerk.staff_id, "supervisor", "operator:test")
    assert terminal.desk.find(clerk, holder.id_number).found  # promoted: a clerk's rights stay
    with pytest.raises(NotAllowed):
        terminal.review.queue(clerk)  # a supervisor's need a new login


def young_parent_child(terminal, holder):
    """Someone born less than 12 years after the holder (the check asks to confirm it)."""
    born = terminal.store.db.execute(
        "SELECT birth_date FROM persons WHERE id_number = ?", [holder.id_number]
    ).fetchone()[0]
    return next(
        terminal.store.db.query(
            "SELECT * FROM persons WHERE id_number != ? AND birth_date > ? "
            "AND birth_date < date(?, '+12 years') "
            "AND id_number NOT IN (SELECT member_id FROM family_links) LIMIT 1",
            [holder.id_number, born, born],
        )
    )


def test_a_child_born_under_12_years_after_the_holder_needs_the_confirmation(
    terminal, citizen, holder
):
    child = young_parent_child(terminal, holder)
    assert terminal.family.check(citizen, child["id_number"], child["name"], "child").warnings == [
        "family.young_parent"
    ]
    db = terminal.store.db
    before = db["enrollments"].count
    outcome, submitted = submit(terminal, citizen, child, password=holder.password)
    assert submitted is None and outcome.errors == {"age_gap": "family.age_gap_unconfirmed"}
    assert db["enrollments"].count == before

    outcome, submitted = terminal.family.submit(
        citizen,
        MemberDraft(child["id_number"], child["name"], "child", age_gap_confirmed=True),
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((i * 40, 90, 90)) for i in range(2)],
        letter_text=LETTER,
        strokes=STROKES,
        password=holder.password,
    )
    assert outcome.ok, outcome.errors
    row = db.execute(
        "SELECT id, age_gap_confirmed FROM enrollments WHERE application_no = ?",
        [submitted.application_no],
    ).fetchone()
    assert row[1] == 1
    detail = json.loads(
        db.execute(
            "SELECT detail FROM audit_log WHERE action = 'family:submit' ORDER BY seq DESC LIMIT 1"
        ).fetchone()[0]
    )
    assert detail["age_gap_confirmed"] is True


def test_the_review_flags_a_confirmed_age_gap(terminal, supervisor, citizen, holder, application):
    child = young_parent_child(terminal, holder)
    outcome, submitted = terminal.family.submit(
        citizen,
        MemberDraft(child["id_number"], child["name"], "child", age_gap_confirmed=True),
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((i * 40, 90, 90)) for i in range(2)],
        letter_text=LETTER,
        strokes=STROKES,
        password=holder.password,
    )
    assert outcome.ok, outcome.errors
    flagged = {i.application_no: i.age_gap_confirmed for i in terminal.review.queue(supervisor)}
    assert flagged[submitted.application_no] is True
    assert not terminal.review.application(supervisor, application).item.age_gap_confirmed
