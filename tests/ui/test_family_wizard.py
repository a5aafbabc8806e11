"""The whole enrollment wizard with real scans made by Pillow and a signature drawn with the mouse."""

import datetime
import io
import json
import os
import time

import pytest
from PIL import Image
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Select

from kiosk.config import FamilyConfig
from kiosk.demo.builder import demo_accounts
from kiosk.domain.images import clean_image
from kiosk.services.accounts import CitizenSession
from kiosk.services.inbox import session_since
from kiosk.ui import make_app
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.family_confirm import FamilyConfirmScreen
from kiosk.ui.screens.family_draft import EnrollmentDraft, Page
from kiosk.ui.screens.family_letter import FamilyLetterScreen
from kiosk.ui.screens.family_member import FamilyMemberScreen
from kiosk.ui.screens.family_notice import FamilyNoticeScreen
from kiosk.ui.screens.family_pages import FamilyPagesScreen
from kiosk.ui.screens.family_sign import FamilySignScreen
from kiosk.ui.screens.family_submitted import FamilySubmittedScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZE, text_of, type_into, wait_for_screen, wait_until
from tests.ui.test_signature_pad import draw


def scan(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), colour).save(out, "JPEG")
    return out.getvalue()


def arrive(path, data: bytes, after: float) -> None:
    """The hall scanner drops a file; written again until its arrival (ctime) is after
    `after` (file times are coarser than the clock)."""
    while True:
        path.write_bytes(data)
        if os.stat(path).st_ctime >= after:
            return
        time.sleep(0.01)


def start_after(path) -> str:
    """A session start just after this file arrived, as an ISO time."""
    moment = os.stat(path).st_ctime + 0.001
    return datetime.datetime.fromtimestamp(moment, datetime.UTC).isoformat()


def scan_pages(inbox, started_at: str) -> None:
    """The citizen scans their pages (and one fake) after logging in."""
    since = session_since(started_at)
    arrive(inbox / "a-holder-page.jpg", scan((200, 40, 40)), since)
    arrive(inbox / "b-child-page.jpg", scan((40, 40, 200)), since)
    arrive(inbox / "c-not-a-scan.jpg", b"%PDF-1.7 renamed", since)


@pytest.fixture
def wizard_app(config, clock, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # The last person's scan, left behind: nobody after them may see it.
    (inbox / "z-last-person.jpg").write_bytes(scan((10, 10, 10)))
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config.replace(family=FamilyConfig(inbox=inbox)), clock=clock)


async def open_member_form(pilot, holder, started_at=""):
    """Log in, open the family account, add a member and agree to the notice."""
    app = pilot.app
    await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, started_at))
    await wait_for_screen(pilot, HomeScreen)
    await pilot.click("#family")
    await wait_for_screen(pilot, FamilyAccountScreen)
    await pilot.click("#add-member")
    notice = await wait_for_screen(pilot, FamilyNoticeScreen)
    await wait_until(pilot, lambda: not notice.query_one("#submit").disabled)
    await pilot.click("#submit")


async def read_to_end(pilot):
    pilot.app.screen.query_one("#reading", VerticalScroll).scroll_end(animate=False)
    await pilot.pause(0.1)


