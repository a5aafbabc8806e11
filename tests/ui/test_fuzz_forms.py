"""The real app's forms fed generated hostile strings, typed and pasted: nothing crashes,
nothing is styled, every refusal is a catalog message."""

import random

import pytest
from textual import events

from kiosk.i18n import catalog
from kiosk.ui import make_app
from kiosk.ui.screens.activate_identity import ActivateIdentityScreen
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from kiosk.ui.screens.staff_desk import StaffDeskScreen
from kiosk.ui.screens.staff_login import StaffLoginScreen
from kiosk.ui.widgets.translated import Tr
from tests.ui.conftest import SIZE, wait_for_screen, wait_until

PIECES = [
    "[bold]",
    "[/]",
    "[red on white]",
    "[link=http://x]",
    "[@click=app.quit]",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1b[2J",
    "\x1bP",
    "\x9b",
    "\x85",
    "\x00",
    "\x07",
    "\r\n",
    "\t",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "王",
    "張偉",
    "𠀀",
    "😀",
    "👨‍👩‍👧",
    "110108",
    "X",
    "x",
    "%",
    "_",
    "'; DROP TABLE persons;--",
    "\\",
    "{name}",
    "{0}",
    " ",
]
CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
MESSAGES = set(catalog("en").values())


def hostile_strings(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    strings = ["A" * 5000, "王" * 3000, "[" * 200 + "]" * 200]
    while len(strings) < count:
        strings.append("".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12))))
    return strings


def no_controls(value: str) -> bool:
    return not any(ord(ch) in CONTROL for ch in value)


def shown_messages(screen) -> list[str]:
    return [
        str(tr.render())
        for tr in screen.query(Tr)
        if tr.display
        and tr.key
        and ("error" in tr.classes or tr.id == "form-error" or "field-error" in tr.classes)
    ]


async def fill(pilot, selector: str, text: str, paste: bool) -> None:
    field = pilot.app.screen.query_one(selector)
    field.value = ""
    field.focus()
    if paste:
        field.post_message(events.Paste(text))
    else:
        field.insert_text_at_cursor(text)
    await pilot.pause()


async def check_after_submit(pilot, screen) -> None:
    await pilot.pause(0.05)
    assert not isinstance(pilot.app.screen, OutOfServiceScreen)
    for message in shown_messages(screen):
        assert message.strip() in MESSAGES or message in MESSAGES, message


@pytest.fixture
def fuzz_app(config, clock):
    from kiosk import logs

    logs.configure(config.log_path)
    return make_app(config, clock=clock)


@pytest.mark.parametrize("paste", [False, True], ids=["typed", "pasted"])
async def test_citizen_forms_take_anything(fuzz_app, config, paste):
    app = fuzz_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#log-in")
        login = await wait_for_screen(pilot, LoginScreen)
        for text in hostile_strings(1 + paste, 15):
            await fill(pilot, "#id_number", text, paste)
            await fill(pilot, "#password", text[:100], paste)
            for field in ("#id_number", "#password"):
                value = login.query_one(field).value
                assert no_controls(value) and len(value) <= 201
            await pilot.click("#submit")
            await wait_until(pilot, lambda: not login.busy)
            await check_after_submit(pilot, login)
        await pilot.press("escape")
        await pilot.click("#activate")
        activate = await wait_for_screen(pilot, ActivateIdentityScreen)
        for text in hostile_strings(3 + paste, 12):
            for field in ("#id_number", "#name", "#phone"):
                await fill(pilot, field, text, paste)
                assert no_controls(activate.query_one(field).value)
            await pilot.click("#submit")
            await wait_until(pilot, lambda: not activate.busy)
            await check_after_submit(pilot, activate)
    assert "Traceback" not in config.log_path.read_text(encoding="utf-8")
    assert "ERROR" not in config.log_path.read_text(encoding="utf-8")


async def test_staff_forms_take_anything(config, clock):
    from kiosk import logs

    logs.configure(config.log_path)
    app = make_app(config.replace(mode="staff"), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        login = await wait_for_screen(pilot, StaffLoginScreen)
        for text in hostile_strings(5, 5):
            await fill(pilot, "#staff_id", text, True)
            await fill(pilot, "#password", text[:50] or "x", True)
            await pilot.click("#submit")
            await wait_until(pilot, lambda: not login.busy)
            await check_after_submit(pilot, login)
        await fill(pilot, "#staff_id", "lead01", False)
        await fill(pilot, "#password", "Demo-Lead-01", False)
        await pilot.click("#submit")
        desk = await wait_for_screen(pilot, StaffDeskScreen)
        for text in hostile_strings(6, 15):
            await fill(pilot, "#query", text, True)
            await pilot.press("enter")
            await pilot.pause(0.1)
            await check_after_submit(pilot, desk)
            assert no_controls(desk.query_one("#query").value)
    assert "ERROR" not in config.log_path.read_text(encoding="utf-8")
