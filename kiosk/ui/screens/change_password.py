"""Change the password: the old one first, then the new one twice.

Forced after a temporary password: the login spent it and the session proves who it
is, so only the new password is asked for, twice; leaving logs out.
"""

from __future__ import annotations

from textual import work

from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.field import Field, new_password_fields, password_field
from kiosk.ui.widgets.translated import TrButton


class ChangePasswordScreen(FormScreen):
    TITLE_KEY = "change_password.title"
    INTRO_KEY = "password.rules"
    SUBMIT_KEY = "action.save"

    def __init__(self, *, forced: bool = False) -> None:
        super().__init__()
        # After a temporary password: no way on but a new password, or logging out.
        self.forced = forced
        if forced:
            self.INTRO_KEY = "change_password.forced"
            self.RULES_KEY = "password.rules"

    def on_mount(self) -> None:
        super().on_mount()
        if self.forced:  # Back would lead on without a password of one's own: it logs out
            back = self.query_one("#back", TrButton)
            back.key = "action.log_out"
            back.retranslate()

    def action_back(self) -> None:
        if self.forced:
            self.app.call_later(self.kiosk.reset_session, "logout")
        else:
            self.app.pop_screen()

    def make_fields(self) -> list[Field]:
        old = [] if self.forced else [password_field("field.old_password", "old")]
        return [*old, *new_password_fields("new")]

    def submit_values(self, *, new: str, repeated: str, old: str = "") -> None:
        self.change(old, new, repeated)

    @work(exclusive=True, group="change-password")
    async def change(self, old: str, new: str, repeated: str) -> None:
        session = self.require_citizen()
        if session is None:
            return
        accounts = self.terminal.accounts
        if self.forced:
            outcome = await self.run_service(accounts.replace_temporary, session, new, repeated)
        else:
            outcome = await self.run_service(accounts.change_password, session, old, new, repeated)
        if outcome is None:
            return
        self.clear(*(["new", "repeated"] if self.forced else ["old", "new", "repeated"]))
        if not outcome.ok:
            self.show_errors(outcome.errors)
            return
        self.app.notify(self.t("change_password.done"), markup=False, timeout=6)
        self.forced = False
        self.app.pop_screen()
