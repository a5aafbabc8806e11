"""After a session nothing of the person remains: not in any widget, not in the clipboard,
not in the log file; and the log file and the audit table never hold a password or a
whole ID number."""

import re

from textual.widget import Widget
from textual.widgets import Input

from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.ui import make_app
from kiosk.ui.screens.citizen_desk import CitizenDeskScreen
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.records import RecordsScreen
from kiosk.ui.screens.staff_login import StaffLoginScreen
from kiosk.ui.screens.temporary_password import TemporaryPasswordScreen
from kiosk.ui.screens.voucher import VoucherScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import (
    SIZE,
    find,
    log_in,
    open_first,
    press_and_confirm,
    staff_log_in,
    text_of,
    type_into,
    wait_for_screen,
    wait_until,
)

WHOLE_ID = re.compile(r"\d{17}[\dXx]")


def everything_shown(app) -> str:
    """The text of every widget of every screen still alive, and every input's value."""
    parts = []
    for screen in app.screen_stack:
        for node in screen.walk_children(with_self=True):
            if isinstance(node, Input):
                parts.append(node.value)
            elif isinstance(node, Widget):
                try:
                    parts.append(text_of(node))
                except Exception:  # noqa: BLE001 - containers have nothing of their own
                    pass
    return "\n".join(parts)


def traces_of(holder) -> list[str]:
    masked = holder.id_number[:6] + "********" + holder.id_number[-4:]
    return [holder.id_number, masked, holder.name, holder.password]


def assert_no_secrets_at_rest(app, config, secrets):
    log = config.log_path.read_text(encoding="utf-8") if config.log_path.exists() else ""
    audit = "\n".join(
        " ".join(str(v) for v in row)
        for row in app.terminal.store.db.execute(
            "SELECT at, actor, action, subject, detail FROM audit_log"
        ).fetchall()
    )
    for secret in secrets:
        assert secret not in log, secret
        assert secret not in audit, secret
    assert not WHOLE_ID.search(log) and not WHOLE_ID.search(audit)


async def test_a_citizen_leaves_nothing_behind(app, config):
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, holder.id_number, holder.password)
        home = await wait_for_screen(pilot, HomeScreen)
        await wait_until(pilot, lambda: holder.name in everything_shown(app))
        for button, screen_type in (
            ("#records", RecordsScreen),
            ("#family", FamilyAccountScreen),
            ("#voucher", VoucherScreen),
        ):
            await pilot.click(button)
            await wait_for_screen(pilot, screen_type)
            await pilot.pause(0.3)
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
        assert home.is_current
        await pilot.click("#log-out")
        await wait_for_screen(pilot, WelcomeScreen)
        shown = everything_shown(app)
        for trace in traces_of(holder):
            assert trace not in shown, trace
        assert app.clipboard == ""
        assert app.terminal.session is None
    assert_no_secrets_at_rest(app, config, [holder.password, holder.id_number, holder.name])


async def test_a_desk_leaves_nothing_of_the_citizen_or_the_temporary_password(config, clock):
    from kiosk import logs

    logs.configure(config.log_path)
    app = make_app(config.replace(mode="staff"), clock=clock)
    holder = demo_accounts(app.terminal.store)[1]
    async with app.run_test(size=SIZE) as pilot:
        desk = await staff_log_in(pilot, DEMO_STAFF[0])
        await find(pilot, holder.id_number)
        await open_first(pilot, desk)
        await press_and_confirm(pilot, "#reset")
        shown = await wait_for_screen(pilot, TemporaryPasswordScreen)
        temporary = text_of(shown.query_one("#temporary")).strip()
        await pilot.click("#done")
        await wait_for_screen(pilot, CitizenDeskScreen)
        await pilot.click("#open-card")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#log-out")
        await wait_for_screen(pilot, CitizenDeskScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, type(desk))
        await type_into(pilot, "#query", "")
        await pilot.click("#log-out")
        await wait_for_screen(pilot, StaffLoginScreen)
        shown_now = everything_shown(app)
        for trace in [*traces_of(holder), temporary, DEMO_STAFF[0][3]]:
            assert trace not in shown_now, trace
        assert app.clipboard == ""
        assert app.terminal.staff_session is None and app.terminal.session is None
    assert_no_secrets_at_rest(
        app, config, [temporary, DEMO_STAFF[0][3], holder.password, holder.id_number, holder.name]
    )