async def test_the_whole_wizard_adds_a_child(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    child = next(
        app.terminal.store.db.query(
            "SELECT * FROM persons WHERE birth_date > '2016-01-01' AND id_number NOT IN "
            "(SELECT member_id FROM family_links) LIMIT 1"
        )
    )
    inbox_path = app.config.inbox_path
    started_at = start_after(inbox_path / "z-last-person.jpg")
    async with app.run_test(size=SIZE) as pilot:
        await open_member_form(pilot, holder, started_at)
        scan_pages(inbox_path, started_at)

        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#name", child["name"] + "伟")
        await type_into(pilot, "#id_number", child["id_number"])
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        await wait_until(pilot, lambda: form.query_one("#form-error").display)
        assert text_of(form.query_one("#form-error")) == (
            "Check the name and ID number exactly as on the household register."
        )
        await type_into(pilot, "#name", child["name"])
        await pilot.click("#submit")

        pages = await wait_for_screen(pilot, FamilyPagesScreen)
        inbox = pages.query_one("#inbox", OptionList)
        offered = [inbox.get_option_at_index(i).id for i in range(inbox.option_count)]
        assert sorted(offered) == ["a-holder-page.jpg", "b-child-page.jpg", "c-not-a-scan.jpg"]
        # The fake first: refused with a reason, nothing attached.
        for name in ("c-not-a-scan.jpg", "a-holder-page.jpg", "b-child-page.jpg"):
            inbox.highlighted = inbox.get_option_index(name)
            inbox.action_select()
            await pilot.pause(0.3)
            if name.startswith("c-"):
                await wait_until(
                    pilot, lambda: "not a readable photo" in text_of(pages.query_one("#form-error"))
                )
        await wait_until(pilot, lambda: len(pages.draft.pages) == 2)
        assert len(pages.query("ImagePreview")) == 2
        await pilot.click("#submit")

        letter = await wait_for_screen(pilot, FamilyLetterScreen)
        assert child["name"] in letter.draft.letter_text
        await read_to_end(pilot)
        await pilot.click("#submit")

        sign = await wait_for_screen(pilot, FamilySignScreen)
        await pilot.click("#submit")  # nothing signed yet
        assert text_of(sign.query_one("#signature-error")) == "Please sign on the pad."
        await draw(pilot, [(2 + 2 * i, 2 + (i % 4)) for i in range(16)])
        await type_into(pilot, "#password", holder.password)
        await pilot.click("#submit")

        confirm = await wait_for_screen(pilot, FamilyConfirmScreen)
        summary = text_of(confirm.query_one("#summary"))
        assert child["name"] in summary and "Household-register pages: 2" in summary
        await pilot.press("escape")  # Back keeps what was entered
        back = await wait_for_screen(pilot, FamilySignScreen)
        assert back.query_one("#pad").strokes
        await type_into(pilot, "#password", holder.password)
        await pilot.click("#submit")
        await wait_for_screen(pilot, FamilyConfirmScreen)
        await pilot.click("#submit")

        done = await wait_for_screen(pilot, FamilySubmittedScreen)
        number = done.submitted.application_no
        assert number in text_of(done.query_one("#application-no"))
        await pilot.click("#family")
        family = await wait_for_screen(pilot, FamilyAccountScreen)
        await wait_until(pilot, lambda: family.members)
        assert [(m.name, m.status, m.application_no) for m in family.members] == [
            (child["name"], "awaiting_review", number)
        ]
    row = next(app.terminal.store.db.query("SELECT * FROM enrollments"))
    assert row["relationship"] == "child" and row["letter_text"] == letter.draft.letter_text
    assert app.terminal.store.db["documents"].count == 2
    # The attached scans are in the database now, and gone from the shared inbox.
    assert sorted(p.name for p in inbox_path.iterdir()) == ["c-not-a-scan.jpg", "z-last-person.jpg"]


async def test_the_kiosk_sweeps_old_scans_from_the_inbox_on_its_own(wizard_app):
    app = wizard_app
    app.INBOX_SWEEP_SECONDS = 0.1
    inbox_path = app.config.inbox_path
    (inbox_path / "notes.txt").write_text("not a scan")
    real_now = app.terminal.now
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert (inbox_path / "z-last-person.jpg").exists()  # 30 minutes are not over
        app.terminal.now = lambda: real_now() + datetime.timedelta(minutes=31)
        await wait_until(pilot, lambda: not (inbox_path / "z-last-person.jpg").exists())
        assert isinstance(app.screen, WelcomeScreen)
    assert (inbox_path / "notes.txt").exists()


async def test_agreeing_waits_for_the_end_of_the_notice(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=(60, 18)) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilyNoticeScreen())
        notice = await wait_for_screen(pilot, FamilyNoticeScreen)
        await pilot.pause(0.6)
        assert notice.query_one("#submit").disabled
        await read_to_end(pilot)
        await wait_until(pilot, lambda: not notice.query_one("#submit").disabled)


async def test_idle_in_the_middle_of_the_wizard_saves_nothing(wizard_app, clock):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SIZE) as pilot:
        await open_member_form(pilot, holder)
        await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#name", "王乐乐")
        clock.advance(110)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 2
    assert app.terminal.store.db["enrollments"].count == 0


HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]x",
    "[/",
    "[TODO]",
    "王\\",
    "\x1b]52;c;aGk=\x07李\x1b[2J",
    "x" * 500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
