"""The whole enrollment wizard with real scans made by Pillow and a signature drawn with the mouse."""

import io
import json

import pytest
from PIL import Image
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Select

from kiosk.config import FamilyConfig
from kiosk.services.accounts import CitizenSession
from kiosk.services.demo import demo_accounts
from kiosk.ui import make_app
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.family_confirm import FamilyConfirmScreen
from kiosk.ui.screens.family_draft import EnrollmentDraft
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


@pytest.fixture
def wizard_app(config, clock, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-holder-page.jpg").write_bytes(scan((200, 40, 40)))
    (inbox / "b-child-page.jpg").write_bytes(scan((40, 40, 200)))
    (inbox / "c-not-a-scan.jpg").write_bytes(b"%PDF-1.7 renamed")
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config.replace(family=FamilyConfig(inbox=inbox)), clock=clock)


async def open_member_form(pilot, holder):
    """Log in, open the family account, add a member and agree to the notice."""
    app = pilot.app
    await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
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
    child = next(app.terminal.store.db.query(
        "SELECT * FROM persons WHERE birth_date > '2016-01-01' AND id_number NOT IN "
        "(SELECT member_id FROM family_links) LIMIT 1"))
    async with app.run_test(size=SIZE) as pilot:
        await open_member_form(pilot, holder)

        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#name", child["name"] + "伟")
        await type_into(pilot, "#id_number", child["id_number"])
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        await wait_until(pilot, lambda: form.query_one("#form-error").display)
        assert text_of(form.query_one("#form-error")) == (
            "Check the name and ID number exactly as on the household register.")
        await type_into(pilot, "#name", child["name"])
        await pilot.click("#submit")

        pages = await wait_for_screen(pilot, FamilyPagesScreen)
        inbox = pages.query_one("#inbox", OptionList)
        # The fake first: refused with a reason, nothing attached.
        for name in ("c-not-a-scan.jpg", "a-holder-page.jpg", "b-child-page.jpg"):
            inbox.highlighted = inbox.get_option_index(name)
            inbox.action_select()
            await pilot.pause(0.3)
            if name.startswith("c-"):
                await wait_until(pilot, lambda: "not a readable photo" in
                                 text_of(pages.query_one("#form-error")))
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
            (child["name"], "awaiting_review", number)]
    row = next(app.terminal.store.db.query("SELECT * FROM enrollments"))
    assert row["relationship"] == "child" and row["letter_text"] == letter.draft.letter_text
    assert app.terminal.store.db["documents"].count == 2


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


HOSTILE = ["[bold]x[/]", "[@click=app.quit]x", "[/", "[TODO]", "王\\", "\x1b]52;c;aGk=\x07李\x1b[2J",
           "x" * 500]


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
    stranger = next(db.query(
        "SELECT * FROM persons WHERE id_number != ? AND id_number NOT IN "
        "(SELECT member_id FROM family_links) LIMIT 1", [holder.id_number]))

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
    ends = [json.loads(r["detail"]) for r in db.query(
        "SELECT detail FROM audit_log WHERE action = 'session:end'")]
    assert ends[-1]["reason"] == "member_checks"
    assert db["enrollments"].count == 0
