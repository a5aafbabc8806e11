"""The card and the records: balances, years, totals, and what an empty record looks like."""

import pytest

from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.terminal import Terminal


@pytest.fixture
def terminal(config):
    return Terminal(config)


def session_for(id_number: str) -> CitizenSession:
    return CitizenSession(id_number, "", "2026-11-25T09:00:00+00:00")


def test_the_card_shows_the_balance_of_the_ledger(terminal):
    holder = demo_accounts(terminal.store)[0]
    session = session_for(holder.id_number)
    card = terminal.records.card(session)
    ledger = terminal.records.ledger(session)
    assert card.masked_id == holder.id_number[:6] + "********" + holder.id_number[-4:]
    assert card.name == holder.name
    assert card.balance_cents == ledger.lines[-1].balance_cents
    assert card.last_entry_date == ledger.lines[-1].entry_date
    credit_total = sum(line.amount_cents for line in ledger.lines if line.kind == "credit")
    debit_total = sum(line.amount_cents for line in ledger.lines if line.kind == "debit")
    assert card.balance_cents == credit_total - debit_total


def test_years_are_newest_first_and_totals_add_up(terminal):
    holder = demo_accounts(terminal.store)[0]
    ledger = terminal.records.ledger(session_for(holder.id_number))
    years = ledger.years()
    assert years == sorted(years, reverse=True) and len(years) >= 3
    lines = ledger.in_year(years[1])
    assert all(line.entry_date.startswith(str(years[1])) for line in lines)
    assert [line.entry_date for line in lines] == sorted(
        (x.entry_date for x in lines), reverse=True
    )
    totals = ledger.totals(years[1])
    assert totals.credits_cents == sum(x.amount_cents for x in lines if x.kind == "credit")


def test_contributions_and_entitlements_are_read(terminal):
    holder = demo_accounts(terminal.store)[0]
    session = session_for(holder.id_number)
    contributions = terminal.records.contributions(session)
    assert contributions and contributions[0].month > contributions[-1].month
    entitlements = terminal.records.entitlements(session)
    assert entitlements[0].insurance_type == "employee"


def test_a_child_has_no_ledger_but_has_records(terminal):
    child = next(
        terminal.store.db.query(
            "SELECT id_number FROM persons WHERE birth_date > '2012-01-01' LIMIT 1"
        )
    )["id_number"]
    session = session_for(child)
    assert terminal.records.ledger(session).lines == []
    assert terminal.records.card(session).balance_cents == 0
    assert terminal.records.card(session).last_entry_date is None
    assert terminal.records.entitlements(session)


def test_the_summary_gives_the_last_entries_with_their_balances(terminal):
    holder = demo_accounts(terminal.store)[0]
    session = session_for(holder.id_number)
    card, recent = terminal.records.summary(session, limit=24)
    full = terminal.records.ledger(session).lines
    assert len(recent) == 24
    assert [(x.entry_date, x.balance_cents) for x in recent] == [
        (x.entry_date, x.balance_cents) for x in reversed(full[-24:])
    ]
    assert card.balance_cents == recent[0].balance_cents
