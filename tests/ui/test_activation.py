"""Activate an account at the terminal: the real-name check, then a password twice."""

import pytest

from kiosk.ui.screens.activate_identity import ActivateIdentityScreen
from kiosk.ui.screens.activate_password import ActivatePasswordScreen
from kiosk.ui.screens.activation_done import ActivationDoneScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.login import LoginScreen
from tests.ui.conftest import SIZE, text_of, type_into, wait_for_screen, wait_until
from tests.ui.test_login import burst, error_of, form_error


@pytest.fixture
def newcomer(app):
    return next(
        app.terminal.store.db.query(
            "SELECT * FROM persons WHERE status = 'active' AND birth_date < '2000-01-01' AND "
            "id_number NOT IN (SELECT id_number FROM credentials) LIMIT 1"
        )
    )


async def fill_identity(pilot, person, *, name=None):
    await pilot.click("#activate")
    await type_into(pilot, "#id_number", person["id_number"])
    await type_into(pilot, "#name", name or person["name"])
    await type_into(pilot, "#phone", person["phone"])
    await pilot.click("#submit")


async def test_activate_then_log_in(app, newcomer):
    async with app.run_test(size=SIZE) as pilot:
        await fill_identity(pilot, newcomer)
        screen = await wait_for_screen(pilot, ActivatePasswordScreen)
        await type_into(pilot, "#password", "Kiosk-Pass-77")
        await type_into(pilot, "#repeated", "Kiosk-Pass-78")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: error_of(screen, "repeated") != "")
        assert error_of(screen, "repeated") == "The two passwords are not the same."
        assert screen.query_one("#password").value == ""  # typed again, both
        await type_into(pilot, "#password", "Kiosk-Pass-77")
        await type_into(pilot, "#repeated", "Kiosk-Pass-77")
        await pilot.click("#submit")
        done = await wait_for_screen(pilot, ActivationDoneScreen)
        assert text_of(done.query_one(".title")) == "Your account is active"
        assert not any(
            isinstance(s, (ActivateIdentityScreen, ActivatePasswordScreen))
            for s in app.screen_stack
        )
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        await type_into(pilot, "#id_number", newcomer["id_number"])
        await type_into(pilot, "#password", "Kiosk-Pass-77")
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)


async def test_a_mismatch_says_nothing_about_which_detail(app, newcomer):
    async with app.run_test(size=SIZE) as pilot:
        await fill_identity(pilot, newcomer, name=newcomer["name"] + "伟")
        screen = app.screen
        await wait_until(pilot, lambda: form_error(screen) != "")
        assert form_error(screen).startswith("These details do not match our records.")
        for field in ("id_number", "name", "phone"):
            assert error_of(screen, field) == ""
        assert isinstance(app.screen, ActivateIdentityScreen)


async def test_an_active_account_offers_log_in_and_the_counter(app, newcomer):
    async with app.run_test(size=SIZE) as pilot:
        holder_row = next(
            app.terminal.store.db.query(
                "SELECT p.* FROM persons p JOIN credentials c USING (id_number) LIMIT 1"
            )
        )
        await fill_identity(pilot, holder_row)
        done = await wait_for_screen(pilot, ActivationDoneScreen)
        assert text_of(done.query_one(".title")) == "This account is already active"
        assert "ask at the counter" in text_of(done.query_one(".note"))


async def test_field_messages_for_each_bad_value(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#activate")
        await type_into(pilot, "#id_number", "11010519491231002")
        await type_into(pilot, "#phone", "12345")
        await pilot.click("#submit")
        screen = app.screen
        await wait_until(pilot, lambda: error_of(screen, "phone") != "")
        assert error_of(screen, "id_number") == "An ID number has 18 characters."
        assert error_of(screen, "name") == "Enter your full name."
        assert error_of(screen, "phone") == "Enter the 11-digit mobile number you registered."


async def test_password_rules_show_next_to_the_field_in_spanish(app, newcomer):
    app.language = "es"
    async with app.run_test(size=SIZE) as pilot:
        await fill_identity(pilot, newcomer)
        screen = await wait_for_screen(pilot, ActivatePasswordScreen)
        for typed, message in [
            ("", "Escriba una contraseña."),
            ("1234567", "La contraseña tiene al menos 8 caracteres."),
            ("p" * 129, "La contraseña tiene como máximo 64 caracteres."),
            ("12345678", "Esta contraseña es demasiado común. Elija otra."),
        ]:
            await type_into(pilot, "#password", typed)
            await type_into(pilot, "#repeated", typed)
            await pilot.click("#submit")
            await wait_until(pilot, lambda m=message: error_of(screen, "password") == m)
        assert (
            app.terminal.store.db.execute(
                "SELECT count(*) FROM credentials WHERE id_number = ?", [newcomer["id_number"]]
            ).fetchone()[0]
            == 0
        )


async def test_a_burst_of_keys_fills_each_field_of_the_activation_form(app, newcomer):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#activate")
        screen = await wait_for_screen(pilot, ActivateIdentityScreen)
        # The ID number, a Tab, then (the name field skipped with a second Tab) the phone.
        burst(app, [*newcomer["id_number"], "tab", "tab", *newcomer["phone"], "shift+tab"])
        await wait_until(pilot, lambda: app.focused is screen.query_one("#name"))
        assert screen.query_one("#id_number").value == newcomer["id_number"]
        assert screen.query_one("#name").value == ""
        assert screen.query_one("#phone").value == newcomer["phone"]


async def activate(pilot, person, password="Kiosk-Pass-77"):
    await fill_identity(pilot, person)
    await wait_for_screen(pilot, ActivatePasswordScreen)
    await type_into(pilot, "#password", password)
    await type_into(pilot, "#repeated", password)
    await pilot.click("#submit")
    return await wait_for_screen(pilot, ActivationDoneScreen)


async def test_after_activating_the_login_form_holds_the_verified_id_number(app, newcomer):
    async with app.run_test(size=SIZE) as pilot:
        await activate(pilot, newcomer)
        await pilot.click("#log-in")
        login = await wait_for_screen(pilot, LoginScreen)
        assert login.query_one("#id_number").value == newcomer["id_number"]
        assert login.focused is login.query_one("#password")
        await pilot.press(*"Kiosk-Pass-77", "enter")
        await wait_for_screen(pilot, HomeScreen)


async def test_an_already_active_account_also_brings_its_id_number_to_the_login(app):
    holder_row = next(
        app.terminal.store.db.query(
            "SELECT p.* FROM persons p JOIN credentials c USING (id_number) LIMIT 1"
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await fill_identity(pilot, holder_row)
        await wait_for_screen(pilot, ActivationDoneScreen)
        await pilot.click("#log-in")
        login = await wait_for_screen(pilot, LoginScreen)
        assert login.query_one("#id_number").value == holder_row["id_number"]


async def test_the_verified_id_number_is_gone_after_the_time_out(app, newcomer, clock):
    from kiosk.ui.screens.welcome import WelcomeScreen

    async with app.run_test(size=SIZE) as pilot:
        await activate(pilot, newcomer)
        clock.advance(3600)
        await app.tick_idle()
        await pilot.pause()
        clock.advance(3600)
        await app.tick_idle()
        await wait_for_screen(pilot, WelcomeScreen)
        assert not any(isinstance(s, ActivationDoneScreen) for s in app.screen_stack)
        await pilot.click("#log-in")
        login = await wait_for_screen(pilot, LoginScreen)
        assert login.query_one("#id_number").value == ""
