"""The widgets' CSS is parsed before the first tap, not in it (kiosk/ui/styles_ahead.py)."""

from textual.css import stylesheet

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.ui.screens.home import HomeScreen
from tests.ui.conftest import SIZE, wait_for_screen, wait_until


async def test_the_first_visit_to_each_screen_parses_no_css(app, monkeypatch):
    holder = demo_accounts(app.terminal.store)[0]
    parsed_in_taps = []
    real = stylesheet.parse

    def counted(*args, **kwargs):
        parsed_in_taps.append(args[2])  # read_from: the class whose CSS was parsed
        return real(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.styles_ready)
        monkeypatch.setattr(stylesheet, "parse", counted)
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        await wait_for_screen(pilot, HomeScreen)
        for button in ("#records", "#family", "#voucher"):
            await pilot.click(button)
            await wait_until(pilot, lambda: not isinstance(app.screen, HomeScreen))
            await pilot.pause(0.2)
            await pilot.click("#back")
            await wait_for_screen(pilot, HomeScreen)
    assert parsed_in_taps == []
