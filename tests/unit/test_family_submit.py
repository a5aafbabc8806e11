"""Submitting a family member: all of it in one transaction, checked again, or nothing."""

import io
import json
import math

import pytest
from PIL import Image

from kiosk.demo.builder import demo_accounts
from kiosk.domain.images import clean_image
from kiosk.domain.signature import canonical, letter_sha256, signing_digest
from kiosk.services.accounts import CitizenSession
from kiosk.services.family import MemberDraft
from kiosk.services.terminal import Terminal

LETTER = "本人承诺：所填家庭成员信息真实有效。"
STROKES = [[(30 * i / 40, 3 + 3 * math.sin(i / 3), i * 15) for i in range(40)]]


def page(colour) -> object:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(out, "JPEG")
    return clean_image(out.getvalue())


@pytest.fixture
def terminal(config):
    return Terminal(config)


@pytest.fixture
def holder(terminal):
    return demo_accounts(terminal.store)[0]


@pytest.fixture
def session(holder):
    return CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")


def unlinked_person(terminal, holder, *, older_than=None, younger_than=None):
    where = ["id_number != ?", "id_number NOT IN (SELECT member_id FROM family_links)"]
    params = [holder.id_number]
    if older_than:
        where.append("birth_date < ?")
        params.append(older_than)
    if younger_than:
        where.append("birth_date > ?")
        params.append(younger_than)
    return next(
        terminal.store.db.query(
            f"SELECT * FROM persons WHERE {' AND '.join(where)} LIMIT 1", params
        )
    )


def counts(terminal):
    db = terminal.store.db
    return {
        t: db[t].count for t in ("enrollments", "family_links", "documents", "outbox", "audit_log")
    }


def submit(
    terminal, session, person, relationship="child", password=None, pages=2, strokes=STROKES
):
    return terminal.family.submit(
        session,
        MemberDraft(person["id_number"], person["name"], relationship),
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((i * 40, 90, 90)) for i in range(pages)],
        letter_text=LETTER,
        strokes=strokes,
        password=password,
    )


def test_a_child_is_submitted_whole(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    before = counts(terminal)
    outcome, submitted = submit(terminal, session, child, password=holder.password)
    assert outcome.ok, outcome.errors
    assert submitted.status == "awaiting_review"
    assert submitted.application_no.startswith("FA")
    after = counts(terminal)
    assert {k: after[k] - before[k] for k in after} == {
        "enrollments": 1,
        "family_links": 1,
        "documents": 2,
        "outbox": 1,
        "audit_log": 1,
    }
    members = terminal.family.members(session)
    assert [(m.masked_id, m.status, m.application_no) for m in members][-1] == (
        child["id_number"][:6] + "********" + child["id_number"][-4:],
        "awaiting_review",
        submitted.application_no,
    )
    again = terminal.family.check(session, child["id_number"], child["name"], "child")
    assert again.errors == {"id_number": "family.already_linked"}


def test_a_member_of_16_or_more_waits_for_staff_verification(terminal, session, holder):
    adult = unlinked_person(terminal, holder, older_than="2000-01-01")
    outcome, submitted = submit(terminal, session, adult, "other", password=holder.password)
    assert outcome.ok and submitted.status == "awaiting_verification"


def test_what_was_signed_can_be_checked_later(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    submit(terminal, session, child, password=holder.password)
    row = next(terminal.store.db.query("SELECT * FROM enrollments ORDER BY id DESC LIMIT 1"))
    assert row["letter_sha256"] == letter_sha256(row["letter_text"])
    assert row["signature_digest"] == signing_digest(
        row["letter_sha256"], row["signature"], holder.id_number, row["submitted_at"]
    )
    tampered = row["letter_text"].replace("真实", "虚假")
    assert (
        signing_digest(
            letter_sha256(tampered), row["signature"], holder.id_number, row["submitted_at"]
        )
        != row["signature_digest"]
    )


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        ({"password": "wrong-password"}, {"password": "family.password_wrong"}),
        ({"pages": 1}, {"pages": "family.pages_missing"}),
        ({"strokes": [[(1.0, 1.0, 0)]]}, {"signature": "signature.trivial"}),
        ({"strokes": []}, {"signature": "signature.empty"}),
    ],
)
def test_refusals_write_nothing(terminal, session, holder, kwargs, errors):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    before = counts(terminal)
    kwargs.setdefault("password", holder.password)
    outcome, submitted = submit(terminal, session, child, **kwargs)
    assert outcome.errors == errors and submitted is None
    # Nothing but the audit row of a wrong password (it counts like a wrong login).
    audited = 1 if "password" in errors else 0
    assert counts(terminal) == {**before, "audit_log": before["audit_log"] + audited}


