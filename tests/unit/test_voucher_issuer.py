"""The kiosk issues an e-voucher only for someone insured now: the holder, or an active member."""

import datetime

import pytest

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.keys import KEYRING, keys_folder
from kiosk.services.terminal import Terminal
from kiosk.services.vouchers import NotIssued, check_voucher
from tests.unit.test_family_submit import submit, unlinked_person

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def terminal(config):
    return Terminal(config)


@pytest.fixture
def holder(terminal):
    return demo_accounts(terminal.store)[0]


@pytest.fixture
def session(holder):
    return CitizenSession(holder.id_number, holder.name, "2026-11-25T09:00:00+00:00")


def set_status(terminal, id_number, status):
    with terminal.store.write() as db:
        db.execute("UPDATE persons SET status = ? WHERE id_number = ?", [status, id_number])


def test_an_insured_holder_gets_a_voucher_that_verifies(terminal, session, config):
    text, voucher = terminal.vouchers.issue(session, NOW)
    found = check_voucher(text, keys_folder(config.database) / KEYRING, now=NOW)
    assert found.number == voucher.number and session.id_number not in text


@pytest.mark.parametrize("status", ["suspended", "terminated"])
def test_no_voucher_once_the_insurance_is_not_active(terminal, session, status):
    set_status(terminal, session.id_number, status)
    with pytest.raises(NotIssued) as refused:
        terminal.vouchers.issue(session, NOW)
    assert refused.value.status == status


def test_a_members_voucher_needs_an_active_link_and_active_insurance(terminal, session, holder):
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    set_status(terminal, child["id_number"], "active")
    _, submitted = submit(terminal, session, child, password=holder.password)
    number = submitted.application_no
    with pytest.raises(NotIssued) as refused:  # awaiting review: not a member yet
        terminal.vouchers.issue(session, NOW, number)
    assert refused.value.status == "not_linked"
    with terminal.store.write() as db:
        db.execute("UPDATE enrollments SET status = 'active'")
        db.execute("UPDATE family_links SET status = 'active'")
    _, voucher = terminal.vouchers.issue(session, NOW, number)
    assert voucher.masked_name[0] == child["name"][0]
    set_status(terminal, child["id_number"], "terminated")
    with pytest.raises(NotIssued) as refused:
        terminal.vouchers.issue(session, NOW, number)
    assert refused.value.status == "terminated"
    other = CitizenSession(demo_accounts(terminal.store)[1].id_number, "", "")
    with pytest.raises(NotIssued):  # someone else's application number gives nothing
        terminal.vouchers.issue(other, NOW, number)
    with pytest.raises(NotIssued):
        terminal.vouchers.issue(session, NOW, "")