async def test_hostile_text_in_the_member_form_gets_a_message_not_a_crash(wizard_app, text):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        form = FamilyMemberScreen(EnrollmentDraft())
        await app.push_screen(form)
        await pilot.pause()
        assert form.query_one("#relationship", Select).prompt == "Choose…"
        form.query_one("#name").insert_text_at_cursor(text)
        form.query_one("#id_number").insert_text_at_cursor(text)
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        await wait_until(pilot, lambda: form.field("id_number").query_one(".field-error").display)
        assert app.is_running and isinstance(app.screen, FamilyMemberScreen)
        assert "\x1b" not in form.query_one("#name").value
    assert app.terminal.store.db["enrollments"].count == 0


async def test_more_than_ten_refused_member_checks_end_the_session(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    db = app.terminal.store.db
    stranger = next(
        db.query(
            "SELECT * FROM persons WHERE id_number != ? AND id_number NOT IN "
            "(SELECT member_id FROM family_links) LIMIT 1",
            [holder.id_number],
        )
    )

    def checking(form):
        return form.busy or any(w.node is form and w.is_running for w in app.workers)

    async with app.run_test(size=SIZE) as pilot:
        await open_member_form(pilot, holder)
        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#id_number", stranger["id_number"])
        form.query_one("#relationship", Select).value = "child"
        for n in range(10):
            await type_into(pilot, "#name", f"Guess{n}")
            await pilot.click("#submit")
            await wait_until(pilot, lambda: not checking(form))
            assert isinstance(app.screen, FamilyMemberScreen)
            assert "household register" in text_of(form.query_one("#form-error"))
        await type_into(pilot, "#name", "Guess10")
        await pilot.click("#submit")
        await wait_for_screen(pilot, WelcomeScreen)
        assert app.terminal.session is None and len(app.screen_stack) == 2
    ends = [
        json.loads(r["detail"])
        for r in db.query("SELECT detail FROM audit_log WHERE action = 'session:end'")
    ]
    assert ends[-1]["reason"] == "member_checks"
    assert db["enrollments"].count == 0


async def test_the_page_list_shows_only_scans_made_after_login_as_they_arrive(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    inbox_path = app.config.inbox_path
    started_at = start_after(inbox_path / "z-last-person.jpg")
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, started_at))
        await wait_for_screen(pilot, HomeScreen)
        pages = FamilyPagesScreen(EnrollmentDraft())
        await app.push_screen(pages)
        await pilot.pause()
        inbox = pages.query_one("#inbox", OptionList)
        assert inbox.option_count == 0  # the last person's scan is not offered
        assert "before you logged in" in text_of(pages.query_one("#inbox-hint"))
        arrive(inbox_path / "mine.jpg", scan((1, 2, 3)), session_since(started_at))
        await wait_until(pilot, lambda: inbox.option_count == 1)
        assert inbox.get_option_at_index(0).id == "mine.jpg"
        assert not pages.query_one("#inbox-hint").display


async def test_a_wrong_password_is_refused_on_the_sign_step_by_its_field(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    child = next(
        app.terminal.store.db.query(
            "SELECT * FROM persons WHERE birth_date > '2016-01-01' AND id_number NOT IN "
            "(SELECT member_id FROM family_links) LIMIT 1"
        )
    )
    session = CitizenSession(holder.id_number, holder.name, "")
    draft = EnrollmentDraft(
        consent_at="2026-11-25T09:01:00+00:00",
        id_number=child["id_number"],
        name=child["name"],
        relationship="child",
        letter_text="letter",
        pages=[
            Page(f"{n}.jpg", clean_image(scan(colour)), [], from_inbox=False)
            for n, colour in enumerate([(200, 40, 40), (40, 40, 200)])
        ],
    )
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(session)
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilySignScreen(draft))
        sign = await wait_for_screen(pilot, FamilySignScreen)
        await draw(pilot, [(2 + 2 * i, 2 + (i % 4)) for i in range(16)])
        await type_into(pilot, "#password", "not-the-password")
        await pilot.click("#submit")
        error = sign.query_one("#field-password .field-error")
        await wait_until(pilot, lambda: text_of(error) == "The password is not right.")
        assert app.screen is sign and draft.password == ""
        assert sign.query_one("#password").value == ""
        await type_into(pilot, "#password", holder.password)
        await pilot.click("#submit")
        confirm = await wait_for_screen(pilot, FamilyConfirmScreen)
        assert "Signature: signed" in text_of(confirm.query_one("#summary"))
        # Locked meanwhile (guesses at another terminal): Add takes the holder back to the
        # sign step, where the password field says so.
        for _ in range(12):
            app.terminal.family.confirm_signature(session, "a-guess")
        await pilot.click("#submit")
        back = await wait_for_screen(pilot, FamilySignScreen)
        await wait_until(
            pilot,
            lambda: (
                text_of(back.query_one("#field-password .field-error"))
                == "The password is not right."
            ),
        )
        assert draft.password == "" and back.query_one("#pad").strokes
    assert app.terminal.store.db["enrollments"].count == 0
    audited = app.terminal.store.db["audit_log"].count_where("action = 'family:password_failure'")
    assert audited == 1 + 12 + 1


