"""Destructive staff actions: a confirmation away from the pointer, buttons that stay put,
and a second press within 500 ms ignored (issue 11, item 17)."""

import pytest
from textual.widgets import DataTable

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.store import audit as audit_store
from kiosk.ui.screens.citizen_desk import CitizenDeskScreen
from kiosk.ui.screens.confirm import ConfirmScreen
from kiosk.ui.screens.staff_desk import StaffDeskScreen
from kiosk.ui.screens.temporary_password import TemporaryPasswordScreen
from tests.ui import test_staff_desk as staff_tests
from tests.ui.conftest import (
    CLERK,
    SIZE,
    SUPERVISOR,
    citizen_at_desk,
    find,
    open_first,
    open_oldest,
    staff_log_in,
    supervisor_queue,
    text_of,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_family_account import open_family
from tests.unit.test_family_submit import submit, unlinked_person

SIZES = [SIZE, (80, 24)]
desk_app = staff_tests.desk_app
waiting = staff_tests.waiting


def audit_count(app) -> int:
    return app.terminal.store.db["audit_log"].count


def centre(widget):
    region = widget.region
    return region.x + region.width // 2, region.y + region.height // 2


def regions(screen, *selectors):
    return {s: screen.query_one(s).region for s in selectors}


async def ask_and_cancel(pilot, selector):
    """Press a destructive button: a dialog asks, its Confirm is not under the pointer;
    Cancel changes nothing."""
    app = pilot.app
    pressed = app.screen.query_one(selector)
    where = pressed.region
    before = audit_count(app)
    app.clock.advance(1)  # well apart from any earlier press
    await pilot.click(selector)
    dialog = await wait_for_screen(pilot, ConfirmScreen)
    confirm = dialog.query_one("#confirm")
    assert not confirm.region.overlaps(where), (selector, confirm.region, where)
    assert dialog.query_one("#cancel").has_focus  # Enter does not confirm by itself
    question = text_of(dialog.query_one("#question"))
    await pilot.click("#cancel")
    await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
    assert audit_count(app) == before
    return question


async def test_a_double_click_on_unlock_presses_nothing_else(desk_app):
    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    for _ in range(5):
        terminal.accounts.log_in(holder.id_number, "wrong-password-1")
    async with desk_app.run_test(size=SIZE) as pilot:
        person = await citizen_at_desk(pilot, CLERK, holder.id_number)
        x, y = centre(person.query_one("#unlock"))
        await pilot.click(offset=(x, y))
        await wait_until(pilot, lambda: "unlocked" in text_of(person.query_one("#desk-message")))
        await wait_until(pilot, lambda: person.citizen.account == "active")
        await pilot.click(offset=(x, y))  # the second click of the double click
        await pilot.pause(0.2)
        assert desk_app.screen is person  # no dialog, no temporary password
    actions = [r["action"] for r in audit_store.rows(terminal.store.db, limit=5)]
    assert "password:reset" not in actions and actions.count("account:unlock") == 1
    assert not terminal.store.db.execute(
        "SELECT must_change FROM credentials WHERE id_number = ?", [holder.id_number]
    ).fetchone()[0]


@pytest.mark.parametrize("size", SIZES)
async def test_reset_and_leave_ask_first_and_cancel_changes_nothing(desk_app, size):
    holder = demo_accounts(desk_app.terminal.store)[0]
    async with desk_app.run_test(size=size) as pilot:
        desk = await staff_log_in(pilot, SUPERVISOR)
        await ask_and_cancel(pilot, "#leave")
        assert isinstance(desk_app.screen, StaffDeskScreen) and desk_app.is_running
        await find(pilot, holder.id_number)
        person = await open_first(pilot, desk)
        assert "temporary password" in await ask_and_cancel(pilot, "#reset")
        assert desk_app.screen is person
        # Confirmed, the temporary password comes.
        desk_app.clock.advance(1)
        await pilot.click("#reset")
        await wait_for_screen(pilot, ConfirmScreen)
        desk_app.clock.advance(1)
        await pilot.click("#confirm")
        await wait_for_screen(pilot, TemporaryPasswordScreen)


async def test_a_confirm_pressed_at_once_after_the_button_is_ignored(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, SUPERVISOR)
        before = audit_count(desk_app)
        await pilot.click("#leave")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.click("#confirm")  # within 500 ms of Leave (the clock did not move)
        await pilot.pause(0.2)
        assert isinstance(desk_app.screen, ConfirmScreen) and desk_app.is_running
        assert audit_count(desk_app) == before
        desk_app.clock.advance(0.6)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: not desk_app.is_running, timeout=5)


