"""The certificate service: the period's facts from the hall's database, a number, an audit
row without the content, and a signed statement that verifies."""

import datetime
import json
import sqlite3

import pytest

from kiosk.domain.certificate import Period, PeriodError
from kiosk.services.certificates import NotInRegistry, check_certificate
from kiosk.services.keys import KEYRING, keys_folder
from kiosk.services.terminal import Terminal

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def terminal(config):
    return Terminal(config, now=lambda: NOW)


def in_arrears(db_path):
    """An employee with three months in arrears (2026-03 to 2026-05) and, besides the
    running entitlement period, one that ended in 2024 and one that ended before 2023."""
    with sqlite3.connect(db_path) as conn:
        person = conn.execute(
            "SELECT p.id_number FROM persons p JOIN contributions c USING (id_number) "
            "WHERE p.insurance_type = 'employee' AND c.month = '2026-11' "
            "ORDER BY p.id_number LIMIT 1"
        ).fetchone()[0]
        conn.execute(
            "UPDATE contributions SET status = 'arrears' WHERE id_number = ? "
            "AND month BETWEEN '2026-03' AND '2026-05'",
            (person,),
        )
        for start, end in (("2019-04-01", "2024-03-31"), ("2010-01-01", "2012-12-31")):
            conn.execute(
                "INSERT INTO entitlements VALUES (?, ?, ?, 'employee', 'terminated', ?)",
                (person, start, end, "转出本统筹区"),
            )
    return person


def sums_in_db(db_path, id_number, first, last):
    """The period's sums, straight from the database (the check on the service's totals)."""
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT coalesce(sum(base_cents), 0), coalesce(sum(employer_cents), 0), "
            "coalesce(sum(individual_cents), 0), "
            "coalesce(sum(status = 'arrears'), 0) FROM contributions "
            "WHERE id_number = ? AND month >= ? AND month <= ?",
            (id_number, first, last),
        ).fetchone()


def test_the_totals_are_the_sums_in_the_database(terminal, db_path):
    person = in_arrears(db_path)
    period = terminal.certificates.last_12_months()
    assert period == Period("2025-12", "2026-11")
    found = terminal.certificates.preview(person, period)
    totals = found.totals
    expected = sums_in_db(db_path, person, period.first, period.last)
    assert (totals.base_cents, totals.employer_cents, totals.individual_cents) == expected[:3]
    assert totals.arrears_months == expected[3] > 0
    assert all(period.first <= m.month <= period.last for m in found.months)
    assert found.number == "" and found.token == ""  # a preview is neither numbered nor signed
    assert found.masked_id == person[:6] + "********" + person[-4:]


def test_entitlements_are_those_overlapping_the_period(terminal, db_path):
    person = in_arrears(db_path)
    period = terminal.certificates.between("2024-01", "2025-06")
    found = terminal.certificates.preview(person, period)
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT start_date, end_date FROM entitlements WHERE id_number = ?", (person,)
        ).fetchall()
    overlapping = sorted(
        start for start, end in rows if start <= "2025-06-30" and (not end or end >= "2024-01-01")
    )
    assert [e.start_date for e in found.entitlements] == overlapping
    assert "2019-04-01" in overlapping and "2010-01-01" not in overlapping


def test_issue_numbers_audits_and_signs(terminal, db_path, config):
    person = in_arrears(db_path)
    period = terminal.certificates.year(2025)
    first = terminal.certificates.issue(person, period, actor="operator:test@cli")
    second = terminal.certificates.issue(person, period, actor="operator:test@cli")
    # CC, the year of issue, then this database's sequence
    assert (first.number, second.number) == ("CC20260000001", "CC20260000002")
    assert person not in first.token

    statement = check_certificate(first.token, keys_folder(config.database) / KEYRING, now=NOW)
    assert statement.number == first.number and statement.period == period
    assert statement.totals == first.totals
    assert statement.masked_id == first.masked_id and statement.masked_name == first.masked_name
    assert statement.issued_at == int(NOW.timestamp())

    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT actor, subject, detail FROM audit_log WHERE action = 'certificate:issue' "
            "ORDER BY seq"
        ).fetchall()
    assert len(rows) == 2
    actor, subject, detail = rows[0]
    assert actor == "operator:test@cli" and subject == first.masked_id
    fields = json.loads(detail)
    assert fields["kind"] == "contributions" and fields["period"] == "2025-01..2025-12"
    assert fields["number"] == first.number
    # Never the content: no amounts, no name, no whole ID number.
    assert set(fields) == {"who", "kind", "period", "number"}
    assert person not in detail and first.name not in detail


def test_an_unknown_person_is_not_certified_and_nothing_is_written(terminal, db_path):
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(NotInRegistry):
        terminal.certificates.issue("11010819900307295X", Period("2026-01", "2026-02"), "op")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("2026-05", "2026-01", "certificate.period_inverted"),
        ("2023-01", "2026-01", "certificate.period_too_long"),
        ("2026-11", "2026-12", "certificate.period_future"),
        ("26-01", "2026-02", "certificate.period_format"),
    ],
)
def test_bad_periods_are_refused(terminal, first, last, key):
    from kiosk.i18n import translate

    with pytest.raises(PeriodError) as refused:
        terminal.certificates.between(first, last)
    assert refused.value.key == key
    assert translate("zh", key, **refused.value.values)  # a message in every language
