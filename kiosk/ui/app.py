"""The kiosk App: stylesheet, lock-down, language, idle timer, crash screen, and the ways
from screen to screen (built from the route table in kiosk/ui/routes.py)."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive

from kiosk.i18n import translate
from kiosk.logs import log, log_crash, where
from kiosk.services.terminal import Terminal
from kiosk.ui import styles_ahead
from kiosk.ui.routes import PREWARM_CITIZEN, PREWARM_STAFF, make, prewarm, showing, step_after
from kiosk.ui.themes import DEFAULT_THEME, HIGH_CONTRAST_THEME, THEMES
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.contrast_button import ContrastButton

if TYPE_CHECKING:
    from textual.screen import Screen

    from kiosk.services.accounts import CitizenSession
    from kiosk.services.records import Card
    from kiosk.services.roles import StaffSession

# More unexpected errors than this within CRASH_WINDOW seconds and the terminal
# stops trying to recover and leaves with a one-line message.
CRASH_LIMIT = 3
CRASH_WINDOW = 60.0
# Presses of data-changing buttons closer together than this are one press (a double click).
PRESS_GAP = 0.5


def stylesheet_path() -> Path:
    """kiosk.tcss: inside the installed package, or at the repository root."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "kiosk.tcss"
    return packaged if packaged.exists() else here.parent / "kiosk.tcss"


def free_styles_caches() -> None:
    """Let the popped screens' widgets go (issue 14: memory per served kiosk).

    Textual 8.2 caches `StylesCache.get_inner_outer` with an lru_cache(1024) on the
    method, so `self` is part of each key and the cache keeps up to 1024 StylesCache
    objects alive, with the lines each one caches, after their widgets are gone
    (upstream Textualize/textual#6665): about 35 MB per kiosk after a few sessions.
    A session's end is when a person's screens are popped, so the cache is emptied
    there; it only holds two colours' styles, quickly made again. getattr: a Textual
    that has fixed it may have no lru_cache there, and then there is nothing to do.
    """
    from textual._styles_cache import StylesCache

    clear = getattr(getattr(StylesCache, "get_inner_outer", None), "cache_clear", None)
    if callable(clear):
        clear()


