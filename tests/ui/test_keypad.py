"""The on-screen keypads: a touch screen logs in, and a physical keyboard still works."""

from __future__ import annotations

import pytest

from kiosk.demo.builder import demo_accounts
from kiosk.ui import make_app
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.keypad import Key, Keypad
from tests.ui.conftest import wait_for_screen, wait_until


@pytest.fixture
def app(config, clock):
    """A touch terminal (as `kiosk serve` starts them for citizens)."""
    return make_app(config.replace(touch=True), clock=clock)


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


def keypad(app) -> Keypad:
    return app.screen.query_one(Keypad)


def key_for(app, label: str) -> Key:
    """The shown key with this label."""
    for key in keypad(app).query(Key):
        if key.region.area and str(key.label) == label:
            return key
    raise AssertionError(f"no key {label!r} shown")


async def tap(pilot, label: str) -> None:
    await pilot.click(key_for(pilot.app, label))
    await pilot.pause()


async def tap_text(pilot, text: str) -> None:
    """Type `text` on the keyboard: Shift for capitals, the 123 page for the rest."""
    for ch in text:
        pad = keypad(pilot.app)
        page = pad.page
        letters = "text" if pad.field.keypad == "name" else pad.field.keypad
        wanted_page = "symbols" if not ch.isalpha() else letters
        if page != wanted_page:
            await tap(pilot, "123" if wanted_page == "symbols" else "ABC")
        if ch.isalpha() and (ch.isupper() != keypad(pilot.app).upper):
            await tap(pilot, "Shift")
        await tap(pilot, ch)


async def open_login(pilot):
    await pilot.click("#log-in")
    return await wait_for_screen(pilot, LoginScreen)


def in_sight_above_the_keypad(app, field_id: str) -> bool:
    """The field (label and box) is drawn whole, and the keypad does not cover it."""
    field = app.screen.query_one(f"#field-{field_id}")
    box = app.screen.query_one(f"#{field_id}")
    pad = keypad(app)
    return (
        box.region.height == box.outer_size.height
        and not field.region.overlaps(pad.region)
        and box.region.bottom <= pad.region.y
    )


async def test_a_tap_on_the_id_field_opens_the_keypad_and_taps_alone_log_in(app, holder):
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_login(pilot)
        assert not screen.query(Keypad)
        await pilot.click("#id_number")
        await pilot.pause()
        pad = keypad(app)
        assert pad.display and pad.page == "id"
        for ch in holder.id_number:
            await tap(pilot, ch)
        await pilot.pause()
        assert screen.query_one("#id_number").value == holder.id_number
        assert app.focused is screen.query_one("#password")
        assert pad.page == "password"
        await tap_text(pilot, holder.password)
        assert screen.query_one("#password").value == holder.password
        await tap(pilot, "Done")
        assert not pad.display
        await pilot.click("#submit")
        await wait_for_screen(pilot, HomeScreen)


@pytest.mark.parametrize("size", [(80, 24), (100, 40)])
@pytest.mark.parametrize("large", [False, True])
async def test_the_field_typed_into_stays_in_sight_above_the_keypad(app, holder, size, large):
    async with app.run_test(size=size) as pilot:
        screen = await open_login(pilot)
        if large:
            app.set_high_contrast(True)
            await pilot.pause()
        await pilot.click("#id_number")
        await pilot.pause()
        assert keypad(app).display
        assert in_sight_above_the_keypad(app, "id_number")
        assert not screen.query_one(ActionBar).display  # the keypad stands in its place
        for ch in holder.id_number:
            await tap(pilot, ch)
        await wait_until(pilot, lambda: app.focused is screen.query_one("#password"))
        await pilot.pause()
        assert keypad(app).page == "password"
        assert in_sight_above_the_keypad(app, "password")
        await tap(pilot, "Done")
        assert not keypad(app).display and screen.query_one(ActionBar).display


@pytest.mark.parametrize("size", [(80, 24), (100, 40)])
@pytest.mark.parametrize("large", [False, True])
async def test_keys_are_at_least_3_rows_by_8_columns_with_gaps(app, size, large):
    async with app.run_test(size=size) as pilot:
        await open_login(pilot)
        if large:
            app.set_high_contrast(True)
            await pilot.pause()
        for field in ("#id_number", "#password"):
            await pilot.click(field)
            await pilot.pause()
            keys = [k for k in keypad(app).query(Key) if k.region.area]
            assert len(keys) >= 14
            for key in keys:
                assert key.region.height >= 3 and key.region.width >= 8, key
            for a in keys:
                for b in keys:
                    if a is not b:
                        # A gap of at least one cell between them, across or down.
                        ra, rb = a.region, b.region
                        assert (
                            ra.right < rb.x
                            or rb.right < ra.x
                            or ra.bottom < rb.y
                            or rb.bottom < ra.y
                        ), (a, b)
            # Every key on the screen, none cut off at the bottom.
            assert all(k.region.bottom <= size[1] for k in keys)


