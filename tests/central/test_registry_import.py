"""`kiosk central registry import`: the hall's files, checks and messages; COPY into a
staging table, a merge that gives a new change_seq only to what changed."""

from __future__ import annotations

import datetime
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner, Result

from kiosk.cli import main
from kiosk.domain.ids import make_id
from tests.helpers import registry_files

ADA = make_id("110105", datetime.date(1985, 3, 2), 11)
BEN = make_id("310115", datetime.date(2015, 6, 1), 12)
STRANGER = make_id("440305", datetime.date(1990, 1, 1), 13)
PERSONS = "id_number,name,phone,insurance_type,status,enrolled_on\n"
LEDGER = registry_files.LEDGER_HEADER
CONTRIBUTIONS = registry_files.CONTRIBUTIONS_HEADER
ENTITLEMENTS = "id_number,start_date,end_date,insurance_type,status,reason\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small_files(tmp_path: Path) -> list[str]:
    """One file of each kind, each with good rows and every kind of refusal."""
    persons = write(
        tmp_path / "persons.csv",
        PERSONS
        + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n"
        + f"{BEN},王乐乐,+86 139 1234 5678,resident,active,2015-07-01\n"
        + f"{ADA[:-1]}0,坏校验,13800138001,employee,active,2010-05-01\n"
        + f"{BEN},重复行,13800138002,resident,active,2015-07-01\n"
        + "\n"
        + f'{ADA},"跨\n行",13800138003,farmer,active,2010-05-01\n'
        + f"{BEN},手机号错,12345,resident,active,2015-07-01\n",
    )
    ledger = write(
        tmp_path / "ledger.csv",
        LEDGER
        + f"L1,{ADA},2026-01-05,credit,300.00,示范公司,employer\n"
        + f"L1,{ADA},2026-01-06,credit,999.00,示范公司,employer\n"  # the first stays
        + f"L2,{STRANGER},2026-01-05,credit,300.00,示范公司,employer\n"
        + f"L3,{BEN},2026-01-05,debit,1.5x,药店,pharmacy\n",
    )
    contributions = write(
        tmp_path / "contributions.csv",
        CONTRIBUTIONS
        + f"{ADA},2026-01,8000,640,160,paid\n"
        + f"{ADA},2026-13,8000,640,160,paid\n"
        + f"{STRANGER},2026-01,8000,640,160,paid\n"
        + f"{ADA},2026-01,9000,720,180,arrears\n"
        + f"{STRANGER},2026-02,8000,640,160,paid\n"
        + f"{STRANGER},2026-02,8000,640,160,paid\n",
    )
    entitlements = write(
        tmp_path / "entitlements.csv",
        ENTITLEMENTS
        + f"{ADA},2010-05-01,,employee,active,正常参保\n"
        + f"{BEN},2015-07-01,2014-01-01,resident,active,x\n"
        + f"{ADA},2010-05-01,,employee,suspended,欠费暂停\n",
    )
    return [
        str(persons),
        "--ledger",
        str(ledger),
        "--contributions",
        str(contributions),
        "--entitlements",
        str(entitlements),
    ]


def hall_import(tmp_path: Path, files: list[str]) -> Result:
    return CliRunner().invoke(main, ["registry", "import", *files, "--db", str(tmp_path / "h.db")])


def central_import(url: str, files: list[str]) -> Result:
    return CliRunner().invoke(main, ["central", "registry", "import", *files, "--url", url])


def test_refusals_and_counts_are_the_halls(tmp_path: Path, central_url: str, small_files) -> None:
    hall = hall_import(tmp_path, small_files)
    central = central_import(central_url, small_files)
    assert (central.exit_code, hall.exit_code) == (1, 1)
    assert central.stderr == hall.stderr
    assert central.stdout == hall.stdout
    # the hall's messages, as `kiosk registry import` prints them
    assert "persons.csv: line 5 [id_number]: this ID number is already on line 3" in hall.stderr
    assert "persons.csv: line 7 [insurance_type]: " in hall.stderr  # a row of two lines
    assert "persons.csv: line 9 [phone]: " in hall.stderr
    assert "ledger.csv: line 4 [id_number]: no person with this ID number" in hall.stderr
    assert "persons: 6 rows, 2 added or changed, 0 unchanged, 4 refused" in hall.stdout


