"""The screen tour: every screen a citizen or a clerk can reach, and how to get there.

One table (SCREENS) for the snapshot tests (tests/ui/test_snapshots.py) and the screenshot
tool (tools/screenshots.py). Each Stop's `reach(pilot)` drives the real app from its start
to that screen through the UI, as a person would (clicks and key presses; a few Input
values are set directly, as the screenshot tool always did), and waits until the screen's
work is done, so a picture never catches a spinner. `needs` names the data the database
must hold first; `prepare()` puts it there through the real services, before the app runs.

Paths are composed (reach_member_form = reach_notice + its steps), so none is written twice.
"""

from __future__ import annotations

import base64
import datetime
import io
import json
import os
import shutil
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from textual.pilot import OutOfBounds, Pilot

from kiosk.config import PrinterConfig
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.domain.voucher import key_id
from kiosk.services.accounts import CitizenSession
from kiosk.services.inbox import session_since
from kiosk.services.keys import KEYRING, PRIVATE, keys_folder
from kiosk.ui.routes import showing

# The wall clock of the snapshot tests (the Terminal's `now`, and audit rows' times).
FIXED_NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
HOLDER = 1  # the demo account the citizen screens log in as (demo_accounts order)
SUPERVISOR = DEMO_STAFF[1]
NEW_PASSWORD = "Tour-Pass-2026"
# What a test needs to find out, per terminal (a temporary password made in prepare()).
_GIVEN: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()

