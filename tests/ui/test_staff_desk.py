"""Staff mode walked through the real app: log in, find, act for a citizen, review, audit."""

import pytest
from textual.widgets import DataTable, Select

from kiosk.config import FamilyConfig, StaffConfig
from kiosk.demo.builder import demo_accounts
from kiosk.services.inbox import session_since
from kiosk.store import audit as audit_store
from kiosk.ui import make_app
from kiosk.ui.screens.audit_log import AuditLogScreen
from kiosk.ui.screens.change_password import ChangePasswordScreen
from kiosk.ui.screens.citizen_desk import CitizenDeskScreen
from kiosk.ui.screens.confirm import ConfirmScreen
from kiosk.ui.screens.desk_activate import DeskActivateScreen
from kiosk.ui.screens.family_account import FamilyAccountScreen
from kiosk.ui.screens.family_confirm import FamilyConfirmScreen
from kiosk.ui.screens.family_letter import FamilyLetterScreen
from kiosk.ui.screens.family_member import FamilyMemberScreen
from kiosk.ui.screens.family_notice import FamilyNoticeScreen
from kiosk.ui.screens.family_pages import FamilyPagesScreen
from kiosk.ui.screens.family_sign import FamilySignScreen
from kiosk.ui.screens.family_submitted import FamilySubmittedScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.login import LoginScreen
from kiosk.ui.screens.reveal_id import RevealIdScreen
from kiosk.ui.screens.review_queue import ReviewQueueScreen
from kiosk.ui.screens.staff_desk import StaffDeskScreen
from kiosk.ui.screens.staff_login import StaffLoginScreen
from kiosk.ui.screens.temporary_password import TemporaryPasswordScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.ui.conftest import (
    CLERK,
    SIZE,
    SUPERVISOR,
    citizen_at_desk,
    find,
    open_first,
    open_oldest,
    press_and_confirm,
    staff_log_in,
    supervisor_queue,
    text_of,
    type_into,
    wait_for_screen,
    wait_until,
)
from tests.ui.test_family_wizard import arrive, read_to_end, scan
from tests.ui.test_signature_pad import draw
from tests.unit.test_family_submit import submit, unlinked_person


@pytest.fixture
def desk_app(config, clock, tmp_path):
    from kiosk import logs

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-holder-page.jpg").write_bytes(scan((200, 40, 40)))
    (inbox / "b-child-page.jpg").write_bytes(scan((40, 40, 200)))
    logs.configure(config.log_path)
    return make_app(config.replace(mode="staff", family=FamilyConfig(inbox=inbox)), clock=clock)


def last_actions(app, n):
    return [r["action"] for r in audit_store.rows(app.terminal.store.db, limit=n)]