async def test_delete_clear_and_at_most_18_characters(app, holder):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_login(pilot)
        field = screen.query_one("#id_number")
        await pilot.click("#id_number")
        await pilot.pause()
        for ch in "1234":
            await tap(pilot, ch)
        await tap(pilot, "Delete")
        assert field.value == "123"
        await tap(pilot, "Clear")
        assert field.value == ""
        for ch in holder.id_number[:17] + "X":
            await tap(pilot, ch)
        assert field.value == holder.id_number[:17] + "X"
        # The 18th moved the cursor on; back in the ID field a 19th is refused.
        field.focus()
        await pilot.pause()
        assert keypad(app).page == "id"
        await tap(pilot, "9")
        assert field.value == holder.id_number[:17] + "X"


async def test_a_physical_keyboard_still_types_with_the_keypad_shown(app, holder):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_login(pilot)
        await pilot.click("#id_number")
        await pilot.pause()
        await pilot.press(*holder.id_number[:6])
        await tap(pilot, "1")
        await pilot.press("backspace")
        await pilot.press(*holder.id_number[6:])
        assert screen.query_one("#id_number").value == holder.id_number
        assert app.focused is screen.query_one("#password")
        await pilot.press(*holder.password)
        assert screen.query_one("#password").value == holder.password
        await pilot.press("escape")  # puts the keypad away, stays on the screen
        assert not keypad(app).display and isinstance(app.screen, LoginScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)


async def test_a_tap_outside_hides_the_keypad_and_so_does_leaving(app):
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_login(pilot)
        await pilot.click("#password")
        await pilot.pause()
        assert keypad(app).display and keypad(app).page == "password"
        await pilot.click(".title")
        await pilot.pause()
        assert not keypad(app).display
        await pilot.click("#password")
        await pilot.pause()
        assert keypad(app).display
        await tap(pilot, "Shift")
        await tap(pilot, "A")
        assert screen.query_one("#password").value == "A"
        assert app.focused is screen.query_one("#password")  # a key never takes the focus
        await pilot.press("escape")
        await pilot.press("escape")  # now back to the welcome screen
        await pilot.pause()
        assert not isinstance(app.screen, LoginScreen)
        assert not keypad_shown(screen)


def keypad_shown(screen) -> bool:
    return any(k.display for k in screen.query(Keypad))


async def test_where_there_is_a_keyboard_a_click_opens_no_keypad(config, clock):
    """A desk or a terminal with a keyboard: the click only focuses the field, and the
    next field below stays in sight for the mouse (the keypad would have covered it)."""
    app = make_app(config, clock=clock)
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_login(pilot)
        await pilot.click("#id_number")
        await pilot.pause()
        assert not screen.query(Keypad)
        await pilot.press(*holder.id_number)
        await pilot.click("#password")
        await pilot.press(*holder.password, "enter")
        await wait_for_screen(pilot, HomeScreen)


async def open_activation(pilot):
    from kiosk.ui.screens.activate_identity import ActivateIdentityScreen

    await pilot.click("#activate")
    return await wait_for_screen(pilot, ActivateIdentityScreen)


def candidate_labels(app) -> list[str]:
    from kiosk.ui.widgets.pinyin_candidates import CandidateButton

    return [str(b.label) for b in keypad(app).query(CandidateButton) if b.region.area]


@pytest.mark.parametrize("size", [(100, 40), (80, 24)])
async def test_a_chinese_name_is_spelled_in_pinyin_with_taps(app, size):
    """wang -> 王 (a surname first), xiao -> 小, ming -> 明; the name field keeps in sight."""
    async with app.run_test(size=size) as pilot:
        screen = await open_activation(pilot)
        await pilot.click("#name")
        await pilot.pause()
        assert not keypad(app).query_one("#candidates").display  # nothing spelled yet
        for letters, character in [("wang", "王"), ("xiao", "小"), ("ming", "明")]:
            await tap_text(pilot, letters)
            await wait_until(pilot, lambda c=character: c in candidate_labels(app))
            assert in_sight_above_the_keypad(app, "name")
            if letters == "wang":
                assert candidate_labels(app)[0] == "王"  # surnames first in first place
            button = next(
                b
                for b in keypad(app).query("CandidateButton")
                if str(b.label) == character and b.region.area
            )
            await pilot.click(button)
            await pilot.pause()
        assert screen.query_one("#name").value == "王小明"
        assert not keypad(app).query_one("#candidates").display


async def test_a_latin_name_is_typed_as_it_is_and_delete_unspells(app):
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_activation(pilot)
        await pilot.click("#name")
        await pilot.pause()
        await tap_text(pilot, "Ana")
        await tap(pilot, "Delete")
        await wait_until(pilot, lambda: screen.query_one("#name").value == "An")
        # 'an' is pinyin too (安...): the row offers it, and the letters stay if unused
        await wait_until(pilot, lambda: bool(candidate_labels(app)))
        await tap(pilot, "Done")
        assert screen.query_one("#name").value == "An"
        assert not keypad(app).display