Reach = Callable[[Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Stop:
    name: str
    mode: str  # "citizen" or "staff": the terminal the screen is reached from
    reach: Reach
    # Data the database must hold before the app starts (see prepare()):
    # "enrollment" an application awaiting review, "member" an approved one,
    # "temporary" a temporary password from the desk, "damaged" a broken database.
    needs: tuple[str, ...] = ()
    # The hall prints (a `file` printer): the print buttons are there.
    printer: bool = False


def printer_config(stop: Stop, folder: Path) -> PrinterConfig:
    """The stop's printer: a `file` printer writing into `folder`, or none (the default)."""
    return PrinterConfig(kind="file", folder=folder) if stop.printer else PrinterConfig()


# --- data ---------------------------------------------------------------------------------


def holder(terminal: Any) -> Any:
    return demo_accounts(terminal.store)[HOLDER]


def staff_session(terminal: Any) -> Any:
    login = terminal.staff.log_in(SUPERVISOR[0], SUPERVISOR[3])
    assert login.session is not None, login.outcome
    return login.session


def install_fixed_key(database: Path) -> None:
    """A fixed e-voucher signing key (the terminal's keys are random per database), in the
    files ensure_keys() reads: Ed25519 signatures are deterministic, so a fixed key, time
    and voucher number give the same QR code every run."""
    folder = keys_folder(database)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    public = key.public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ring = {key_id(public): {"key": base64.b64encode(raw).decode("ascii")}}
    (folder / KEYRING).write_text(json.dumps(ring, indent=2) + "\n", encoding="utf-8")
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (folder / PRIVATE).write_bytes(pem)
    os.chmod(folder / PRIVATE, 0o600)


def prepare(app: Any, needs: tuple[str, ...]) -> None:
    """Put what a stop needs into the app's database, through the real services."""
    from tests.unit.test_family_submit import submit, unlinked_person

    terminal = app.terminal
    person = holder(terminal)
    if "enrollment" in needs or "member" in needs:
        child = unlinked_person(terminal, person, younger_than="2016-01-01")
        session = CitizenSession(person.id_number, person.name, "")
        outcome, submitted = submit(terminal, session, child, password=person.password)
        assert outcome.ok, outcome.errors
        if "member" in needs:
            staff = staff_session(terminal)
            enrollment = next(terminal.store.db.query("SELECT id FROM enrollments"))["id"]
            assert terminal.review.approve(staff, enrollment).ok
            terminal.staff.log_out(staff, "done")
    if "temporary" in needs:
        staff = staff_session(terminal)
        outcome, temporary = terminal.desk.reset_password(staff, person.id_number)
        assert temporary is not None, outcome
        terminal.staff.log_out(staff, "done")
        _GIVEN.setdefault(terminal, {})["temporary"] = temporary.password
    if "damaged" in needs:
        database = app.config.database
        terminal.close()
        with open(database, "r+b") as handle:
            handle.seek(database.stat().st_size // 2)
            handle.write(b"\xff" * 16384)


# --- moving about -------------------------------------------------------------------------


async def settle(pilot: Pilot[Any]) -> None:
    """The screen's work done (workers finished) and drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], Any], what: str = "") -> None:
    """Wait for a condition (hashing and loading take a moment); a hang guard, not a timing."""
    for _ in range(600):
        if condition():
            await settle(pilot)
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never came: {what}; showing {pilot.app.screen!r}")


async def arrive(pilot: Pilot[Any], route: str) -> Any:
    await until(pilot, lambda: showing(pilot.app.screen, route), route)
    return pilot.app.screen


async def tap(pilot: Pilot[Any], selector: str) -> None:
    """Click a button, scrolled into view first; well after the last press (the kiosk
    takes two data presses within 500 ms as one double click)."""
    clock = pilot.app.clock
    if hasattr(clock, "advance"):
        clock.advance(1)
    widget = pilot.app.screen.query_one(selector)
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    try:
        await pilot.click(selector)
    except OutOfBounds:  # off the screen and nothing scrolls to it: the keyboard still can
        widget.focus()
        await pilot.press("enter")
    await pilot.pause()


def fill(pilot: Pilot[Any], **values: str) -> None:
    for name, value in values.items():
        pilot.app.screen.query_one(f"#{name}").value = value


async def read_to_end(pilot: Pilot[Any]) -> None:
    """Scroll a text to its end: the agree button waits for it."""
    screen = pilot.app.screen
    screen.query_one("#reading").scroll_end(animate=False)
    await until(pilot, lambda: not screen.query_one("#submit").disabled, "read to the end")


async def text_settled(pilot: Pilot[Any]) -> None:
    """A text to read to its end, looked at: the screen checks now and then (a timer)
    whether it fits whole, and enables its button then. Until the text is laid out and
    either scrolls or has been found whole, a picture could catch either state."""
    screen = pilot.app.screen
    scroller = screen.query_one("#reading")
    submit = screen.query_one("#submit")
    await until(
        pilot, lambda: scroller.max_scroll_y > 0.5 or not submit.disabled, "the text looked at"
    )


def freeze(screen: Any) -> None:
    """Stop a screen's once-a-second timers (the e-voucher's countdown runs on real time):
    a still picture must not depend on how long the machine took."""
    for timer in list(screen._timers):
        timer.pause()


# --- a citizen ------------------------------------------------------------------------------


async def reach_welcome(pilot: Pilot[Any]) -> None:
    await arrive(pilot, "welcome")


async def reach_other_ways(pilot: Pilot[Any]) -> None:
    await reach_welcome(pilot)
    await tap(pilot, "#other-ways")
    await arrive(pilot, "other_ways")


async def reach_idle_warning(pilot: Pilot[Any]) -> None:
    """The countdown, over a screen someone left (the welcome screen at rest has none)."""
    await reach_other_ways(pilot)
    app: Any = pilot.app
    app.last_input -= app.config.idle.timeout_seconds + 3
    await app.tick_idle()
    await arrive(pilot, "idle_warning")


async def reach_activate_identity(pilot: Pilot[Any]) -> None:
    await reach_welcome(pilot)
    await tap(pilot, "#activate")
    await arrive(pilot, "activate_identity")


def not_activated(terminal: Any) -> dict[str, Any]:
    """An insured person with no kiosk account yet."""
    return next(
        terminal.store.db.query(
            "SELECT * FROM persons WHERE status = 'active' AND phone != '' AND id_number NOT IN "
            "(SELECT id_number FROM credentials) ORDER BY id_number LIMIT 1"
        )
    )


async def reach_activate_password(pilot: Pilot[Any]) -> None:
    await reach_activate_identity(pilot)
    person = not_activated(pilot.app.terminal)  # type: ignore[attr-defined]
    fill(pilot, id_number=person["id_number"], name=person["name"], phone=person["phone"])
    await tap(pilot, "#submit")
    await arrive(pilot, "activate_password")


async def reach_activation_done(pilot: Pilot[Any]) -> None:
    await reach_activate_password(pilot)
    fill(pilot, password=NEW_PASSWORD, repeated=NEW_PASSWORD)
    await tap(pilot, "#submit")
    await arrive(pilot, "activation_done")


async def reach_login(pilot: Pilot[Any]) -> None:
    await reach_welcome(pilot)
    await tap(pilot, "#log-in")
    await arrive(pilot, "login")


async def reach_login_errors(pilot: Pilot[Any]) -> None:
    await reach_login(pilot)
    await tap(pilot, "#submit")
    screen = pilot.app.screen
    await until(pilot, lambda: screen.query(".field-error").first().display, "errors")


async def log_in(pilot: Pilot[Any], password: str | None = None) -> None:
    await reach_login(pilot)
    person = holder(pilot.app.terminal)  # type: ignore[attr-defined]
    fill(pilot, id_number=person.id_number, password=password or person.password)
    await tap(pilot, "#submit")


async def reach_home(pilot: Pilot[Any]) -> None:
    await log_in(pilot)
    home = await arrive(pilot, "home")
    await until(pilot, lambda: home.card is not None, "the card")


async def reach_forced_password_change(pilot: Pilot[Any]) -> None:
    await log_in(pilot, _GIVEN[pilot.app.terminal]["temporary"])  # type: ignore[attr-defined]
    await arrive(pilot, "change_password")


async def reach_records(pilot: Pilot[Any]) -> None:
    await reach_home(pilot)
    await tap(pilot, "#records")
    records = await arrive(pilot, "records")
    await until(pilot, lambda: records.ledger is not None, "the records")


def records_tab(tab: str) -> Reach:
    async def reach(pilot: Pilot[Any]) -> None:
        await reach_records(pilot)
        await tap(pilot, f"#--content-tab-{tab}")
        await settle(pilot)

    return reach


async def reach_certificate_period(pilot: Pilot[Any]) -> None:
    await reach_home(pilot)
    await tap(pilot, "#certificate")
    await arrive(pilot, "certificate_period")


async def reach_certificate_refused(pilot: Pilot[Any]) -> None:
    """A range of 47 months (2023-01 to 2026-11): refused next to the lists."""
    await reach_certificate_period(pilot)
    screen = pilot.app.screen
    screen.query_one("#from-year").value = 2023
    screen.query_one("#from-month").value = 1
    await settle(pilot)
    await tap(pilot, "#preview-range")
    await until(pilot, lambda: screen.query_one("#range-error").key, "the refusal")


async def reach_certificate_preview(pilot: Pilot[Any]) -> None:
    await reach_certificate_period(pilot)
    await tap(pilot, "#last-12")
    await arrive(pilot, "certificate_preview")


async def reach_change_password(pilot: Pilot[Any]) -> None:
    await reach_home(pilot)
    await tap(pilot, "#change-password")
    await arrive(pilot, "change_password")


async def reach_family_account(pilot: Pilot[Any]) -> None:
    await reach_home(pilot)
    await tap(pilot, "#family")
    family = await arrive(pilot, "family_account")
    await until(pilot, lambda: family.members is not None, "the members")


async def reach_withdraw_confirm(pilot: Pilot[Any]) -> None:
    """The confirm dialog, over the family account: withdraw an application."""
    await reach_family_account(pilot)
    pilot.app.screen.query_one("#members").focus()
    await pilot.press("enter")
    await settle(pilot)
    await tap(pilot, "#withdraw")
    await arrive(pilot, "confirm")


async def reach_notice(pilot: Pilot[Any]) -> None:
    await reach_family_account(pilot)
    await tap(pilot, "#add-member")
    await arrive(pilot, "family_notice")
    await text_settled(pilot)


def the_child(terminal: Any) -> dict[str, Any]:
    from tests.unit.test_family_submit import unlinked_person

    return unlinked_person(terminal, holder(terminal), younger_than="2016-01-01")


async def reach_member_form(pilot: Pilot[Any]) -> None:
    await reach_notice(pilot)
    await read_to_end(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_member")


async def fill_member(pilot: Pilot[Any], name_suffix: str = "") -> None:
    child = the_child(pilot.app.terminal)  # type: ignore[attr-defined]
    fill(pilot, name=child["name"] + name_suffix, id_number=child["id_number"])
    pilot.app.screen.query_one("#relationship").value = "child"
    await tap(pilot, "#submit")


async def reach_member_refused(pilot: Pilot[Any]) -> None:
    """The form after a refused member check: the case that broke the layout at 80x24."""
    await reach_member_form(pilot)
    await fill_member(pilot, "伟")
    form = pilot.app.screen
    await until(pilot, lambda: form.query_one("#form-error").display, "the refusal")


def scan(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), colour).save(out, "JPEG")
    return out.getvalue()


def scan_pages(pilot: Pilot[Any]) -> None:
    """The citizen's two household-register pages arrive in the hall scanner's inbox,
    after the session began (only those are offered)."""
    terminal: Any = pilot.app.terminal  # type: ignore[attr-defined]
    inbox = terminal.config.inbox_path
    inbox.mkdir(parents=True, exist_ok=True)
    since = session_since(terminal.session.started_at)
    for name, colour in (("a-holder-page.jpg", (200, 40, 40)), ("b-child-page.jpg", (40, 40, 200))):
        path = inbox / name
        while True:  # file times are coarser than the clock: written until it is after
            path.write_bytes(scan(colour))
            if os.stat(path).st_ctime >= since:
                break


async def reach_pages(pilot: Pilot[Any]) -> None:
    await reach_member_form(pilot)
    scan_pages(pilot)
    await fill_member(pilot)
    pages = await arrive(pilot, "family_pages")
    await attach_pages(pilot, pages)


async def attach_pages(pilot: Pilot[Any], pages: Any) -> None:
    inbox = pages.query_one("#inbox")
    pages.relist()
    await until(pilot, lambda: inbox.option_count >= 2, "the scans")
    for name in ("a-holder-page.jpg", "b-child-page.jpg"):
        inbox.highlighted = inbox.get_option_index(name)
        inbox.action_select()
        count = len(pages.draft.pages)
        await until(pilot, lambda c=count: len(pages.draft.pages) > c, name)


async def reach_letter(pilot: Pilot[Any]) -> None:
    await reach_pages(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_letter")
    await text_settled(pilot)


async def sign(pilot: Pilot[Any], password: str) -> None:
    """A signature on the pad and the password typed."""
    points = [(2 + 2 * i, 2 + (i % 4)) for i in range(16)]
    pilot.app.screen.query_one("#pad").scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    await pilot.mouse_down("#pad", offset=points[0])
    for point in points[1:]:
        await pilot.hover("#pad", offset=point)
    await pilot.mouse_up("#pad", offset=points[-1])
    fill(pilot, password=password)
    await settle(pilot)


async def reach_sign(pilot: Pilot[Any]) -> None:
    await reach_letter(pilot)
    await read_to_end(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_sign")
    await sign(pilot, holder(pilot.app.terminal).password)  # type: ignore[attr-defined]


async def reach_confirm(pilot: Pilot[Any]) -> None:
    await reach_sign(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_confirm")


async def reach_submitted(pilot: Pilot[Any]) -> None:
    await reach_confirm(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_submitted")


async def wait_for_code(pilot: Pilot[Any]) -> None:
    voucher = await arrive(pilot, "voucher")
    await until(pilot, lambda: voucher.text or voucher.refused, "the code")
    freeze(voucher)
    # The code is drawn when the screen mounts: on a loaded machine its countdown may have
    # ticked before the freeze. The picture shows it as it starts.
    voucher.left = voucher.terminal.config.voucher.refresh_seconds
    voucher.retranslate()
    await settle(pilot)


async def reach_voucher(pilot: Pilot[Any]) -> None:
    await reach_home(pilot)
    await tap(pilot, "#voucher")
    await wait_for_code(pilot)


async def reach_member_voucher(pilot: Pilot[Any]) -> None:
    await reach_family_account(pilot)
    pilot.app.screen.query_one("#members").focus()
    await pilot.press("enter")
    await wait_for_code(pilot)


async def reach_out_of_service(pilot: Pilot[Any]) -> None:
    await arrive(pilot, "out_of_service")


# --- staff at a desk --------------------------------------------------------------------------


async def reach_staff_login(pilot: Pilot[Any]) -> None:
    await arrive(pilot, "staff_login")


async def reach_desk(pilot: Pilot[Any]) -> None:
    """The supervisor logged in at the desk."""
    await reach_staff_login(pilot)
    fill(pilot, staff_id=SUPERVISOR[0], password=SUPERVISOR[3])
    await tap(pilot, "#submit")
    await arrive(pilot, "staff_desk")


async def search(pilot: Pilot[Any], query: str) -> None:
    desk = pilot.app.screen
    fill(pilot, query=query)
    desk.query_one("#query").focus()
    await pilot.press("enter")
    await until(pilot, lambda: desk.search is not None, "the search")


async def reach_desk_results(pilot: Pilot[Any]) -> None:
    await reach_desk(pilot)
    await search(pilot, holder(pilot.app.terminal).name[:1])  # type: ignore[attr-defined]


async def open_citizen(pilot: Pilot[Any], query: str) -> None:
    await reach_desk(pilot)
    await search(pilot, query)
    pilot.app.screen.query_one("#found").focus()
    await pilot.press("enter")
    await arrive(pilot, "citizen_desk")


async def reach_citizen_desk(pilot: Pilot[Any]) -> None:
    await open_citizen(pilot, holder(pilot.app.terminal).id_number)  # type: ignore[attr-defined]


async def reach_desk_activate(pilot: Pilot[Any]) -> None:
    await open_citizen(pilot, not_activated(pilot.app.terminal)["id_number"])  # type: ignore[attr-defined]
    await tap(pilot, "#activate")
    await arrive(pilot, "desk_activate")


async def reach_temporary_password(pilot: Pilot[Any]) -> None:
    await reach_citizen_desk(pilot)
    await tap(pilot, "#reset")
    await arrive(pilot, "confirm")
    await tap(pilot, "#confirm")
    await arrive(pilot, "temporary_password")


async def reach_reveal_id(pilot: Pilot[Any]) -> None:
    await reach_citizen_desk(pilot)
    await tap(pilot, "#reveal")
    await arrive(pilot, "reveal_id")


async def reach_review_queue(pilot: Pilot[Any]) -> None:
    await reach_desk(pilot)
    await tap(pilot, "#review")
    queue = await arrive(pilot, "review_queue")
    await until(pilot, lambda: queue.items is not None, "the queue")


async def reach_review_application(pilot: Pilot[Any]) -> None:
    await reach_review_queue(pilot)
    pilot.app.screen.query_one("#queue").focus()
    await pilot.press("enter")
    review = await arrive(pilot, "review_application")
    await until(pilot, lambda: review.application is not None, "the application")


async def reach_page_viewer(pilot: Pilot[Any]) -> None:
    await reach_review_application(pilot)
    await tap(pilot, "#view-page-1")
    await arrive(pilot, "page_viewer")


async def reach_audit_log(pilot: Pilot[Any]) -> None:
    """The audit log with its second row selected (its detail shown in full)."""
    await reach_desk(pilot)
    await tap(pilot, "#audit")
    audit = await arrive(pilot, "audit_log")
    await until(pilot, lambda: audit.page is not None, "the audit rows")
    audit.query_one("#audit-rows").focus()
    await pilot.press("down")
    await settle(pilot)


async def reach_assisted_home(pilot: Pilot[Any]) -> None:
    """A clerk acting for the citizen: the citizen's own home, on top of the desk."""
    await reach_citizen_desk(pilot)
    await tap(pilot, "#open-card")
    home = await arrive(pilot, "home")
    await until(pilot, lambda: home.card is not None, "the card")


async def reach_assisted_pages(pilot: Pilot[Any]) -> None:
    """The assisted wizard's pages step: a clerk may also type a desk scanner's file path."""
    await reach_assisted_home(pilot)
    await tap(pilot, "#family")
    await arrive(pilot, "family_account")
    await tap(pilot, "#add-member")
    await arrive(pilot, "family_notice")
    await read_to_end(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_member")
    scan_pages(pilot)
    await fill_member(pilot)
    await attach_pages(pilot, await arrive(pilot, "family_pages"))


async def reach_assisted_sign(pilot: Pilot[Any]) -> None:
    """The assisted wizard's sign step: the clerk countersigns with their own password."""
    await reach_assisted_pages(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_letter")
    await read_to_end(pilot)
    await tap(pilot, "#submit")
    await arrive(pilot, "family_sign")
    await sign(pilot, SUPERVISOR[3])


# --- the table --------------------------------------------------------------------------------

_STOPS = [
    Stop("welcome", "citizen", reach_welcome),
    Stop("other-ways", "citizen", reach_other_ways),
    Stop("idle", "citizen", reach_idle_warning),
    Stop("activate", "citizen", reach_activate_identity),
    Stop("activate-password", "citizen", reach_activate_password),
    Stop("activation-done", "citizen", reach_activation_done),
    Stop("login", "citizen", reach_login),
    Stop("login-errors", "citizen", reach_login_errors),
    Stop("forced-password-change", "citizen", reach_forced_password_change, ("temporary",)),
    Stop("home", "citizen", reach_home),
    Stop("records", "citizen", reach_records),
    Stop("records-contributions", "citizen", records_tab("contributions")),
    Stop("records-entitlements", "citizen", records_tab("entitlements")),
    Stop("change-password", "citizen", reach_change_password),
    Stop("certificate-period", "citizen", reach_certificate_period, printer=True),
    Stop("certificate-period-refused", "citizen", reach_certificate_refused, printer=True),
    Stop("certificate-preview", "citizen", reach_certificate_preview, printer=True),
    Stop("family-account", "citizen", reach_family_account, ("enrollment",)),
    Stop("confirm-withdraw", "citizen", reach_withdraw_confirm, ("enrollment",)),
    Stop("family-notice", "citizen", reach_notice),
    Stop("family-member", "citizen", reach_member_form),
    Stop("family-member-refused", "citizen", reach_member_refused),
    Stop("family-pages", "citizen", reach_pages),
    Stop("family-letter", "citizen", reach_letter),
    Stop("family-sign", "citizen", reach_sign),
    Stop("family-confirm", "citizen", reach_confirm),
    Stop("family-submitted", "citizen", reach_submitted),
    Stop("voucher", "citizen", reach_voucher),
    Stop("voucher-member", "citizen", reach_member_voucher, ("member",)),
    Stop("out-of-service", "citizen", reach_out_of_service, ("damaged",)),
    Stop("staff-login", "staff", reach_staff_login),
    Stop("staff-desk", "staff", reach_desk_results),
    Stop("staff-citizen", "staff", reach_citizen_desk),
    Stop("staff-activate", "staff", reach_desk_activate),
    Stop("staff-temporary-password", "staff", reach_temporary_password),
    Stop("staff-reveal", "staff", reach_reveal_id),
    Stop("staff-review-queue", "staff", reach_review_queue, ("enrollment",)),
    Stop("staff-review-application", "staff", reach_review_application, ("enrollment",)),
    Stop("staff-page-viewer", "staff", reach_page_viewer, ("enrollment",)),
    Stop("staff-audit-log", "staff", reach_audit_log),
    Stop("staff-assisted-home", "staff", reach_assisted_home),
    Stop("staff-assisted-pages", "staff", reach_assisted_pages),
    Stop("staff-assisted-sign", "staff", reach_assisted_sign),
]
SCREENS: dict[str, Stop] = {stop.name: stop for stop in _STOPS}


def copy_database(source: Path, target: Path) -> None:
    """A fresh copy of a demo database (and nothing else) for one stop."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