def test_the_form_is_checked_again_at_submission(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    outcome, _ = terminal.family.submit(
        session,
        MemberDraft(child["id_number"], child["name"] + "伟", "child"),
        consent_at="x",
        pages=[page((1, 2, 3)), page((3, 2, 1))],
        letter_text=LETTER,
        strokes=STROKES,
        password=holder.password,
    )
    assert outcome.errors == {"form": "family.details_not_found"}
    assert canonical(STROKES)  # the strokes were fine; only the name was wrong


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("zh", ["个人承诺", "子女", "示范区医疗保障服务大厅", "KIOSK-01"]),
        (
            "en",
            [
                "I promise",
                "relationship to me: Child",
                "Demo District Medical Insurance Service Hall",
            ],
        ),
        ("es", ["Me comprometo", "Hijo o hija", "terminal KIOSK-01"]),
    ],
)
def test_the_letter_names_everyone_masked_in_the_holders_language(
    terminal, session, holder, language, phrases
):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    letter = terminal.family.letter(
        session, MemberDraft(child["id_number"], child["name"], "child"), language
    )
    for phrase in phrases:
        assert phrase in letter.text
    assert child["id_number"][:6] + "********" + child["id_number"][-4:] in letter.text
    assert child["id_number"] not in letter.text and holder.id_number not in letter.text
    assert holder.name in letter.text and child["name"] in letter.text
    assert letter.sha256 == letter_sha256(letter.text)


