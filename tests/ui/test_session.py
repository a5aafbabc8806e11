"""Change of password, the idle reset during a session, and hostile names from the registry."""

import pytest
from textual.widgets import Input, Static

from kiosk.demo.builder import demo_accounts
from kiosk.domain.ids import make_id
from kiosk.domain.passwords import hash_password
from kiosk.ui.screens.change_password import ChangePasswordScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import (
    SIZE,
    card_value,
    log_in,
    text_of,
    type_into,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_login import error_of


@pytest.fixture
def holder(app):
    return demo_accounts(app.terminal.store)[0]


async def test_change_password_then_log_in_with_the_new_one(app, holder):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, holder.id_number, holder.password)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#change-password")
        screen = await wait_for_screen(pilot, ChangePasswordScreen)
        await type_into(pilot, "#old", "wrong-old-pass")
        await type_into(pilot, "#new", "Fresh-Pass-1")
        await type_into(pilot, "#repeated", "Fresh-Pass-1")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: error_of(screen, "old") != "")
        assert error_of(screen, "old") == "The current password is not right."
        assert all(w.value == "" for w in screen.query(Input))
        await type_into(pilot, "#old", holder.password)
        await type_into(pilot, "#new", "Fresh-Pass-1")
        await type_into(pilot, "#repeated", "Fresh-Pass-1")
        await pilot.click("#submit")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#log-out")
        await wait_for_screen(pilot, WelcomeScreen)
        await log_in(pilot, holder.id_number, "Fresh-Pass-1")
        await wait_for_screen(pilot, HomeScreen)


async def test_idle_in_a_session_logs_out_and_leaves_nothing(app, holder, clock):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, holder.id_number, holder.password)
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: card_value(home, "Name") != "")
        await pilot.click("#change-password")
        await wait_for_screen(pilot, ChangePasswordScreen)
        await type_into(pilot, "#old", "half-typed")
        clock.advance(90)
        await app.tick_idle()
        clock.advance(20)
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 2
        assert app.terminal.session is None
        for key in ("escape", "tab", "enter"):
            await pilot.press(key)
        assert not isinstance(app.screen, (HomeScreen, ChangePasswordScreen))
        text = " ".join(text_of(w) for s in app.screen_stack for w in s.query(Static))
        assert holder.name not in text
        audit = " ".join(
            r["action"] + (r["detail"] or "") for r in app.terminal.store.db["audit_log"].rows
        )
        assert "session:end" in audit and '"reason": "idle"' in audit


HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]x",
    "[/",
    "[TODO]",
    "王\\",
    "\x1b]52;c;aGk=\x07李\x1b[2J",
    "张\x9b31m三\x85",
]


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
async def test_registry_names_show_literally_and_safely(app, name):
    id_number = make_id("110105", __import__("datetime").date(1980, 5, 5), 123)
    with app.terminal.store.write() as db:
        # Straight into the table, as another system might have written it.
        db.execute(
            "INSERT INTO persons VALUES (?, ?, '13800000000', 'M', '1980-05-05', 'employee', "
            "'active', '2010-01-01')",
            [id_number, name],
        )
        db.execute(
            "INSERT INTO credentials (id_number, password_hash, activated_at) VALUES (?, ?, ?)",
            [id_number, hash_password("Hostile-Pass-1"), "2026-01-01"],
        )
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, id_number, "Hostile-Pass-1")
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: card_value(home, "Name") != "")
        shown = card_value(home, "Name")
        assert shown == "".join(c for c in name if c.isprintable())
        assert "\x1b" not in shown and "\x9b" not in shown
        assert app.is_running
        await pilot.click("#records")
        await pilot.pause()
        assert app.is_running