async def test_a_desk_starts_on_the_staff_login_and_refuses_wrong_passwords(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        login = await wait_for_screen(pilot, StaffLoginScreen)
        assert not login.query_one("#back").display  # nothing to go back to at a desk
        await type_into(pilot, "#staff_id", CLERK[0])
        await type_into(pilot, "#password", "not-my-password")
        await pilot.press("enter")
        await wait_until(pilot, lambda: login.query_one("#form-error").display)
        assert "not right" in text_of(login.query_one("#form-error"))
        assert login.field("password").value == ""
        await pilot.press("escape")  # does not leave the only screen
        assert isinstance(desk_app.screen, StaffLoginScreen)
        desk = await staff_log_in(pilot, CLERK)
        assert "Demo Clerk, Clerk" in text_of(desk.query_one("#desk-who"))
        assert not desk.query("#review") and not desk.query("#audit") and not desk.query("#leave")
        assert "desk01" in text_of(desk.query_one("#terminal-id"))


def desks_built(app) -> list[StaffDeskScreen]:
    """Desks the app holds, shown or not: a desk built during a login is in the app's
    registry (private, there is no public view of it) before it is pushed."""
    return [node for node in app._registry if isinstance(node, StaffDeskScreen)]


@pytest.mark.parametrize("staff_id", [SUPERVISOR[0], "S9999"])
async def test_a_refused_staff_login_leaves_no_desk_and_the_next_one_gets_its_own(
    desk_app, staff_id
):
    # The desk is built while the password is hashed (for an unknown ID too, as a
    # clerk's); a refusal drops it, and the supervisor's own desk has a supervisor's buttons.
    async with desk_app.run_test(size=SIZE) as pilot:
        login = await wait_for_screen(pilot, StaffLoginScreen)
        await type_into(pilot, "#staff_id", staff_id)
        await type_into(pilot, "#password", "not-my-password")
        await pilot.press("enter")
        await wait_until(pilot, lambda: login.query_one("#form-error").display)
        await wait_until(pilot, lambda: desks_built(desk_app) == [])
        assert desk_app.terminal.staff_session is None
        login.query_one("#staff_id").value = ""
        desk = await staff_log_in(pilot, SUPERVISOR)
        assert "Demo Supervisor, Supervisor" in text_of(desk.query_one("#desk-who"))
        assert desk.query("#review") and desk.query("#audit") and desk.query("#leave")
        assert desks_built(desk_app) == [desk]


async def test_the_staff_key_opens_the_staff_login_from_the_welcome_screen_only(app):
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.press("ctrl+f12")
        await wait_for_screen(pilot, StaffLoginScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        await pilot.press("ctrl+f12")  # not over a citizen's screens
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.press("ctrl+f12")
        desk = await staff_log_in(pilot, SUPERVISOR)
        await pilot.click("#log-out")
        await wait_for_screen(pilot, WelcomeScreen)  # logging out leads back to citizens
        assert len(app.screen_stack) == 2
        assert last_actions(app, 1) == ["staff:logout"]
        assert desk.search is None


async def test_wrong_staff_passwords_at_a_kiosk_make_the_next_try_wait(config, clock):
    from kiosk.services.terminal import Terminal
    from kiosk.ui.app import KioskApp
    from tests.unit.conftest import DateClock

    terminal = Terminal(config, now=DateClock())  # a fixed clock: the wait never ends by itself
    for _ in range(3):
        terminal.staff.log_in(CLERK[0], "wrong-password")
    app = KioskApp(terminal, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.press("ctrl+f12")
        login = await wait_for_screen(pilot, StaffLoginScreen)
        await type_into(pilot, "#staff_id", CLERK[0])
        await type_into(pilot, "#password", CLERK[3])
        await pilot.press("enter")
        await wait_until(pilot, lambda: login.query_one("#form-error").display)
        assert "wait" in text_of(login.query_one("#form-error"))
        assert isinstance(app.screen, StaffLoginScreen) and terminal.staff_session is None


async def test_a_clerk_finds_unlocks_and_issues_a_temporary_password(desk_app):
    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    for _ in range(5):
        terminal.accounts.log_in(holder.id_number, "wrong-password-1")
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, CLERK)
        desk = await find(pilot, holder.name[1:])  # part of a Chinese name
        rows = desk.query_one("#found", DataTable)
        assert rows.row_count >= 1
        assert holder.id_number not in str([rows.get_row_at(i) for i in range(rows.row_count)])
        await find(pilot, holder.id_number)
        person = await open_first(pilot, desk)
        assert holder.name == text_of(person.query_one("#citizen-name"))
        details = text_of(person.query_one("#citizen-details"))
        assert "Account: Locked" in details and holder.id_number[6:14] not in details
        assert not person.query("#reveal")  # a clerk cannot reveal the full number
        await pilot.click("#unlock")
        await wait_until(pilot, lambda: "unlocked" in text_of(person.query_one("#desk-message")))
        await wait_until(pilot, lambda: person.citizen.account == "active")
        await press_and_confirm(pilot, "#reset")
        shown = await wait_for_screen(pilot, TemporaryPasswordScreen)
        temporary = text_of(shown.query_one("#temporary")).strip()
        assert len(temporary) == 10 and "must be changed" in text_of(shown.query_one(".intro"))
        await pilot.click("#done")
        await wait_for_screen(pilot, CitizenDeskScreen)
        await wait_until(pilot, lambda: person.citizen.account == "temporary")
    assert last_actions(desk_app, 3)[:2] == [
        "password:reset",
        "citizen:search",
    ] or "password:reset" in last_actions(desk_app, 3)
    assert terminal.accounts.log_in(holder.id_number, temporary).session.must_change_password


async def test_a_temporary_password_forces_a_new_one_at_the_kiosk(app):
    terminal = app.terminal
    holder = demo_accounts(terminal.store)[0]
    clerk = terminal.staff.log_in(CLERK[0], CLERK[3]).session
    _, temporary = terminal.desk.reset_password(clerk, holder.id_number)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#log-in")
        await wait_for_screen(pilot, LoginScreen)
        await type_into(pilot, "#id_number", holder.id_number)
        await type_into(pilot, "#password", temporary.password)
        await pilot.press("enter")
        forced = await wait_for_screen(pilot, ChangePasswordScreen)
        assert "temporary password" in text_of(forced.query_one(".intro"))
        assert not forced.query("#old")  # the session proves who it is
        # The password rules are read before typing, as on the usual change: above the fields.
        rules = next(w for w in forced.query(".intro") if "8 to 64" in text_of(w))
        assert rules.region.bottom <= forced.query_one("#new").region.y
        await type_into(pilot, "#new", "Mine-Again-42")
        await type_into(pilot, "#repeated", "Mine-Again-42")
        await pilot.press("enter")
        await wait_for_screen(pilot, HomeScreen)
    assert not terminal.accounts.log_in(
        holder.id_number, "Mine-Again-42"
    ).session.must_change_password


async def test_leaving_the_forced_change_logs_out(app):
    terminal = app.terminal
    holder = demo_accounts(terminal.store)[0]
    clerk = terminal.staff.log_in(CLERK[0], CLERK[3]).session
    _, temporary = terminal.desk.reset_password(clerk, holder.id_number)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#log-in")
        await type_into(pilot, "#id_number", holder.id_number)
        await type_into(pilot, "#password", temporary.password)
        await pilot.press("enter")
        forced = await wait_for_screen(pilot, ChangePasswordScreen)
        assert text_of(forced.query_one("#back")) == "Log out"
        assert not forced.query("#old")
        await pilot.click("#back")  # the button, not only Escape, must not lead on to home
        await wait_for_screen(pilot, WelcomeScreen)
        assert terminal.session is None
        # The temporary password went with the session: the citizen must ask again.
        await pilot.click("#log-in")
        login = await wait_for_screen(pilot, LoginScreen)
        await type_into(pilot, "#id_number", holder.id_number)
        await type_into(pilot, "#password", temporary.password)
        await pilot.press("enter")
        await wait_until(pilot, lambda: login.query_one("#form-error").display)
        assert "already been used" in text_of(login.query_one("#form-error"))
        assert "counter" in text_of(login.query_one("#form-error"))
        assert isinstance(app.screen, LoginScreen) and terminal.session is None


async def test_assisted_activation_needs_the_card_check(desk_app):
    terminal = desk_app.terminal
    person = next(
        terminal.store.db.query(
            "SELECT * FROM persons WHERE status = 'active' AND id_number NOT IN "
            "(SELECT id_number FROM credentials) LIMIT 1"
        )
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        desk = await staff_log_in(pilot, CLERK)
        await find(pilot, person["id_number"])
        citizen = await open_first(pilot, desk)
        assert not citizen.query_one("#activate").disabled and citizen.query_one("#reset").disabled
        await pilot.click("#activate")
        form = await wait_for_screen(pilot, DeskActivateScreen)
        await type_into(pilot, "#password", "Desk-Made-88")
        await type_into(pilot, "#repeated", "Desk-Made-88")
        await pilot.click("#submit")
        await wait_until(pilot, lambda: form.query_one("#card-error").display)
        assert "physical ID card" in text_of(form.query_one("#card-error"))
        assert (
            terminal.store.db["credentials"].count_where("id_number = ?", [person["id_number"]])
            == 0
        )
        await pilot.click("#card-checked")
        await type_into(pilot, "#password", "Desk-Made-88")
        await type_into(pilot, "#repeated", "Desk-Made-88")
        desk_app.clock.advance(1)  # a second press within 500 ms would be ignored
        await pilot.click("#submit")
        back = await wait_for_screen(pilot, CitizenDeskScreen)
        await wait_until(pilot, lambda: back.citizen.account == "active")
        assert "activated" in text_of(back.query_one("#desk-message"))
    row = audit_store.rows(terminal.store.db, limit=5)
    assert any(r["action"] == "account:activate" and "card_checked" in r["detail"] for r in row)


async def test_assisted_enrollment_citizen_signs_clerk_countersigns(desk_app, tmp_path):
    terminal = desk_app.terminal
    desk_scan = tmp_path / "desk-scanner" / "page-2.jpg"
    desk_scan.parent.mkdir()
    desk_scan.write_bytes(scan((20, 160, 20)))
    holder = demo_accounts(terminal.store)[0]
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    async with desk_app.run_test(size=SIZE) as pilot:
        desk = await staff_log_in(pilot, CLERK)
        await find(pilot, holder.id_number)
        await open_first(pilot, desk)
        await pilot.click("#open-card")
        home = await wait_for_screen(pilot, HomeScreen)
        assert text_of(home.query_one("#log-out")) == "Back to the desk"
        assert not home.query_one("#change-password").display
        # The citizen's page reaches the inbox after the clerk opened their screens.
        arrive(
            desk_app.config.inbox_path / "a-holder-page.jpg",
            scan((200, 40, 40)),
            session_since(terminal.session.started_at),
        )
        await pilot.click("#family")
        await wait_for_screen(pilot, FamilyAccountScreen)
        await pilot.click("#add-member")
        notice = await wait_for_screen(pilot, FamilyNoticeScreen)
        await wait_until(pilot, lambda: not notice.query_one("#submit").disabled)
        await pilot.click("#submit")
        form = await wait_for_screen(pilot, FamilyMemberScreen)
        await type_into(pilot, "#name", child["name"])
        await type_into(pilot, "#id_number", child["id_number"])
        form.query_one("#relationship", Select).value = "child"
        await pilot.click("#submit")
        pages = await wait_for_screen(pilot, FamilyPagesScreen)
        from textual.widgets import OptionList

        inbox = pages.query_one("#inbox", OptionList)
        inbox.highlighted = inbox.get_option_index("a-holder-page.jpg")
        inbox.action_select()
        await wait_until(pilot, lambda: len(pages.draft.pages) == 1)
        # The second page from a path the clerk types (a desk scanner's folder).
        await type_into(pilot, "#path", str(desk_scan.with_name("missing.png")))
        await pilot.click("#attach-file")
        await wait_until(pilot, lambda: pages.query_one("#form-error").display)
        assert "cannot be opened" in text_of(pages.query_one("#form-error"))
        await type_into(pilot, "#path", str(desk_scan))
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(pages.draft.pages) == 2)
        await pilot.click("#submit")
        await wait_for_screen(pilot, FamilyLetterScreen)
        await read_to_end(pilot)
        await pilot.click("#submit")
        sign = await wait_for_screen(pilot, FamilySignScreen)
        assert "countersign" in text_of(sign.query_one(".intro"))
        assert "Clerk's password" in text_of(sign.query_one("#field-password .field-label"))
        await draw(pilot, [(2 + 2 * i, 2 + (i % 4)) for i in range(16)])
        await type_into(pilot, "#password", holder.password)  # the citizen's is not the clerk's
        await pilot.click("#submit")
        # Refused on the sign step itself, by the password field (issue 13, item 4).
        error = sign.query_one("#field-password .field-error")
        await wait_until(pilot, lambda: "clerk's password is not right" in text_of(error))
        assert pilot.app.screen is sign
        await type_into(pilot, "#password", CLERK[3])
        await pilot.click("#submit")
        await wait_for_screen(pilot, FamilyConfirmScreen)
        await pilot.click("#submit")
        await wait_for_screen(pilot, FamilySubmittedScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, FamilyAccountScreen)
        await pilot.press("escape")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#log-out")
        await wait_for_screen(pilot, CitizenDeskScreen)
        assert terminal.session is None and terminal.staff_session is not None
    row = next(terminal.store.db.query("SELECT * FROM enrollments"))
    assert row["countersigned_by"] == "desk01" and row["holder_id"] == holder.id_number
    # The inbox page left the shared inbox; the file the clerk typed the path of stays.
    assert not (desk_app.config.inbox_path / "a-holder-page.jpg").exists()
    assert desk_scan.exists()
    actors = {
        r["actor"]
        for r in audit_store.rows(terminal.store.db, limit=20)
        if r["action"] in ("family:submit", "citizen:open", "session:end")
    }
    assert actors == {"staff:desk01@KIOSK-01"}


@pytest.fixture
def waiting(desk_app):
    """Two applications from citizens at a kiosk, waiting for review."""
    terminal = desk_app.terminal
    from kiosk.services.accounts import CitizenSession

    holder = demo_accounts(terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    numbers = []
    for _ in range(2):
        child = unlinked_person(terminal, holder, younger_than="2010-01-01")
        outcome, submitted = submit(terminal, session, child, password=holder.password)
        assert outcome.ok
        numbers.append(submitted.application_no)
    return session, numbers


async def test_a_supervisor_rejects_with_a_reason_and_approves(desk_app, waiting):
    session, numbers = waiting
    terminal = desk_app.terminal
    async with desk_app.run_test(size=SIZE) as pilot:
        queue = await supervisor_queue(pilot)
        assert [i.application_no for i in queue.items] == numbers  # oldest first
        review = await open_oldest(pilot, queue)
        assert "Integrity check passed" in text_of(review.query_one("#integrity"))
        assert len(review.query("ImagePreview")) == 2
        assert review.query_one("#review-signature").strokes
        await press_and_confirm(pilot, "#reject")
        await wait_until(pilot, lambda: review.query_one("#field-reason .field-error").display)
        assert "reason" in text_of(review.query_one("#field-reason .field-error"))
        await type_into(pilot, "#reason", "[bold]Page 2 is blurred[/]")
        await press_and_confirm(pilot, "#reject")
        queue = await wait_for_screen(pilot, ReviewQueueScreen)
        await wait_until(pilot, lambda: queue.items is not None and len(queue.items) == 1)
        review = await open_oldest(pilot, queue)
        desk_app.clock.advance(1)
        await pilot.click("#export")
        await wait_until(
            pilot, lambda: "Saved 2 images" in text_of(review.query_one("#review-message"))
        )
        await press_and_confirm(pilot, "#approve")
        queue = await wait_for_screen(pilot, ReviewQueueScreen)
        await wait_until(pilot, lambda: queue.items == [])
        assert "Nothing is waiting" in text_of(queue.query_one("#queue-empty"))
    members = {m.application_no: m for m in terminal.family.members(session)}
    assert (members[numbers[0]].status, members[numbers[0]].reason) == (
        "rejected",
        "[bold]Page 2 is blurred[/]",
    )
    assert members[numbers[1]].status == "active"
    assert len(list((terminal.config.export_path).iterdir())) == 2


async def test_an_export_folder_that_is_a_file_gets_a_message(desk_app, waiting, tmp_path):
    terminal = desk_app.terminal
    not_a_folder = tmp_path / "exports-file"
    not_a_folder.write_text("a file where the export folder should be")
    terminal.config = terminal.config.replace(staff=StaffConfig(export_folder=not_a_folder))
    async with desk_app.run_test(size=SIZE) as pilot:
        queue = await supervisor_queue(pilot)
        review = await open_oldest(pilot, queue)
        await pilot.click("#export")
        await wait_until(
            pilot, lambda: "could not be saved" in text_of(review.query_one("#form-error"))
        )
        assert desk_app.screen is review  # a message, not the out-of-service screen
        assert str(not_a_folder) in text_of(review.query_one("#form-error"))
    assert not_a_folder.read_text() == "a file where the export folder should be"


async def test_approving_a_withdrawn_application_says_so(desk_app, waiting):
    session, numbers = waiting
    terminal = desk_app.terminal
    async with desk_app.run_test(size=SIZE) as pilot:
        queue = await supervisor_queue(pilot)
        review = await open_oldest(pilot, queue)
        assert terminal.family.withdraw(session, numbers[0]).ok  # at a kiosk, meanwhile
        await press_and_confirm(pilot, "#approve")
        await wait_until(pilot, lambda: review.query_one("#form-error").display)
        assert "withdrawn" in text_of(review.query_one("#form-error"))


async def test_a_supervisor_reads_and_filters_the_audit_log(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, SUPERVISOR)
        await pilot.click("#audit")
        log = await wait_for_screen(pilot, AuditLogScreen)
        await wait_until(pilot, lambda: log.page is not None)
        table = log.query_one("#audit-rows", DataTable)
        assert table.row_count >= 2
        await type_into(pilot, "#since", "26-11-2026")
        await pilot.press("enter")
        await wait_until(pilot, lambda: log.page.errors)
        assert "YYYY-MM-DD" in text_of(log.query_one("#field-since .field-error"))
        await type_into(pilot, "#since", "")
        await type_into(pilot, "#action", "staff:login")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not log.page.errors)
        assert {r.action for r in log.page.rows} == {"staff:login"}
        assert table.row_count == len(log.page.rows)


async def test_a_supervisor_reveals_a_full_id_with_a_reason(desk_app):
    holder = demo_accounts(desk_app.terminal.store)[0]
    async with desk_app.run_test(size=SIZE) as pilot:
        await citizen_at_desk(pilot, SUPERVISOR, holder.id_number)
        await pilot.click("#reveal")
        reveal = await wait_for_screen(pilot, RevealIdScreen)
        await pilot.click("#submit")
        await wait_until(pilot, lambda: reveal.field("reason").query_one(".field-error").display)
        assert not reveal.query_one("#full-id").display
        await type_into(pilot, "#reason", "Citizen asked for a printout")
        desk_app.clock.advance(1)
        await pilot.click("#submit")
        await wait_until(pilot, lambda: reveal.query_one("#full-id").display)
        assert holder.id_number in text_of(reveal.query_one("#full-id"))
    assert last_actions(desk_app, 1) == ["citizen:reveal_id"]


async def test_only_a_supervisor_leaves_the_kiosk(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, SUPERVISOR)
        await press_and_confirm(pilot, "#leave")
        await wait_until(pilot, lambda: not desk_app.is_running, timeout=5)
    assert "kiosk:leave" in last_actions(desk_app, 3)


async def test_staff_sessions_time_out_on_their_own_clock(config, clock, tmp_path):
    from kiosk import logs

    logs.configure(config.log_path)
    app = make_app(
        config.replace(
            mode="staff", staff=StaffConfig(idle_timeout_seconds=300, countdown_seconds=30)
        ),
        clock=clock,
    )
    async with app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, CLERK)
        clock.advance(200)  # past the citizens' 90 + 20 seconds
        await app.tick_idle()
        await pilot.pause()
        assert isinstance(app.screen, StaffDeskScreen)
        clock.advance(131)
        await app.tick_idle()
        await app.tick_idle()
        await wait_for_screen(pilot, StaffLoginScreen)
        assert app.terminal.staff_session is None
        assert len(app.screen_stack) == 2
    assert last_actions(app, 1) == ["staff:logout"]


async def test_hostile_staff_names_and_reasons_show_literally(
    config, clock, db_path, waiting, desk_app
):
    from click.testing import CliRunner

    from kiosk.cli import main

    hostile = "[bold red]Boss[/] \x1b[31mred"
    result = CliRunner().invoke(
        main,
        [
            "staff",
            "add",
            "--staff-id",
            "boss",
            "--name",
            hostile,
            "--role",
            "supervisor",
            "--db",
            str(db_path),
        ],
        input="Hostile-Pass-9\nHostile-Pass-9\n",
    )
    assert result.exit_code == 0, result.output
    session, numbers = waiting
    reason = "[link=https://x.example]click[/link] \x1b]8;;https://x\x07here"
    async with desk_app.run_test(size=SIZE) as pilot:
        desk = await staff_log_in(pilot, ("boss", "", "", "Hostile-Pass-9"))
        who = text_of(desk.query_one("#desk-who"))
        assert "[bold red]Boss[/]" in who and "\x1b" not in who
        staff = desk_app.terminal.staff_session
        enrollment = desk_app.terminal.review.queue(staff)[0].enrollment_id
        assert desk_app.terminal.review.reject(staff, enrollment, reason).ok
    app = make_app(config, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.start_citizen_session(session)
        await wait_for_screen(pilot, HomeScreen)
        await pilot.click("#family")
        family = await wait_for_screen(pilot, FamilyAccountScreen)
        await wait_until(pilot, lambda: family.members)
        table = family.query_one("#members", DataTable)
        statuses = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        assert any("[link=https://x.example]click[/link]" in s for s in statuses)
        assert not any("\x1b" in s or "\x07" in s for s in statuses)


async def test_a_supervisor_disabled_meanwhile_is_sent_to_the_staff_login(desk_app):
    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    async with desk_app.run_test(size=SIZE) as pilot:
        await citizen_at_desk(pilot, SUPERVISOR, holder.id_number)
        await pilot.click("#reveal")
        reveal = await wait_for_screen(pilot, RevealIdScreen)
        await type_into(pilot, "#reason", "Citizen asked for a printout")
        terminal.staff.disable(SUPERVISOR[0], "operator:test")  # `kiosk staff disable`
        await pilot.click("#submit")
        login = await wait_for_screen(pilot, StaffLoginScreen)
        assert "rights" in text_of(login.query_one("#form-error"))
        assert not reveal.is_attached or not reveal.query_one("#full-id").display
        assert terminal.staff_session is None and len(desk_app.screen_stack) == 2
    assert "citizen:reveal_id" not in last_actions(desk_app, 5)
    row = audit_store.rows(terminal.store.db, limit=1)[0]
    assert (row["action"], row["actor"]) == ("staff:logout", "staff:lead01@KIOSK-01")
    assert "revoked" in row["detail"]


async def test_a_demoted_supervisor_at_a_kiosk_returns_to_the_welcome_staff_login(app):
    terminal = app.terminal
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        await pilot.press("ctrl+f12")
        await staff_log_in(pilot, SUPERVISOR)
        terminal.staff.set_role(SUPERVISOR[0], "clerk", "operator:test")
        await pilot.click("#audit")
        login = await wait_for_screen(pilot, StaffLoginScreen)
        assert "rights" in text_of(login.query_one("#form-error"))
        assert [type(s) for s in app.screen_stack[1:]] == [WelcomeScreen, StaffLoginScreen]
        assert terminal.staff_session is None
        await pilot.press("escape")
        await wait_for_screen(pilot, WelcomeScreen)
    assert "staff:logout" in last_actions(app, 2)


async def test_a_disabled_supervisor_cannot_leave_the_kiosk(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, SUPERVISOR)
        desk_app.terminal.staff.disable(SUPERVISOR[0], "operator:test")
        await press_and_confirm(pilot, "#leave")
        login = await wait_for_screen(pilot, StaffLoginScreen)
        assert "rights" in text_of(login.query_one("#form-error"))
        assert desk_app.is_running
    assert "kiosk:leave" not in last_actions(desk_app, 3)


async def test_the_letter_under_review_keeps_its_line_breaks(desk_app):
    from kiosk.services.accounts import CitizenSession
    from kiosk.services.family import MemberDraft
    from tests.unit.test_family_submit import STROKES, page

    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(terminal, holder, younger_than="2010-01-01")
    letter = "I promise:\n\n1. The details are true.\n2. The pages are real.\nSigned"
    outcome, _ = terminal.family.submit(
        session,
        MemberDraft(child["id_number"], child["name"], "child"),
        consent_at="2026-11-25T09:01:00+00:00",
        pages=[page((90, 90, 90)), page((40, 90, 90))],
        letter_text=letter,
        strokes=STROKES,
        password=holder.password,
    )
    assert outcome.ok
    async with desk_app.run_test(size=SIZE) as pilot:
        queue = await supervisor_queue(pilot)
        review = await open_oldest(pilot, queue)
        shown = text_of(review.query_one("#review-letter")).splitlines()
        assert shown == letter.splitlines()


async def test_a_citizens_page_shows_a_lock_that_came_while_it_was_open(desk_app):
    terminal = desk_app.terminal
    holder = demo_accounts(terminal.store)[0]
    async with desk_app.run_test(size=SIZE) as pilot:
        person = await citizen_at_desk(pilot, CLERK, holder.id_number)
        assert "Account: Active" in text_of(person.query_one("#citizen-details"))
        for _ in range(5):  # meanwhile, at a kiosk
            terminal.accounts.log_in(holder.id_number, "wrong-password-1")
        pilot.app.clock.advance(1)
        await pilot.click("#reset")
        await wait_for_screen(pilot, ConfirmScreen)
        pilot.app.clock.advance(1)
        await pilot.click("#cancel")
        await wait_for_screen(pilot, CitizenDeskScreen)
        await wait_until(pilot, lambda: person.citizen.account == "locked")
        assert "Account: Locked" in text_of(person.query_one("#citizen-details"))
        assert not person.query_one("#unlock").disabled


async def test_the_audit_log_shows_the_selected_rows_details_in_full(desk_app):
    async with desk_app.run_test(size=SIZE) as pilot:
        await staff_log_in(pilot, SUPERVISOR)
        await pilot.click("#audit")
        log = await wait_for_screen(pilot, AuditLogScreen)
        await wait_until(pilot, lambda: log.page is not None)
        rows = log.page.rows
        longest = max(range(len(rows)), key=lambda i: len(rows[i].detail))
        assert len(rows[longest].detail) > 10
        log.query_one("#audit-rows", DataTable).move_cursor(row=longest)
        await pilot.pause()
        detail = log.query_one("#audit-detail")
        await wait_until(pilot, lambda: text_of(detail) == rows[longest].detail)
        assert not detail.render().spans  # plain text, never markup


async def test_the_review_queue_fits_a_100_column_screen(desk_app, waiting):
    async with desk_app.run_test(size=(100, 40)) as pilot:
        queue = await supervisor_queue(pilot)
        table = queue.query_one("#queue", DataTable)
        await pilot.pause()
        assert table.virtual_size.width <= table.scrollable_content_region.width
        lines = "\n".join(  # what the screen shows
            "".join(s.text for s in line) for line in queue._compositor.render_strips()
        )
        for column in table.columns.values():
            assert column.label.plain in lines
        for value in table.get_row_at(0):
            assert value.plain in lines


async def test_a_supervisor_reads_one_page_full_screen(desk_app, waiting):
    from kiosk.ui.screens.page_viewer import PageViewerScreen
    from kiosk.ui.screens.review_application import ReviewApplicationScreen

    async with desk_app.run_test(size=SIZE) as pilot:
        queue = await supervisor_queue(pilot)
        review = await open_oldest(pilot, queue)
        small = review.query("ImagePreview").first()
        await pilot.click("#view-page-1")
        viewer = await wait_for_screen(pilot, PageViewerScreen)
        full = viewer.query_one("#page-full")
        await wait_until(pilot, lambda: bool(full.pixels))
        assert "Page 1 of 2" in text_of(viewer.query_one(".title"))
        # As large as fits: it reaches the screen's width or its height, never past them.
        width, height = full.region.width, full.region.height
        assert width > 2 * small.region.width and height > 2 * small.region.height
        assert width <= SIZE[0] and height <= SIZE[1]
        assert width >= SIZE[0] - 4 or height >= SIZE[1] - 8
        await pilot.press("escape")
        assert await wait_for_screen(pilot, ReviewApplicationScreen) is review
        await pilot.click("#page-2")  # a click on the preview itself
        viewer = await wait_for_screen(pilot, PageViewerScreen)
        assert "Page 2 of 2" in text_of(viewer.query_one(".title"))
        await pilot.click("#back")
        await wait_for_screen(pilot, ReviewApplicationScreen)
