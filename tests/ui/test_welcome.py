"""The welcome screen, its language switch and "Other ways to check"."""

from kiosk.config import HallConfig
from kiosk.ui import make_app
from kiosk.ui.screens.activate_identity import ActivateIdentityScreen
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.screens.other_ways import OtherWaysScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import SIZE, text_of


async def test_welcome_offers_the_three_ways_in(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        assert text_of(screen.query_one("#welcome-greeting")) == "Welcome"
        labels = [
            str(screen.query_one(f"#{i}").label) for i in ("log-in", "activate", "other-ways")
        ]
        assert labels == ["Log in", "Activate my account", "Other ways to check"]
        assert (
            text_of(screen.query_one("#hall-name"))
            == "Demo District Medical Insurance Service Hall"
        )
        assert app.focused is screen.query_one("#log-in")


async def test_switching_language_redraws_the_screen_in_place(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-zh")
        screen = app.screen
        assert text_of(screen.query_one("#welcome-greeting")) == "欢迎"
        assert str(screen.query_one("#log-in").label) == "登录"
        assert text_of(screen.query_one("#hall-name")) == "示范区医疗保障服务大厅"
        assert screen.query_one("#lang-zh").has_class("-current")
        assert not screen.query_one("#lang-en").has_class("-current")
        await pilot.click("#lang-es")
        assert str(screen.query_one("#activate").label) == "Activar mi cuenta"
        assert app.screen is screen  # the same screen, redrawn, not a new one


async def test_other_ways_shows_hotline_website_and_counter_from_config(config, clock):
    hall = HallConfig(
        hotline="0571-88888888",
        website="https://example.test/ybj",
        address="Counter 3",
        counter_hours="8:30-17:00",
    )
    app = make_app(config.replace(hall=hall), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#other-ways")
        screen = app.screen
        assert isinstance(screen, OtherWaysScreen)
        texts = [text_of(w) for w in screen.query(".way-text")]
        assert texts == [
            "Call the 0571-88888888 hotline.",
            "Visit https://example.test/ybj and log in with your ID number and password.",
            "Ask at this hall's counter: Counter 3. Opening hours: 8:30-17:00.",
        ]
        await pilot.click("#back")
        assert isinstance(app.screen, WelcomeScreen)


async def test_escape_goes_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#other-ways")
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)


async def test_log_in_and_activate_open_their_forms(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#activate")
        assert isinstance(app.screen, ActivateIdentityScreen)
        await pilot.click("#back")
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.click("#log-in")
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WelcomeScreen)


async def test_hall_text_with_markup_shows_literally(config, clock):
    hostile = "[bold]x[/] [@click=app.quit]y[/] [/"
    app = make_app(config.replace(hall=HallConfig(name=hostile, website="[TODO]\\")), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app.screen.query_one("#hall-name")) == hostile
        await pilot.click("#other-ways")
        assert "[TODO]\\" in text_of(app.screen.query_one("#way-website .way-text"))
        assert app.is_running


async def test_fits_a_small_terminal(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for widget_id in ("#log-in", "#activate", "#other-ways", "#lang-es"):
            region = app.screen.query_one(widget_id).region
            assert region.height > 0 and region.bottom <= 24 and region.right <= 80, widget_id