async def test_the_confirm_page_names_its_own_button_for_a_member_of_16_or_more(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    draft = EnrollmentDraft(
        id_number=holder.id_number, name="x", relationship="spouse", needs_staff=True
    )
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilyConfirmScreen(draft))
        confirm = await wait_for_screen(pilot, FamilyConfirmScreen)
        note = text_of(confirm.query_one(".note"))
        assert text_of(confirm.query_one("#submit")) == "Add"
        assert "press Add" in note and "Next" not in note


@pytest.mark.parametrize("size", [(100, 40), (80, 24)])
async def test_the_scroll_hint_shows_only_while_there_is_more_to_read(wizard_app, size):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=size) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#family")
        await wait_for_screen(pilot, FamilyAccountScreen)
        await pilot.click("#add-member")
        notice = await wait_for_screen(pilot, FamilyNoticeScreen)
        reading = notice.query_one("#reading", VerticalScroll)
        hint = notice.query_one("#read-hint")
        await wait_until(pilot, lambda: reading.virtual_size.height > 0)
        await pilot.pause(0.3)
        if reading.max_scroll_y > 0:  # more to read: the hint says so until the end
            assert hint.display and "Scroll to the end" in text_of(hint)
            await read_to_end(pilot)
        await wait_until(pilot, lambda: not notice.query_one("#submit").disabled)
        await wait_until(pilot, lambda: not hint.display)


async def test_the_age_gap_is_an_explicit_question_next_alone_never_answers(wizard_app):
    from kiosk.ui.screens.confirm import ConfirmScreen
    from tests.unit.test_desk_review import young_parent_child

    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    child = young_parent_child(app.terminal, holder)
    async with app.run_test(size=SIZE) as pilot:
        await open_member_form(pilot, holder)
        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#name", child["name"])
        await type_into(pilot, "#id_number", child["id_number"])
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        dialog = await wait_for_screen(pilot, ConfirmScreen)
        assert "12 years" in text_of(dialog.query_one("#question"))
        assert child["name"] in text_of(dialog.query_one("#confirm-subject"))
        await pilot.click("#cancel")  # not confirmed: the form stays, nothing decided
        await wait_for_screen(pilot, FamilyMemberScreen)
        await pilot.click("#submit")  # Next again asks again, it does not go on
        dialog = await wait_for_screen(pilot, ConfirmScreen)
        app.clock.advance(1)
        await pilot.click("#confirm")
        # This member is over 16: the staff-verification notice comes once, then Next goes on.
        await wait_until(pilot, lambda: "clerk" in text_of(form.query_one("#form-error")))
        await pilot.click("#submit")
        await wait_until(pilot, lambda: not isinstance(app.screen, FamilyMemberScreen))
        assert form.draft.age_gap_confirmed


async def test_the_spanish_remove_button_names_the_page(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    app.language = "es"
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        pages = FamilyPagesScreen(EnrollmentDraft())
        await app.push_screen(pages)
        await pilot.pause()
        assert text_of(pages.query_one("#remove")) == "Quitar la última página"


async def test_the_chinese_summary_uses_full_width_colons(wizard_app):
    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    draft = EnrollmentDraft(id_number=holder.id_number, name="张三", relationship="child")
    app.language = "zh"
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await app.push_screen(FamilyConfirmScreen(draft))
        confirm = await wait_for_screen(pilot, FamilyConfirmScreen)
        lines = text_of(confirm.query_one("#summary")).splitlines()
        assert len(lines) == 6
        assert lines[0].endswith("：张三")
        assert all("：" in line and ":" not in line for line in lines), lines
        app.language = "en"
        await pilot.pause()
        assert text_of(confirm.query_one("#summary")).splitlines()[0].endswith(": 张三")