def registry_rows(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {
            "persons": conn.execute(
                "SELECT id_number, name, phone, sex, birth_date, insurance_type, status, "
                "enrolled_on FROM persons ORDER BY id_number"
            ).fetchall(),
            "ledger_entries": conn.execute(
                "SELECT reference, id_number, entry_date, kind, amount_cents, counterparty, "
                "counterparty_kind FROM ledger_entries ORDER BY reference"
            ).fetchall(),
            "contributions": conn.execute(
                "SELECT id_number, month, base_cents, employer_cents, individual_cents, status "
                "FROM contributions ORDER BY id_number, month"
            ).fetchall(),
            "entitlements": conn.execute(
                "SELECT id_number, start_date, end_date, insurance_type, status, reason "
                "FROM entitlements ORDER BY id_number, start_date"
            ).fetchall(),
        }


def hall_rows(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        order = {
            "persons": "id_number",
            "ledger_entries": "reference",
            "contributions": "id_number, month",
            "entitlements": "id_number, start_date",
        }
        columns = {
            "persons": "id_number, name, phone, sex, birth_date, insurance_type, status, enrolled_on",
            "ledger_entries": "reference, id_number, entry_date, kind, amount_cents, counterparty, counterparty_kind",
            "contributions": "id_number, month, base_cents, employer_cents, individual_cents, status",
            "entitlements": "id_number, start_date, end_date, insurance_type, status, reason",
        }
        return {
            table: conn.execute(
                f"SELECT {columns[table]} FROM {table} ORDER BY {order[table]}"
            ).fetchall()
            for table in order
        }
    finally:
        conn.close()


def test_the_central_holds_what_the_hall_holds(
    tmp_path: Path, central_url: str, small_files
) -> None:
    hall_import(tmp_path, small_files)
    central_import(central_url, small_files)
    assert registry_rows(central_url) == hall_rows(tmp_path / "h.db")
    assert registry_rows(central_url)["ledger_entries"][0][4] == 30000  # L1's first line


def change_seqs(url: str) -> dict[str, dict[tuple, int]]:
    keys = {
        "persons": "id_number",
        "ledger_entries": "reference",
        "contributions": "id_number, month",
        "entitlements": "id_number, start_date",
    }
    with psycopg.connect(url) as conn:
        return {
            table: {
                tuple(row[:-1]): row[-1]
                for row in conn.execute(f"SELECT {key}, change_seq FROM {table}").fetchall()
            }
            for table, key in keys.items()
        }


def test_a_second_import_of_the_same_files_changes_no_change_seq(
    central_url: str, small_files
) -> None:
    central_import(central_url, small_files)
    before = change_seqs(central_url)
    again = central_import(central_url, small_files)
    assert change_seqs(central_url) == before
    assert "persons: 6 rows, 0 added or changed, 2 unchanged, 4 refused" in again.stdout
    assert "contributions: 6 rows, 0 added or changed, 1 unchanged, 5 refused" in again.stdout


def test_a_changed_row_gets_a_higher_change_seq_and_the_others_keep_theirs(
    tmp_path: Path, central_url: str
) -> None:
    first = write(
        tmp_path / "p1.csv",
        PERSONS
        + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n"
        + f"{BEN},王乐乐,13912345678,resident,active,2015-07-01\n",
    )
    second = write(
        tmp_path / "p2.csv",
        PERSONS
        + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n"
        + f"{BEN},王乐乐,13912345678,resident,suspended,2015-07-01\n",
    )
    assert central_import(central_url, [str(first)]).exit_code == 0
    before = change_seqs(central_url)["persons"]
    result = central_import(central_url, [str(second)])
    assert result.exit_code == 0, result.output
    assert "persons: 2 rows, 1 added or changed, 1 unchanged, 0 refused" in result.stdout
    after = change_seqs(central_url)["persons"]
    assert after[(ADA,)] == before[(ADA,)]
    assert after[(BEN,)] > max(before.values())
    with psycopg.connect(central_url) as conn:
        assert conn.execute(
            "SELECT status FROM persons WHERE id_number = %s", (BEN,)
        ).fetchone() == ("suspended",)
        assert conn.execute(
            "SELECT kind, file, rows, written, refused FROM registry_imports ORDER BY id"
        ).fetchall() == [("persons", "p1.csv", 2, 2, 0), ("persons", "p2.csv", 2, 1, 0)]


def test_a_file_of_many_chunks_checked_in_worker_processes_is_refused_as_in_the_hall(
    tmp_path: Path, central_url: str
) -> None:
    # Over 1 MB, so both imports check rows in worker processes; repeats thousands of
    # lines apart cross chunk boundaries.
    people = 3000
    persons = registry_files.write_persons(tmp_path / "persons.csv", people)
    contributions = registry_files.write_contributions(tmp_path / "contributions.csv", people)
    assert contributions.stat().st_size > 1_000_000
    files = [str(persons), "--contributions", str(contributions)]
    hall = hall_import(tmp_path, files)
    central = central_import(central_url, files)
    assert central.stdout == hall.stdout
    assert central.stderr.count("\n") > 100
    # the hall's import draws a progress bar on stderr for big files: compare the refusals
    refusals = [line for line in hall.stderr.splitlines() if ".csv: line " in line]
    assert [line for line in central.stderr.splitlines() if ".csv: line " in line] == refusals
    assert (
        registry_rows(central_url)["contributions"] == hall_rows(tmp_path / "h.db")["contributions"]
    )


def test_a_file_missing_a_column_is_refused_whole(tmp_path: Path, central_url: str) -> None:
    bad = write(tmp_path / "p.csv", "id_number,name\n" + f"{ADA},王小明\n")
    result = central_import(central_url, [str(bad)])
    assert result.exit_code == 1
    assert "missing column(s) phone" in result.output
    assert registry_rows(central_url)["persons"] == []


def test_a_non_utf8_file_leaves_nothing_half_done(tmp_path: Path, central_url: str) -> None:
    bad = tmp_path / "p.csv"
    bad.write_bytes(
        PERSONS.encode()
        + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n".encode()
        + "王乐乐".encode("gbk")
        + b"\n"
    )
    result = central_import(central_url, [str(bad)])
    assert result.exit_code == 1
    assert "not a UTF-8 CSV file" in result.output and "Traceback" not in result.output
    assert registry_rows(central_url)["persons"] == []  # one transaction: nothing went in


def test_import_before_init_says_to_run_init(tmp_path: Path, admin_url: str) -> None:
    good = write(tmp_path / "p.csv", PERSONS + f"{ADA},王小明,13800138000,employee,active,\n")
    result = central_import(admin_url, [str(good)])
    assert result.exit_code == 1
    assert "run `kiosk central init` first" in result.output
