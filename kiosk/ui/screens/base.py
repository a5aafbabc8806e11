"""What every kiosk screen shares: Escape and the Back button go back one screen, a
confirmation dialog, and service calls run in a thread (busy state, spinner, the
"database busy" message) with the session checks they need."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual import events, on
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from kiosk.services.errors import TerminalBusy
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.keypad import Keypad
from kiosk.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from kiosk.services.accounts import CitizenSession
    from kiosk.services.roles import StaffSession
    from kiosk.services.terminal import Terminal

T = TypeVar("T")


class Kiosk(Protocol):
    """What screens may ask of the app (kiosk/ui/app.py): they never import it, nor each
    other; they name the screen to go to (kiosk/ui/routes.py)."""

    terminal: Terminal
    language: str

    @property
    def staff_mode(self) -> bool: ...

    @property
    def touch(self) -> bool: ...

    def t(self, key: str, **values: object) -> str: ...

    def go(
        self,
        route: str,
        *args: Any,
        then: Callable[[Any], None] | None = None,
        replace: bool = False,
        **kwargs: Any,
    ) -> Awaitable[object]: ...

    async def go_over(self, base: str | None, route: str, *args: Any, **kwargs: Any) -> None: ...

    def next_step(self, after: Screen | None, *args: Any) -> Awaitable[object]: ...

    async def reset_session(self, reason: str = "idle") -> None: ...

    def build_unseen(self, route: str, *args: Any, **kwargs: Any) -> Screen: ...

    def drop_unseen(self, screen: Screen) -> None: ...

    async def start_citizen_session(
        self, session: CitizenSession, card: Any = None, home: Screen | None = None
    ) -> None: ...

    async def start_staff_session(
        self, session: StaffSession, desk: Screen | None = None
    ) -> None: ...

    async def open_assisted(self, session: CitizenSession) -> None: ...

    async def close_assisted(self) -> None: ...

    async def leave(self) -> None: ...


class KioskScreen(Screen):
    BINDINGS = [Binding("escape", "back", show=False)]
    # Not Textual's auto focus: its first focusable widget is now the top bar's switch to
    # the large mode, and Enter on a fresh screen must act on the screen (see below).
    AUTO_FOCUS = ""

    # Where run_service says that the database stayed busy (a Tr with this selector).
    MESSAGE_LINE = "#form-error"
    # The button that shows a spinner while a service works, unless run_service names one.
    SPINNER = ""
    busy = False

    @property
    def kiosk(self) -> Kiosk:
        return cast("Kiosk", self.app)

    @property
    def terminal(self) -> Terminal:
        return self.kiosk.terminal

    def t(self, key: str, **values: object) -> str:
        return self.kiosk.t(key, **values)

    @on(events.ScreenResume)
    def _focus_first_below_the_top_bar(self) -> None:
        """What Textual's AUTO_FOCUS = "*" did, skipping the top bar."""
        if self.focused is not None or not self.app.app_focus:
            return
        for widget in self.query("*"):
            # Not a widget that is not displayed (an empty list): Enter would do nothing.
            ancestors = widget.ancestors
            if (
                widget.focusable
                and widget.display
                and all(a.display for a in ancestors if isinstance(a, Widget))
                and not any(isinstance(a, TopBar) for a in ancestors)
            ):
                self.set_focus(widget)  # at once, as Textual does: a burst of keys may follow
                return

    @on(events.MouseDown)
    def _tap_outside_the_keypad(self, event: events.MouseDown) -> None:
        """A tap anywhere but on the keypad or a field with one puts the keypad away."""
        keypads = [k for k in self.query(Keypad) if k.display]
        if not keypads:
            return
        try:
            widget, _ = self.get_widget_at(event.screen_x, event.screen_y)
        except Exception:  # noqa: BLE001 - no widget there: outside
            widget = self
        for node in [widget, *widget.ancestors]:
            if isinstance(node, Keypad) or (isinstance(node, Field) and node.keypad):
                return
        for keypad in keypads:
            keypad.hide()

    @on(events.ScreenSuspend)
    def _keypad_away(self) -> None:
        for keypad in self.query(Keypad):
            keypad.hide()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        # Through the name, so a screen's own action_back also answers its Back button
        # (a handler registered with @on is the base class's function, not the override).
        self.action_back()

    def action_back(self) -> None:
        self.app.pop_screen()

    def ask(
        self,
        question: str,
        confirm: str,
        then: Callable[[], object],
        pressed: Widget | None,
        *,
        subject: str = "",
        variant: str = "error",
    ) -> None:
        """A confirmation dialog (kept away from the `pressed` button); `then` on Confirm.

        `subject` names who or what the action is for, as plain text.
        """

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        avoid = pressed.region if pressed is not None else None
        self.kiosk.go(
            "confirm",
            question,
            confirm,
            avoid=avoid,
            subject=subject,
            variant=variant,
            then=answered,
        )

    # --- sessions ---------------------------------------------------------------------

    def require_staff(self) -> StaffSession | None:
        """The clerk logged in here; None (and the terminal starts over) when there is none."""
        staff = self.terminal.staff_session
        if staff is None:
            self._start_over()
        return staff

    def require_citizen(self) -> CitizenSession | None:
        """The citizen served here; None (and the terminal starts over) when there is none."""
        session = self.terminal.session
        if session is None:
            self._start_over()
        return session

    def _start_over(self) -> None:
        # Only a screen left over from a session that has ended meets this: the reset
        # drops it (and does nothing when a reset is already under way).
        self.app.call_later(self.kiosk.reset_session, "logout")

    # --- services ---------------------------------------------------------------------

    def say(self, key: str) -> None:
        """A message (a catalog key, "" for none) on the screen's message line."""
        self.query_one(self.MESSAGE_LINE).show(key)  # type: ignore[attr-defined]

    def show_busy(self) -> None:
        """The database stayed busy past its timeout: nothing was done, try again."""
        self.say("common.busy")

    def set_busy(self, busy: bool, spinner: str = "") -> None:
        """The `spinner` button shows a spinner; further presses wait for the answer.

        Only the button changes: restyling every field would cost the CPU that the
        password hash needs on a two-core terminal.
        """
        self.busy = busy
        if spinner:
            self.query_one(spinner).loading = busy

    async def in_thread(
        self,
        call: Callable[..., T],
        *args: Any,
        spinner: str | None = None,
        leaving: Callable[[T], bool] = lambda _: False,
    ) -> T:
        """Run `call(*args)` in a thread; the screen is busy meanwhile and never freezes.

        `spinner` (default SPINNER) names the widget that spins meanwhile. When
        `leaving(result)` is true the screen is about to be replaced and stays busy.
        Errors go on to the caller (and from a worker, to the app's crash handling).
        """
        spinner = self.SPINNER if spinner is None else spinner
        # The thread starts first: the spinner must not delay the password hash.
        task = asyncio.ensure_future(asyncio.to_thread(call, *args))
        self.set_busy(True, spinner)
        stay_busy = False
        try:
            result = await task
            stay_busy = leaving(result)
            return result
        finally:
            if self.is_attached and not stay_busy:
                self.set_busy(False, spinner)

    async def run_service(
        self,
        call: Callable[..., T],
        *args: Any,
        spinner: str | None = None,
        leaving: Callable[[T], bool] = lambda _: False,
    ) -> T | None:
        """in_thread() for a use case that may change data: when the database stayed busy
        past its timeout nothing was done, the message line says so, and this returns None."""
        try:
            return await self.in_thread(call, *args, spinner=spinner, leaving=leaving)
        except TerminalBusy:
            self.show_busy()
            return None

    async def print_slip_of(self, application_no: str) -> None:
        """An application's slip on the hall's printer (a "Print slip" button, #print-slip);
        the message line says it is printing, then that it printed or why not."""
        from kiosk.services.printing import PrintFailed, UnknownApplication

        session = self.require_citizen()
        if session is None or not application_no:
            return
        self.say("printing.printing")
        try:
            printed = await self.run_service(
                self.terminal.printing.print_slip,
                session,
                application_no,
                self.kiosk.language,
                spinner="#print-slip",
            )
        except (PrintFailed, UnknownApplication) as refused:
            self.say(refused.key)
            return
        if printed is not None:
            self.say("printing.printed")
