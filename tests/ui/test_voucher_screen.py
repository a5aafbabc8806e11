"""The e-voucher on screen is a real QR code: rebuilt from what the app drew, decoded, verified."""

import datetime

import pytest
import zxingcpp
from PIL import Image

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.keys import KEYRING, keys_folder
from kiosk.services.vouchers import check_voucher
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.voucher import VoucherScreen
from kiosk.ui.widgets.qr_code import QRCode
from tests.ui.conftest import SIZE, text_of, wait_for_screen, wait_until

SCALE = 6


def picture_of(qr: QRCode) -> Image.Image:
    """Each drawn cell is two modules: the foreground colour on top, the background below."""
    width, height = qr.cells
    image = Image.new("L", (width * SCALE, height * 2 * SCALE), 255)
    for y in range(height):
        x = 0
        for segment in qr.render_line(y):
            for _ in segment.text:
                for half, colour in ((0, segment.style.color), (1, segment.style.bgcolor)):
                    shade = 0 if colour.triplet == (0, 0, 0) else 255
                    top = (2 * y + half) * SCALE
                    image.paste(shade, (x * SCALE, top, (x + 1) * SCALE, top + SCALE))
                x += 1
    return image


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


async def open_voucher(pilot, holder, size=SIZE):
    await pilot.app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
    await wait_for_screen(pilot, HomeScreen)
    await pilot.click("#voucher")
    screen = await wait_for_screen(pilot, VoucherScreen)
    await wait_until(pilot, lambda: screen.text != "")
    await pilot.pause()
    return screen


async def test_the_drawn_code_decodes_and_verifies_with_the_public_key(app, holder, config):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_voucher(pilot, holder)
        qr = screen.query_one(QRCode)
        assert qr.display
        found = zxingcpp.read_barcodes(picture_of(qr))
        assert len(found) == 1
        decoded = found[0].text
        assert decoded == screen.text
        voucher = check_voucher(
            decoded, keys_folder(config.database) / KEYRING, now=datetime.datetime.now(datetime.UTC)
        )
        assert voucher.masked_name[0] == holder.name[0] and "*" in voucher.masked_name
        assert holder.id_number not in decoded
        assert text_of(screen.query_one("#voucher-name")) == voucher.masked_name
        assert "A new code in" in text_of(screen.query_one("#countdown"))


async def test_the_code_refreshes_by_itself(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_voucher(pilot, holder)
        first = screen.text
        screen.left = 1
        screen._tick()
        await wait_until(pilot, lambda: screen.text != first)


async def test_a_small_terminal_says_how_large_it_must_be(app, holder):
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_voucher(pilot, holder)
        assert not screen.query_one(QRCode).display
        assert "too small" in text_of(screen.query_one("#too-small"))


async def test_a_small_terminal_tells_the_citizen_what_to_do_not_cells(app, holder):
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_voucher(pilot, holder)
        said = text_of(screen.query_one("#too-small"))
        assert "staff" in said and "cells" not in said
        # ...and no countdown to a new code that is not shown.
        assert not screen.query_one("#countdown").display


def refusal(screen) -> str:
    found = screen.query("#refused")
    return text_of(found.first()) if found else ""


def set_status(app, id_number, status):
    with app.terminal.store.write() as db:  # as a registry import would
        db.execute("UPDATE persons SET status = ? WHERE id_number = ?", [status, id_number])


@pytest.mark.parametrize("status, shown", [("terminated", "Ended"), ("suspended", "Suspended")])
async def test_no_code_for_a_person_whose_insurance_is_not_active(app, holder, status, shown):
    set_status(app, holder.id_number, status)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#voucher")
        screen = await wait_for_screen(pilot, VoucherScreen)
        await wait_until(pilot, lambda: screen.text or refusal(screen))
        assert screen.text == ""  # no code was made at all
        message = refusal(screen)
        assert shown in message and "12333" in message and "counter" in message
        screen.left = 1
        screen._tick()  # a refresh does not make one either
        await pilot.pause(0.3)
        assert screen.text == "" and not screen.query_one(QRCode).display
        assert not screen.query_one(QRCode).matrix


async def test_a_refresh_after_the_insurance_ended_takes_the_code_away(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_voucher(pilot, holder)
        set_status(app, holder.id_number, "terminated")
        screen.left = 1
        screen._tick()
        await wait_until(pilot, lambda: screen.text == "")
        assert not screen.query_one(QRCode).display
        assert "Ended" in refusal(screen)


async def test_a_family_members_voucher_is_titled_with_the_member_not_my(app, holder):
    from kiosk.ui.screens.family_account import FamilyAccountScreen
    from tests.unit.test_family_submit import submit, unlinked_person

    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    submit(app.terminal, session, child, password=holder.password)
    with app.terminal.store.write() as db:  # as a supervisor's approval does
        db.execute("UPDATE enrollments SET status = 'active'")
        db.execute("UPDATE family_links SET status = 'active'")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.start_citizen_session(session)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#family")
        family = await wait_for_screen(pilot, FamilyAccountScreen)
        await wait_until(pilot, lambda: family.members is not None)
        family.query_one("#members").focus()
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, VoucherScreen)
        await wait_until(pilot, lambda: screen.masked != "")
        title = text_of(screen.query_one(".title"))
        assert title == f"E-voucher of {screen.masked}"
        assert "My" not in title
        app.language = "zh"
        await pilot.pause()
        assert text_of(screen.query_one(".title")) == f"{screen.masked} 的医保电子凭证"


async def test_the_holders_own_voucher_keeps_its_title(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_voucher(pilot, holder)
        assert text_of(screen.query_one(".title")) == "My e-voucher"


async def test_a_wide_short_touch_screen_shows_the_code_beside_its_facts(config, clock):
    """A 1280x800 touch screen at the served font size is about 133x34 cells: too short
    for the code above its facts (it said "screen too small"), wide enough side by side."""
    from kiosk.ui import make_app

    app = make_app(config.replace(touch=True), clock=clock)
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=(133, 34)) as pilot:
        screen = await open_voucher(pilot, holder)
        qr = screen.query_one(QRCode)
        assert qr.display and not screen.query_one("#too-small").display
        assert screen.has_class("-side")
        bar = screen.query_one("ActionBar").region
        assert qr.region.bottom <= bar.y, "the code runs under the buttons"
        facts = screen.query_one("#voucher-name").region
        assert facts.x >= qr.region.right and facts.y < qr.region.bottom
        assert text_of(screen.query_one("#voucher-side-title")) == "My e-voucher"
        assert not screen.query_one("#voucher-title").display
        assert zxingcpp.read_barcodes(picture_of(qr))[0].text == screen.text


async def test_the_code_is_there_from_the_screens_first_frame(app, holder):
    """Issued first, then opened (issue 16): no frame without the code."""
    async with app.run_test(size=SIZE) as pilot:
        first_seen = []

        def shown(screen) -> None:
            if isinstance(screen, VoucherScreen) and not first_seen:
                first_seen.append(screen.query_one(QRCode).cells)

        app.screen_change_signal.subscribe(app, shown)
        screen = await open_voucher(pilot, holder)
        assert first_seen == [screen.query_one(QRCode).cells]
        assert first_seen[0][0] > 0
