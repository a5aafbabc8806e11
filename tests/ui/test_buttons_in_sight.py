"""Every screen's action buttons are docked at the bottom and always in sight, at 80x24 in
Spanish (the longest labels) too: a message or a long form scrolls above them, it never
pushes them off the screen (issue 13, item 8)."""

from textual.widgets import Button

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.family_draft import EnrollmentDraft
from kiosk.ui.screens.family_member import FamilyMemberScreen
from kiosk.ui.screens.family_sign import FamilySignScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.widgets.action_bar import ActionBar
from tests.ui.conftest import (
    SUPERVISOR,
    find,
    open_first,
    staff_log_in,
    text_of,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_family_wizard import open_member_form, wizard_app  # noqa: F401 (fixture)
from tests.ui.test_staff_desk import desk_app  # noqa: F401 (fixture)

SMALL = (80, 24)


def assert_in_sight(screen, *ids: str) -> None:
    """The screen's bar sits on its bottom row and each named button is whole on screen,
    under nothing else: a tap at its middle presses it."""
    height, width = screen.size.height, screen.size.width
    for button_id in ids:
        button = screen.query_one(f"#{button_id}", Button)
        region = button.region
        assert button.display and region.width > 0 and region.height >= 3, (button_id, region)
        assert region.x >= 0 and region.right <= width, (button_id, region, width)
        assert region.y >= 1 and region.bottom <= height, (button_id, region, height)
        widget, _ = screen.get_widget_at(*region.center)
        assert widget is button, (button_id, widget)
        # Nothing of its label is cut: the cell is as wide as the label and its padding.
        assert region.width >= button.label.cell_length + 2, (button_id, region)
    bar = screen.query_one(ActionBar)
    assert bar.region.bottom == height, (bar.region, height)


async def test_the_member_form_keeps_back_and_next_after_a_refusal(wizard_app):  # noqa: F811
    app = wizard_app
    app.language = "es"
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        await open_member_form(pilot, holder)
        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await pilot.click("#submit")  # every field empty: a message under each
        await pilot.pause(0.3)
        assert form.query(".field.-invalid")
        assert_in_sight(form, "back", "submit")


async def test_the_signature_page_shows_its_whole_button_row(wizard_app):  # noqa: F811
    app = wizard_app
    app.language = "es"
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        assert_in_sight(app.screen, "records", "family", "voucher", "change-password", "log-out")
        await app.push_screen(FamilySignScreen(EnrollmentDraft(consent_at="2026-11-25T09:01:00")))
        sign = await wait_for_screen(pilot, FamilySignScreen)
        await pilot.click("#submit")  # nothing drawn, no password: messages above
        await pilot.pause(0.3)
        assert_in_sight(sign, "back", "submit")


async def test_a_supervisor_desk_in_spanish_fits_80_columns(desk_app):  # noqa: F811
    app = desk_app
    app.language = "es"
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        desk = await staff_log_in(pilot, SUPERVISOR)
        assert_in_sight(desk, "review", "audit", "leave", "log-out")
        await find(pilot, holder.id_number)
        citizen = await open_first(pilot, desk)
        assert_in_sight(citizen, "open-card", "activate", "unlock", "reset", "reveal", "back")


async def test_in_the_large_mode_the_bar_stays_whole_at_80x24(wizard_app):  # noqa: F811
    app = wizard_app
    app.language = "es"
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SMALL) as pilot:
        app.set_high_contrast(True)
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.pause(0.2)
        assert_in_sight(home, "records", "family", "voucher", "change-password", "log-out")
        assert home.query_one("#records").region.height >= 5
        await pilot.click("#family")
        await pilot.pause(0.5)
        await pilot.click("#add-member")
        await pilot.pause(0.5)
        assert_in_sight(app.screen, "back", "submit")


async def test_a_refusal_under_the_fields_comes_into_view(wizard_app):  # noqa: F811
    from textual.widgets import Select

    from tests.unit.test_family_submit import unlinked_person

    app = wizard_app
    holder = demo_accounts(app.terminal.store)[0]
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    async with app.run_test(size=SMALL) as pilot:
        app.set_high_contrast(True)  # 5-row fields: the message starts below the fold
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        form = FamilyMemberScreen(EnrollmentDraft())
        await app.push_screen(form)
        await pilot.pause()
        form.query_one("#name").insert_text_at_cursor(child["name"] + "伟")
        form.query_one("#id_number").insert_text_at_cursor(child["id_number"])
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        message = form.query_one("#form-error")
        await wait_until(pilot, lambda: message.display)
        await pilot.pause(0.2)
        assert "household register" in text_of(message)
        widget, _ = form.get_widget_at(message.region.x, message.region.y)
        assert widget is message, widget
        assert_in_sight(form, "back", "submit")