@pytest.mark.parametrize("size", SIZES)
async def test_approve_and_reject_ask_first_and_buttons_stay_put(desk_app, waiting, size):
    async with desk_app.run_test(size=size) as pilot:
        queue = await supervisor_queue(pilot)
        review = await open_oldest(pilot, queue)
        buttons = ("#back", "#export", "#reject", "#approve")
        before = regions(review, *buttons)
        await ask_and_cancel(pilot, "#approve")
        await ask_and_cancel(pilot, "#reject")  # no reason yet: still asks, then says why
        assert regions(review, *buttons) == before
        desk_app.clock.advance(1)
        await pilot.click("#reject")
        await wait_for_screen(pilot, ConfirmScreen)
        desk_app.clock.advance(1)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: review.query_one("#field-reason .field-error").display)
        assert regions(review, *buttons) == before
    statuses = {m.status for m in desk_app.terminal.family.members(waiting[0])}
    assert statuses <= {"awaiting_review", "awaiting_verification"}


@pytest.mark.parametrize("size", SIZES)
async def test_withdraw_asks_first_and_buttons_stay_put(app, size):
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=size) as pilot:
        screen = await open_family(pilot, holder)
        table = screen.query_one("#members", DataTable)
        table.focus()
        await pilot.pause(0.1)  # the table's scroll bar comes a refresh after its rows
        buttons = ("#back", "#withdraw", "#add-member")
        before = regions(screen, *buttons)
        assert screen.query_one("#withdraw").disabled  # nothing chosen yet
        await pilot.press("enter")
        await wait_until(pilot, lambda: "waiting" in text_of(screen.query_one("#member-status")))
        assert regions(screen, *buttons) == before
        await ask_and_cancel(pilot, "#withdraw")
        assert app.terminal.family.members(session)[-1].status == "awaiting_review"
        app.clock.advance(1)
        await pilot.click("#withdraw")
        await wait_for_screen(pilot, ConfirmScreen)
        app.clock.advance(1)
        await pilot.click("#confirm")
        await wait_until(pilot, lambda: "withdrawn" in text_of(screen.query_one("#member-status")))
        assert regions(screen, *buttons) == before
    assert app.terminal.family.members(session)[-1].status == "withdrawn"


async def test_citizen_desk_buttons_stay_put_when_a_message_appears(desk_app):
    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    for _ in range(5):
        terminal.accounts.log_in(holder.id_number, "wrong-password-1")
    async with desk_app.run_test(size=SIZE) as pilot:
        person = await citizen_at_desk(pilot, SUPERVISOR, holder.id_number)
        buttons = ("#open-card", "#unlock", "#reset", "#reveal", "#back")
        before = regions(person, *buttons)
        await pilot.click("#unlock")
        await wait_until(pilot, lambda: person.citizen.account == "active")
        assert "unlocked" in text_of(person.query_one("#desk-message"))
        assert regions(person, *buttons) == before
        assert isinstance(desk_app.screen, CitizenDeskScreen)


async def test_the_reset_dialog_names_the_citizen_as_plain_text(desk_app):
    """The dialog may cover the page that says who it is for: it names them itself."""
    holder = demo_accounts(desk_app.terminal.store)[0]
    async with desk_app.run_test(size=(80, 24)) as pilot:
        desk = await staff_log_in(pilot, SUPERVISOR)
        await find(pilot, holder.id_number)
        await open_first(pilot, desk)
        desk_app.clock.advance(1)
        await pilot.click("#reset")
        dialog = await wait_for_screen(pilot, ConfirmScreen)
        subject = text_of(dialog.query_one("#confirm-subject"))
        masked = holder.id_number[:6] + "********" + holder.id_number[-4:]
        assert holder.name in subject and masked in subject
        assert holder.id_number not in subject
