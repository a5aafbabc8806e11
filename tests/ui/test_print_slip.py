"""The family account's "Print slip": shown only where the hall prints, and it prints."""

import subprocess

import pytest
from textual.widgets import DataTable

from kiosk.config import PrinterConfig
from kiosk.demo.builder import DEMO_STAFF, demo_accounts
from kiosk.domain.ids import mask_id
from kiosk.services.accounts import CitizenSession
from kiosk.ui import make_app
from kiosk.ui.screens.family_account import FamilyAccountScreen
from tests.ui.conftest import SIZE, assisted_home, text_of, wait_for_screen, wait_until
from tests.ui.test_family_account import open_family
from tests.unit.test_family_submit import submit, unlinked_person


@pytest.fixture
def printing_app(config, clock, tmp_path):
    folder = tmp_path / "printouts"
    app = make_app(config.replace(printer=PrinterConfig(kind="file", folder=folder)), clock=clock)
    return app, folder


async def test_no_print_button_when_the_hall_does_not_print(app):
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        assert not screen.query("#print-slip")


async def test_print_slip_writes_the_slip_of_the_chosen_application(printing_app):
    app, folder = printing_app
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_family(pilot, holder)
        button = screen.query_one("#print-slip")
        assert button.disabled  # until a member is chosen
        screen.query_one("#members", DataTable).focus()
        await pilot.press("enter")
        assert not button.disabled
        await pilot.click("#print-slip")
        message = screen.query_one("#member-status")
        await wait_until(pilot, lambda: text_of(message).startswith("Printed."))
    [written] = folder.iterdir()
    text = subprocess.run(
        ["pdftotext", str(written), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert submitted.application_no in text and "Application slip" in text
    rows = list(
        app.terminal.store.db.query("SELECT actor FROM audit_log WHERE action = 'print:slip'")
    )
    assert rows == [{"actor": "citizen@KIOSK-01"}]


async def test_the_submitted_page_prints_the_new_applications_slip(printing_app):
    from kiosk.services.family import Submitted
    from kiosk.ui.screens.family_submitted import FamilySubmittedScreen

    app, folder = printing_app
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=SIZE) as pilot:
        await open_family(pilot, holder)
        app.go("family_submitted", Submitted(submitted.application_no, submitted.status))
        screen = await wait_for_screen(pilot, FamilySubmittedScreen)
        await pilot.click("#print-slip")
        message = screen.query_one("#print-status")
        await wait_until(pilot, lambda: text_of(message).startswith("Printed."))
    [written] = folder.iterdir()
    assert submitted.application_no in written.name


async def test_a_printer_out_of_reach_is_said_on_the_submitted_page(config, clock):
    from kiosk.services.family import Submitted
    from kiosk.ui.screens.family_submitted import FamilySubmittedScreen
    from tests.helpers.escpos_printer import closed_port

    printer = PrinterConfig(
        kind="escpos", connection="network", host="127.0.0.1", port=closed_port()
    )
    app = make_app(config.replace(printer=printer), clock=clock)
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(app.terminal, session, child, password=holder.password)
    async with app.run_test(size=SIZE) as pilot:
        await open_family(pilot, holder)
        app.go("family_submitted", Submitted(submitted.application_no, submitted.status))
        screen = await wait_for_screen(pilot, FamilySubmittedScreen)
        await pilot.click("#print-slip")
        message = screen.query_one("#print-status")
        await wait_until(
            pilot, lambda: text_of(message).startswith("The printer cannot be reached.")
        )
    assert not list(
        app.terminal.store.db.query("SELECT 1 FROM audit_log WHERE action = 'print:slip'")
    )


async def test_a_clerk_acting_for_a_citizen_prints_a_slip_and_the_audit_names_the_clerk(
    config, clock, tmp_path
):

    folder = tmp_path / "printouts"
    printer = PrinterConfig(kind="file", folder=folder)
    app = make_app(config.replace(printer=printer, mode="staff"), clock=clock)
    holder = demo_accounts(app.terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(app.terminal, session, child, password=holder.password)
    clerk = DEMO_STAFF[0]
    async with app.run_test(size=SIZE) as pilot:
        await assisted_home(pilot, clerk, holder.id_number)
        await pilot.click("#family")
        screen = await wait_for_screen(pilot, FamilyAccountScreen)
        await wait_until(pilot, lambda: screen.members is not None)
        screen.query_one("#members", DataTable).focus()
        await pilot.press("enter")
        await pilot.click("#print-slip")
        message = screen.query_one("#member-status")
        await wait_until(pilot, lambda: text_of(message).startswith("Printed."))
    [written] = folder.iterdir()
    assert submitted.application_no in written.name
    rows = list(
        app.terminal.store.db.query(
            "SELECT actor, subject FROM audit_log WHERE action = 'print:slip'"
        )
    )
    assert rows == [{"actor": f"staff:{clerk[0]}@KIOSK-01", "subject": mask_id(holder.id_number)}]
