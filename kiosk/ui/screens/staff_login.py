"""Staff log in: the start screen of a desk, or opened with the staff key at a kiosk."""

from __future__ import annotations

import asyncio

from textual import work
from textual.screen import Screen

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field, password_field
from kiosk.ui.widgets.translated import Tr


class StaffLoginScreen(FormScreen):
    TITLE_KEY = "staff_login.title"
    INTRO_KEY = "staff_login.intro"
    SUBMIT_KEY = "action.log_in"
    AT_REST = True

    def __init__(self, message: str = "") -> None:
        super().__init__()
        self.message = message  # why the last staff session ended, if not by logging out

    def make_fields(self) -> list[Field]:
        return [
            Field("field.staff_id", name="staff_id", keep=32, keypad="code"),
            password_field("field.password", "password"),
        ]

    def on_mount(self) -> None:
        super().on_mount()
        # At a desk this is the first screen: there is nothing to go back to.
        self.query_one("#back").display = not self.kiosk.staff_mode
        if self.message:
            self.query_one("#form-error", Tr).show(self.message)

    def has_input(self) -> bool:
        return any(self.field(name).value for name in ("staff_id", "password"))

    def action_back(self) -> None:
        if not self.kiosk.staff_mode:
            self.app.pop_screen()

    def submit_values(self, *, staff_id: str, password: str) -> None:
        self.log_in(staff_id, password)

    @work(exclusive=True, group="staff-login")
    async def log_in(self, staff_id: str, password: str) -> None:
        staff = self.terminal.staff
        check = self.run_service(staff.log_in, staff_id, password, leaving=lambda r: r.outcome.ok)
        checking = asyncio.ensure_future(check)
        # While the password is hashed, the desk is built unseen for the account's role
        # (an unknown ID builds a clerk's, so that it costs what a known one costs).
        who = await asyncio.to_thread(staff.before_login, staff_id)
        desk: Screen | None = self.kiosk.build_unseen("staff_desk", who or ("", "clerk"))
        try:
            login = await checking
            if login is None:
                return
            self.clear("password")
            if login.session is None:
                self.show_errors(login.outcome.errors)
                return
            self.clear("staff_id")
            if who != (login.session.name, login.session.role):  # changed meanwhile
                desk = None
            self.app.call_later(self.kiosk.start_staff_session, login.session, desk)
            desk = None
        finally:
            if desk is not None:
                self.kiosk.drop_unseen(desk)