def test_two_terminals_submitting_the_same_member_at_once_make_one_enrollment(
    terminal, session, holder
):
    import threading

    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    results = []
    start = threading.Barrier(2)

    def one_terminal():
        start.wait()
        results.append(submit(terminal, session, child, password=holder.password))

    threads = [threading.Thread(target=one_terminal) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes = sorted((bool(s), o.errors) for o, s in results)
    assert outcomes == [(False, {"id_number": "family.already_linked"}), (True, {})]
    db = terminal.store.db
    assert (
        db.execute(
            "SELECT count(*) FROM enrollments WHERE member_id = ?", [child["id_number"]]
        ).fetchone()[0]
        == 1
    )
    from kiosk.store.health import broken_enrollments

    assert broken_enrollments(db) == []


def test_wrong_signature_passwords_count_toward_the_lock_and_are_audited(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    for _ in range(12):
        outcome, submitted = submit(terminal, session, child, password="not-the-password")
        assert outcome.errors == {"password": "family.password_wrong"} and submitted is None
    # Locked by now: the right password gets the same answer, and nothing is written.
    outcome, submitted = submit(terminal, session, child, password=holder.password)
    assert outcome.errors == {"password": "family.password_wrong"} and submitted is None
    assert terminal.accounts.is_locked(holder.id_number)
    assert terminal.store.db["enrollments"].count_where("member_id = ?", [child["id_number"]]) == 0
    rows = list(
        terminal.store.db.query("SELECT * FROM audit_log WHERE action = 'family:password_failure'")
    )
    assert len(rows) == 13
    text = str(rows)
    assert holder.password not in text and "not-the-password" not in text
    assert holder.id_number not in text
    assert terminal.accounts.log_in(holder.id_number, holder.password).errors == {
        "form": "login.failed"
    }


def audit_rows(terminal, action):
    return list(
        terminal.store.db.query("SELECT * FROM audit_log WHERE action = ? ORDER BY seq", [action])
    )


def test_every_member_check_is_audited_without_the_typed_name(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    family = terminal.family
    assert family.check(session, child["id_number"], child["name"], "child").ok
    refused = family.check(session, child["id_number"], "李四不对", "child")
    assert refused.errors == {"form": "family.details_not_found"} and not refused.ended
    rows = audit_rows(terminal, "family:check")
    assert len(rows) == 2
    masked = child["id_number"][:6] + "********" + child["id_number"][-4:]
    assert [json.loads(r["detail"])["outcome"] for r in rows] == [
        "accepted",
        "family.details_not_found",
    ]
    for row in rows:
        assert json.loads(row["detail"])["member"] == masked
        assert child["id_number"] not in str(row) and "李四不对" not in str(row)
        assert child["name"] not in str(row)


def test_the_eleventh_refused_member_check_ends_the_session(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    family = terminal.family
    for n in range(10):
        result = family.check(session, child["id_number"], f"不对{n}", "child")
        assert result.errors == {"form": "family.details_not_found"} and not result.ended
    assert family.check(session, child["id_number"], "不对", "child").ended
    # A new login is no way round it: the right details are not even looked at today.
    again = CitizenSession(holder.id_number, holder.name, "2026-11-25T09:30:00+00:00")
    result = family.check(again, child["id_number"], child["name"], "child")
    assert result.errors == {"form": "family.checks_locked"}
    assert json.loads(audit_rows(terminal, "family:check")[-1]["detail"])["outcome"] == (
        "family.checks_locked"
    )
    # At the counter, a clerk who has the citizen's ID card in hand can still help.
    desk = CitizenSession(
        holder.id_number, holder.name, "2026-11-25T09:40:00+00:00", assisted_by="desk01"
    )
    assert family.check(desk, child["id_number"], child["name"], "child").ok


def test_attached_inbox_scans_leave_the_inbox_once_submitted(terminal, session, holder):
    inbox = terminal.config.inbox_path
    inbox.mkdir(exist_ok=True)
    for name in ("mine-1.jpg", "mine-2.jpg", "someone-elses.jpg"):
        (inbox / name).write_bytes(b"scan")
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    draft = MemberDraft(child["id_number"], child["name"], "child")
    kwargs = dict(
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((1, 2, 3)), page((3, 2, 1))],
        letter_text=LETTER,
        strokes=STROKES,
        inbox_names=["mine-1.jpg", "mine-2.jpg"],
    )
    outcome, submitted = terminal.family.submit(session, draft, password="wrong", **kwargs)
    assert submitted is None and (inbox / "mine-1.jpg").exists()  # refused: nothing moves
    outcome, submitted = terminal.family.submit(session, draft, password=holder.password, **kwargs)
    assert submitted is not None
    assert sorted(p.name for p in inbox.iterdir()) == ["someone-elses.jpg"]
    assert terminal.store.db["documents"].count == 2


def test_the_signature_step_checks_the_password_as_submit_does(terminal, session, holder):
    """A wrong password on the sign step counts and is audited once per try; a right one
    counts nothing there, nor again when submit checks it once more."""
    from kiosk.store import lockouts as lockouts_store

    def failures():
        subject = terminal.accounts.subject(holder.id_number)
        return lockouts_store.get(terminal.store.db, subject).failed_count

    def audited():
        return terminal.store.db["audit_log"].count_where("action = 'family:password_failure'")

    family = terminal.family
    assert family.confirm_signature(session, "not-the-password").errors == {
        "password": "family.password_wrong"
    }
    assert family.confirm_signature(session, "not-the-password-either").errors == {
        "password": "family.password_wrong"
    }
    assert (failures(), audited()) == (2, 2)
    assert family.confirm_signature(session, holder.password).ok
    assert (failures(), audited()) == (0, 2)
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    outcome, submitted = submit(terminal, session, child, password=holder.password)
    assert submitted is not None
    assert (failures(), audited()) == (0, 2)