class KioskApp(App[None], inherit_bindings=False):
    """A public terminal: nothing quits, copies or opens a palette unless in dev mode."""

    CSS_PATH = stylesheet_path()
    ENABLE_COMMAND_PALETTE = False
    # Only ctrl+q, and it quits only with --dev. The stock ctrl+c "help quit" is gone.
    BINDINGS = [Binding("ctrl+q", "quit", show=False, priority=True)]

    language: reactive[str] = reactive("zh")
    # How often the kiosk removes old scans from the shared scanner inbox on its own.
    INBOX_SWEEP_SECONDS = 60.0
    BUSY_RETRY_SECONDS = 5  # a database busy at start is checked again this much later

    def __init__(
        self,
        terminal: Terminal,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.terminal = terminal
        self.config = terminal.config
        self.clock = clock
        self.last_input = clock()
        self._crashes: list[float] = []
        self._last_data_press: float | None = None
        self._resetting = False
        self._out_of_order = False
        self.styles_ready = False  # the widgets' CSS parsed ahead (styles_ahead), once true
        for theme in THEMES:
            self.register_theme(theme)
        self._start_in_theme(DEFAULT_THEME)
        self.set_reactive(KioskApp.language, self.config.language)
        if self.config.mode == "citizen":
            # The documented way from a self-service terminal to the staff login.
            self.bind(self.config.staff.login_key, "staff_login", show=False)
            # Nothing of one person may be selected and copied out (Textual's selection
            # would copy with an OSC 52 sequence); a drag on the pad is a stroke.
            self.ALLOW_SELECT = False  # type: ignore[misc]  # per app, by its mode

    def _start_in_theme(self, name: str) -> None:
        """Begin in this theme as if it had been the app's own from the start.

        `self.theme = name` here would run Textual's theme watcher, whose refresh parses
        the whole stylesheet (kiosk.tcss and every widget's CSS) once more in a throw-away
        Stylesheet and empties the parse cache, so the first screen parses it all a third
        time: about 10 ms of the start-up (docs/benchmarks.md). Nothing is parsed yet, so
        setting the value quietly and handing the stylesheet the theme's variables is the
        same end state: the one parse that follows already uses them. The watcher's classes
        (-theme-NAME; -dark-mode/-light-mode, which App.__init__ set for its default theme)
        are set here too. Later changes (the high-contrast mode) go through the watcher.
        """
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        self.set_class(True, f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    # --- text -------------------------------------------------------------------

    def t(self, key: str, **values: object) -> str:
        return translate(self.language, key, **values)

    def watch_language(self, language: str) -> None:
        """Redraw every screen in place: each node with a retranslate() gets called."""
        self.title = self.t("app.title")
        for screen in self.screen_stack:
            for node in screen.walk_children(with_self=True):
                retranslate = getattr(node, "retranslate", None)
                if callable(retranslate) and getattr(node, "is_mounted", False):
                    retranslate()

    # --- large, high-contrast mode --------------------------------------------------

    @property
    def high_contrast(self) -> bool:
        """The large, high-contrast mode is on (until the session ends)."""
        return self.has_class("-large")

    def set_high_contrast(self, on: bool) -> None:
        """The high-contrast theme and larger touch targets (class -large), or the default."""
        self.theme = HIGH_CONTRAST_THEME if on else DEFAULT_THEME
        self.set_class(on, "-large")
        for screen in self.screen_stack:
            for button in screen.query(ContrastButton):
                button.retranslate()
            # The buttons' sizes and gaps change with the class: their bars lay out anew.
            for bar in screen.query(ActionBar):
                bar.call_after_refresh(bar.reflow)

    def accept_data_press(self) -> bool:
        """True for a press of a data-changing button, False within PRESS_GAP of the last one."""
        now = self.clock()
        if self._last_data_press is not None and now - self._last_data_press < PRESS_GAP:
            return False
        self._last_data_press = now
        return True

    # --- screens ------------------------------------------------------------------

    @property
    def staff_mode(self) -> bool:
        return self.config.mode == "staff"

    @property
    def touch(self) -> bool:
        """A touch screen: a tap on a field opens its on-screen keypad."""
        return self.config.touch

    def start_screen(self) -> Screen:
        """What an empty terminal shows: the welcome screen, or at a desk the staff login."""
        return make("staff_login" if self.staff_mode else "welcome")

    def go(
        self,
        route: str,
        *args: Any,
        then: Callable[[Any], None] | None = None,
        replace: bool = False,
        **kwargs: Any,
    ) -> Awaitable[object]:
        """Open the screen named `route` (routes.ROUTES) on top, built with these arguments;
        `then` gets what it is dismissed with. `replace`: instead of the current screen."""
        screen = make(route, *args, **kwargs)
        if replace:
            return self.switch_screen(screen)
        return self.push_screen(screen, then)

    async def go_over(self, base: str | None, route: str, *args: Any, **kwargs: Any) -> None:
        """Drop the screens above `base` (a route; None: the start screen), then open `route`.

        Screens call this through call_later: it removes them, and with them their workers.
        """
        await self._pop_to(base)
        await self.push_screen(make(route, *args, **kwargs))

    def next_step(self, after: Screen | None, *args: Any) -> Awaitable[object]:
        """The family wizard's step after `after` (its first for None): routes.FAMILY_WIZARD."""
        return self.go(step_after(after), *args)

    def on_mount(self) -> None:
        # `kiosk run` holds garbage collection off until the first paint (cli/run.py).
        # What exists now (modules, classes, this app, its stylesheet) lives as long as
        # the process: frozen, no full collection scans it again. The start screen is
        # made after, and can be collected when a reset replaces it.
        held_off = not gc.isenabled()
        if held_off:
            gc.freeze()
        self.title = self.t("app.title")
        # A touch screen: the top bar's one-row switch grows to a touch target (kiosk.tcss).
        self.set_class(self.touch, "-touch")
        self.push_screen(self.start_screen())
        if held_off:
            self.call_after_refresh(gc.enable)
        self.set_interval(1.0, self.tick_idle)
        # Well after the first paint, so importing SQLite's helpers never delays it.
        self.set_timer(1.0, self._open_database)
        self.set_interval(self.INBOX_SWEEP_SECONDS, self.sweep_inbox)

    @work(exit_on_error=False, group="database")
    async def _open_database(self) -> None:
        """Open and check the database after the first paint (the welcome screen never waits)."""
        try:
            await asyncio.to_thread(self.terminal.open)
        except Exception as error:  # any reason the records cannot be reached: out of order
            if getattr(error, "kind", None) == "busy":
                # Another writer (an import, a pull, a backup) held the write lock past our
                # wait: busy is not damaged. The file read whole (quick_check); its write
                # check is tried again, and meanwhile a screen that cannot write says
                # "busy, try again" (run_service).
                log.warning(
                    "database busy at start: checked again in %s s", self.BUSY_RETRY_SECONDS
                )
                self.set_timer(self.BUSY_RETRY_SECONDS, self._open_database)
                return
            await self.out_of_order(error)
            return
        # Then, while nobody has tapped yet, the screens a person goes to first: the
        # first "Log in" of a new process no longer waits for their imports (70 ms
        # alone, several times that while other terminals start: benchmarks/hall.py).
        await asyncio.to_thread(prewarm, PREWARM_STAFF if self.staff_mode else PREWARM_CITIZEN)
        # And their widgets' CSS, parsed now rather than in the first tap to each screen.
        variables = self.stylesheet._variables
        parsed = await asyncio.to_thread(styles_ahead.parse_ahead, variables)
        self.styles_ready = styles_ahead.keep(self.stylesheet, parsed, variables)

    @work(exclusive=True, exit_on_error=False, group="inbox")
    async def sweep_inbox(self) -> None:
        """Scans left in the shared inbox go after `[family] inbox_max_age_minutes`."""
        try:
            await asyncio.to_thread(self.terminal.sweep_inbox)
        except OSError as error:  # an unreadable inbox: logged, tried again next time
            log_crash(error, "inbox sweep")

    async def out_of_order(self, error: Exception) -> None:
        """The database cannot be used: say so until staff fix it, and log why (no data)."""
        if self._out_of_order:
            return
        log.error(
            "database unusable (%s): %s at %s",
            getattr(error, "kind", "?"),
            type(error).__name__,
            where(error) or "?",
        )
        self._out_of_order = True
        await self._clear_everything("out_of_order")
        await self.push_screen(make("out_of_service", permanent=True))

    def build_unseen(self, route: str, *args: Any, **kwargs: Any) -> Screen:
        """The screen `route`, composed and styled but not shown: built while something
        else runs (the login's password hash), then shown by push_screen with only its
        layout and paint left, or dropped with drop_unseen().

        Textual (8.2) has no public way to build a screen before it is pushed; push_screen
        registers a screen that is not running yet and takes a running one as it is, so
        registering it here is all push_screen would have done. tests/ui/test_login.py
        checks that such a screen shows complete and that a dropped one leaves nothing.
        """
        screen = make(route, *args, **kwargs)
        self._register(self, screen)
        return screen

    def drop_unseen(self, screen: Screen) -> None:
        """Remove a screen from build_unseen() that is not going to be shown: after the
        next refresh, so that taking it apart never delays the refusal being drawn."""
        shown = any(screen in stack for stack in self._screen_stacks.values())
        if screen.is_attached and not shown:
            self.call_after_refresh(screen.remove)

    async def start_citizen_session(
        self, session: CitizenSession, card: Card | None = None, home: Screen | None = None
    ) -> None:
        """After a login: home on top of the welcome screen, nothing of the login form left.

        `home`: the home screen already built (build_unseen) for this session's card.
        Screens call this through call_later: it removes them, and with them their workers.
        """
        self.terminal.begin_session(session)
        # The login form is taken down while home is built, not before.
        for _ in range(len(self.screen_stack) - 2):
            self.pop_screen()
        await self.push_screen(home if home is not None else make("home", card))
        if session.must_change_password:
            await self.push_screen(make("change_password", forced=True))

    # --- staff -----------------------------------------------------------------------

    def action_staff_login(self) -> None:
        """The staff key: only from the welcome screen, never over a citizen's session."""
        if showing(self.screen, "welcome") and self.terminal.session is None:
            self.go("staff_login")

    async def start_staff_session(self, session: StaffSession, desk: Screen | None = None) -> None:
        """After a staff login: the desk, with nothing of the login form left under it.

        `desk`: the desk already built (build_unseen) for this clerk's name and role.
        """
        self.terminal.begin_staff_session(session)
        while showing(self.screen, "staff_login"):
            await self.pop_screen()
        self.last_input = self.clock()
        await self.push_screen(desk if desk is not None else make("staff_desk"))

    async def open_assisted(self, session: CitizenSession) -> None:
        """The citizen's own home, on top of the desk, with the clerk acting."""
        self.terminal.begin_session(session)
        await self.push_screen(make("home"))

    async def close_assisted(self) -> None:
        """Back to the clerk's view of the citizen; the citizen's screens and session go."""
        await self._pop_to("citizen_desk")
        free_styles_caches()
        await self._end_session("assisted_done", staff=False)
        if showing(self.screen, "citizen_desk"):
            cast(Any, self.screen).refresh_citizen()

    async def leave(self) -> None:
        """A supervisor closes the application (audited first)."""
        staff = self.terminal.staff_session
        if staff is None:
            return
        from kiosk.services.errors import StaffRevoked

        try:
            await asyncio.to_thread(self.terminal.leave, staff)
        except StaffRevoked:  # not through _handle_exception: this runs in the app's own loop
            await self.staff_revoked()
            return
        await self._end_session("leave")
        self.exit()

    async def staff_revoked(self) -> None:
        """The staff account was disabled or demoted while logged in here: every screen goes,
        the session ends (audited), and the staff login says why."""
        if self._resetting or self._out_of_order:  # several workers may be refused at once
            return
        self._resetting = True
        try:
            await self._clear_everything("revoked")
            if not self.staff_mode:  # a self-service terminal: the staff key's login, as before
                await self.push_screen(make("welcome"))
            await self.push_screen(make("staff_login", message="staff_login.revoked"))
            self.last_input = self.clock()
        finally:
            self._resetting = False

    async def _pop_to(self, route: str | None) -> None:
        """Pop down to the `route` screen, or to the start screen (never below it).

        All at once, then waited for: awaiting each pop made every screen between resume
        and paint in turn (the wizard's five steps after a submission)."""
        pops = []
        while len(self.screen_stack) > 2 and (route is None or not showing(self.screen, route)):
            pops.append(self.pop_screen())
        for pop in pops:
            await pop

    async def reset_session(self, reason: str = "idle") -> None:
        """Drop every screen and every value, and start again at the welcome screen."""
        if self._resetting or self._out_of_order:  # the timer and a screen may both ask
            return
        self._resetting = True
        try:
            self.last_input = self.clock()
            self.language = self.config.language
            await self._clear_everything(reason)
            # A new welcome screen, not the old one: no widget of the last person survives.
            await self.push_screen(self.start_screen())
            self.last_input = self.clock()
        finally:
            self._resetting = False

    async def _clear_everything(self, reason: str) -> None:
        """Every screen above the start screen goes, the usual look returns, and the
        session ends (audited): what an idle reset, a crash, out-of-order and a revoked
        clerk share before each shows its own screen."""
        self.set_high_contrast(False)
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        free_styles_caches()
        await self._end_session(reason)

    async def _end_session(self, reason: str, *, staff: bool = True) -> None:
        """Forget the citizen (and unless `staff` is False, the clerk too); audited."""
        terminal = self.terminal
        if terminal.session is None and (not staff or terminal.staff_session is None):
            return
        end = terminal.end_staff_session if staff else terminal.end_session
        try:
            await asyncio.to_thread(end, reason)
        except Exception as error:  # the person is gone either way; the log says what failed
            log_crash(error, "end of session")
        terminal.session = None
        if staff:
            terminal.staff_session = None

    # --- idle -----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # Input arrives here from the driver, and again as it bubbles up from a widget.
        if isinstance(event, events.InputEvent):
            dismissed = self.note_input()
            if dismissed and isinstance(event, (events.Key, events.MouseDown, events.Click)):
                # The key that says "I'm still here" must not also press a button.
                return
        await super().on_event(event)

    def note_input(self) -> bool:
        """Restart the idle clock; True when that closed the countdown."""
        self.last_input = self.clock()
        if showing(self.screen, "idle_warning") and self.screen.is_current:
            self.pop_screen()
            return True
        return False

    def _at_rest(self) -> bool:
        """Nothing to clear: the start screen alone, blank, in the default language and look."""
        return (
            len(self.screen_stack) == 2
            and getattr(self.screen, "AT_REST", False)
            and not getattr(self.screen, "has_input", lambda: False)()
            and self.language == self.config.language
            and not self.high_contrast
        )

    async def tick_idle(self) -> None:
        """Called every second: show the countdown, then start over."""
        if self._resetting:
            return
        idle = self.clock() - self.last_input
        if self.terminal.staff_session is not None:
            timeout = self.config.staff.idle_timeout_seconds
            countdown = self.config.staff.countdown_seconds
        else:
            timeout = self.config.idle.timeout_seconds
            countdown = self.config.idle.countdown_seconds
        if idle < timeout or self._at_rest() or self._out_of_order:
            return
        left = int(timeout + countdown - idle + 0.999)
        if left <= 0:
            await self.reset_session()
        elif showing(self.screen, "idle_warning"):
            cast(Any, self.screen).show_seconds(left)
        elif not showing(self.screen, "out_of_service"):
            await self.push_screen(make("idle_warning", left))

    # --- lock-down -----------------------------------------------------------------

    def copy_to_clipboard(self, text: str) -> None:
        """Never: on a shared terminal the next person could paste it back out."""

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never on a self-service terminal: a browser tab there would be a way out of
        the kiosk (served in a browser, Textual would ask the page to open it)."""
        if self.staff_mode:
            super().open_url(url, new_tab=new_tab)
        else:
            log.warning("open_url refused on a self-service terminal")

    def deliver_text(self, path_or_file: Any, *args: Any, **kwargs: Any) -> str | None:
        """No file leaves a self-service terminal (served, it would be a download)."""
        if self.staff_mode:
            return super().deliver_text(path_or_file, *args, **kwargs)
        self._refuse_delivery(path_or_file)
        return None

    def deliver_binary(self, path_or_file: Any, *args: Any, **kwargs: Any) -> str | None:
        if self.staff_mode:
            return super().deliver_binary(path_or_file, *args, **kwargs)
        self._refuse_delivery(path_or_file)
        return None

    def deliver_screenshot(self, *args: Any, **kwargs: Any) -> str | None:
        if self.staff_mode:
            return super().deliver_screenshot(*args, **kwargs)
        self._refuse_delivery(None)
        return None

    def _refuse_delivery(self, path_or_file: Any) -> None:
        log.warning("file delivery refused on a self-service terminal")
        close = getattr(path_or_file, "close", None)
        if callable(close):  # Textual's contract: a file handed over is closed by the call
            close()

    def action_quit(self) -> None:  # type: ignore[override]
        if self.config.dev:
            self.exit()

    # --- crashes ---------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        from textual.worker import WorkerFailed

        from kiosk.services.errors import RecordsUnusable, StaffRevoked

        if isinstance(error, WorkerFailed) and isinstance(error.error, Exception):
            error = error.error  # what failed inside the worker, for the log and the choice
        if isinstance(error, StaffRevoked):
            # Not a crash: the operator disabled or demoted the account of whoever is here.
            log.info("staff session refused: the account changed")
            self.call_later(self.staff_revoked)
            return
        if isinstance(error, RecordsUnusable) and error.kind != "busy":
            # Full, read-only or damaged: retrying would fail the next person too.
            self.call_later(self.out_of_order, error)
            return
        if isinstance(error, RecordsUnusable):
            # Busy (another writer held the write lock past our wait) is not damage, and
            # not a crash: nothing was done, the screen says "busy, try again".
            log.warning("database busy: %s at %s", type(error).__name__, where(error) or "?")
            show_busy = getattr(self.screen, "show_busy", None)
            if callable(show_busy):
                self.call_later(show_busy)
            return
        log_crash(error)
        now = self.clock()
        self._crashes = [t for t in self._crashes if now - t < CRASH_WINDOW] + [now]
        if len(self._crashes) > CRASH_LIMIT or not self.is_running:
            log.error("giving up after %d errors", len(self._crashes))
            self.exit(return_code=1, message=Content(self.t("out_of_service.fatal")))
            return
        self.call_later(self._show_out_of_service)

    async def _show_out_of_service(self) -> None:
        await self._clear_everything("error")
        await self.push_screen(make("out_of_service"))
