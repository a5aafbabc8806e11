"""`kiosk registry import`: good rows go in, bad rows are named by line, twice is once."""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.domain import registry as rules
from kiosk.domain.ids import InvalidIdNumber, make_id, parse_id, plain_id
from kiosk.services import bulk_writes
from kiosk.services.database import open_database
from kiosk.services.registry_import import ImportFileError, import_file
from tests.helpers import registry_files
from tests.helpers.lock_waits import longest_waits, rows_in

ADA = make_id("110105", datetime.date(1985, 3, 2), 11)
BEN = make_id("310115", datetime.date(2015, 6, 1), 12)
HEADER = "id_number,name,phone,insurance_type,status,enrolled_on\n"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def persons(tmp_path):
    return write(
        tmp_path / "persons.csv",
        HEADER
        + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n"
        + f"{BEN},王乐乐,+86 139 1234 5678,resident,active,2015-07-01\n"
        + f"{ADA[:-1]}0,坏校验,13800138001,employee,active,2010-05-01\n"  # bad checksum
        + f"{BEN},重复行,13800138002,resident,active,2015/07/01\n"  # bad date
        + f"{ADA},未知类型,13800138003,farmer,active,2010-05-01\n"  # unknown type
        + f"{BEN},手机号错,12345,resident,active,2015-07-01\n",  # bad phone
    )


def test_valid_rows_go_in_and_bad_rows_are_named(tmp_path, persons):
    store = open_database(tmp_path / "k.db", create=True)
    report = import_file(store, "persons", persons)
    assert report.rows == 6 and report.written == 2
    assert [(e.line, e.key, e.column) for e in report.refused] == [
        (4, "id.checksum", "id_number"),
        (5, "import.bad_date", "enrolled_on"),
        (6, "import.unknown_value", "insurance_type"),
        (7, "import.bad_phone", "phone"),
    ]
    person = store.db["persons"].get(BEN)
    assert person["phone"] == "13912345678"
    assert person["sex"] == "F" and person["birth_date"] == "2015-06-01"


def test_importing_the_same_file_twice_changes_nothing(tmp_path, persons):
    store = open_database(tmp_path / "k.db", create=True)
    import_file(store, "persons", persons)
    snapshot = list(store.db["persons"].rows)
    again = import_file(store, "persons", persons)
    assert again.written == 0 and again.unchanged == 2
    assert list(store.db["persons"].rows) == snapshot


def test_ledger_rows_need_a_known_person_and_amounts_become_cents(tmp_path, persons):
    store = open_database(tmp_path / "k.db", create=True)
    import_file(store, "persons", persons)
    stranger = make_id("440305", datetime.date(1990, 1, 1), 13)
    ledger = write(
        tmp_path / "ledger.csv",
        "reference,id_number,entry_date,kind,amount,counterparty,counterparty_kind\n"
        f"R1,{ADA},2026-01-05,credit,300.50,示范公司,employer\n"
        f"R2,{ADA},2026-01-09,debit,45.2,康民大药房,pharmacy\n"
        f"R3,{stranger},2026-01-09,debit,45.2,康民大药房,pharmacy\n"
        f"R4,{ADA},2026-01-09,debit,1.234,康民大药房,pharmacy\n",
    )
    report = import_file(store, "ledger", ledger)
    assert report.written == 2
    assert [(e.line, e.key) for e in report.refused] == [
        (4, "import.unknown_person"),
        (5, "import.bad_amount"),
    ]
    amounts = [
        r["amount_cents"] for r in store.db["ledger_entries"].rows_where(order_by="reference")
    ]
    assert amounts == [30050, 4520]
    assert import_file(store, "ledger", ledger).written == 0


def test_a_file_missing_a_column_is_refused_whole(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    bad = write(tmp_path / "p.csv", "id_number,name\n" + f"{ADA},x\n")
    with pytest.raises(ImportFileError, match="phone"):
        import_file(store, "persons", bad)
    assert store.db["persons"].count == 0


def test_the_command_prints_counts_and_reasons(tmp_path, persons):
    contributions = write(
        tmp_path / "c.csv",
        "id_number,month,base,employer_share,individual_share,status\n"
        f"{ADA},2026-01,8000,640,160,paid\n{ADA},2026-13,8000,640,160,paid\n",
    )
    entitlements = write(
        tmp_path / "e.csv",
        "id_number,start_date,end_date,insurance_type,status,reason\n"
        f"{ADA},2010-05-01,,employee,active,正常参保\n"
        f"{BEN},2015-07-01,2014-01-01,resident,active,x\n",
    )
    db = tmp_path / "k.db"
    result = CliRunner().invoke(
        main,
        [
            "registry",
            "import",
            str(persons),
            "--contributions",
            str(contributions),
            "--entitlements",
            str(entitlements),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 1  # some rows were refused
    assert "persons: 6 rows, 2 added or changed, 0 unchanged, 4 refused" in result.output
    assert "persons.csv: line 4 [id_number]: This ID number is not valid" in result.output
    assert "c.csv: line 3 [month]: not a month in the form YYYY-MM" in result.output
    assert "e.csv: line 3 [end_date]: the end date is before the start date" in result.output
    assert "contributions: 2 rows, 1 added or changed" in result.output
    store = open_database(db)
    assert store.db["audit_log"].count == 3  # one audit row per imported file


def test_a_clean_import_exits_zero(tmp_path):
    good = write(
        tmp_path / "p.csv", HEADER + f"{ADA},王小明,13800138000,employee,active,2010-05-01\n"
    )
    result = CliRunner().invoke(
        main, ["registry", "import", str(good), "--db", str(tmp_path / "k.db")]
    )
    assert result.exit_code == 0, result.output
    assert "1 added or changed" in result.output


def test_a_non_utf8_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_bytes(HEADER.encode() + "王小明".encode("gbk") + b"\n")
    result = CliRunner().invoke(
        main, ["registry", "import", str(bad), "--db", str(tmp_path / "k.db")]
    )
    assert result.exit_code == 1
    assert "not a UTF-8 CSV file" in result.output
    assert "Traceback" not in result.output


# --- bookkeeping: physical lines, repeated keys, size limits ---------------------------------------

ADA_ROW = f"{ADA},王小明,13800138000,employee,active,2010-05-01"
BEN_ROW = f"{BEN},王乐乐,13912345678,resident,active,2015-07-01"


def refusals(report):
    return [(e.line, e.key, e.column) for e in report.refused]


def test_lines_are_where_the_row_starts_after_blank_lines_and_quoted_newlines(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    path = write(
        tmp_path / "p.csv",
        HEADER  # line 1
        + ADA_ROW
        + "\n"  # line 2
        + "\n\n"  # lines 3-4
        + f'{BEN},"王\n乐乐",13912345678,resident,active,2015-07-01\n'  # lines 5-6
        + f"{BEN},王乐乐,12345,resident,active,2015-07-01\n"  # line 7: bad phone
        + f'"{ADA}","王\n\n小明",1380013800,employee,active,2010-05-01\n'  # lines 8-10: bad phone
        + f"{ADA},王小明,13800138000,farmer,active,2010-05-01\n",  # line 11
    )
    report = import_file(store, "persons", path)
    assert refusals(report) == [
        (7, "import.bad_phone", "phone"),
        (8, "import.bad_phone", "phone"),
        (11, "import.unknown_value", "insurance_type"),
    ]
    assert report.written == 2


def test_lines_count_bare_carriage_returns_and_crlf(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    path = tmp_path / "p.csv"
    rows = [HEADER.strip(), ADA_ROW, "", f"{BEN},王乐乐,12345,resident,active,2015-07-01"]
    for ending in ("\r", "\r\n"):
        path.write_bytes(ending.join(rows).encode() + ending.encode())
        report = import_file(store, "persons", path)
        assert refusals(report) == [(4, "import.bad_phone", "phone")]


def test_a_repeated_id_number_is_refused_and_the_first_kept(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    path = write(
        tmp_path / "p.csv",
        HEADER
        + ADA_ROW
        + "\n"
        + BEN_ROW
        + "\n\n"
        + f"{ADA.lower()},另一个人,13700137000,resident,active,2011-01-01\n",  # line 5
    )
    report = import_file(store, "persons", path)
    assert refusals(report) == [(5, "import.duplicate_person", "id_number")]
    assert report.refused[0].values == (("line", 2),)
    assert store.db["persons"].get(ADA)["name"] == "王小明"
    assert report.written == 2
    again = import_file(store, "persons", path)
    assert again.written == 0 and again.unchanged == 2 and len(again.refused) == 1


def test_a_repeated_key_in_the_other_updated_files_is_refused_too(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    import_file(store, "persons", write(tmp_path / "p.csv", HEADER + ADA_ROW + "\n"))
    files = {
        "contributions": (
            "id_number,month,base,employer_share,individual_share,status\n"
            f"{ADA},2026-01,8000,640,160,paid\n{ADA},2026-01,9000,720,180,arrears\n",
            ("import.duplicate_month", "month"),
        ),
        "entitlements": (
            "id_number,start_date,end_date,insurance_type,status,reason\n"
            f"{ADA},2010-05-01,,employee,active,a\n{ADA},2010-05-01,,resident,active,b\n",
            ("import.duplicate_period", "start_date"),
        ),
    }
    for kind, (text, (key, column)) in files.items():
        path = write(tmp_path / f"{kind}.csv", text)
        report = import_file(store, kind, path)
        assert refusals(report) == [(3, key, column)], kind
        assert report.written == 1, kind
        assert import_file(store, kind, path).written == 0, kind


def test_a_field_over_the_csv_limit_refuses_only_its_row(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    long_name = "长" * 140_000
    path = write(
        tmp_path / "p.csv",
        HEADER
        + f"{ADA},{long_name},13800138000,employee,active,2010-05-01\n"  # line 2
        + f'{ADA},"{long_name}\n{long_name}",13800138000,employee,active,x\n'  # lines 3-4
        + BEN_ROW
        + "\n"  # line 5
        + f"{BEN},王乐乐,12345,resident,active,2015-07-01\n",  # line 6
    )
    report = import_file(store, "persons", path)
    assert refusals(report) == [
        (2, "import.row_too_long", ""),
        (3, "import.row_too_long", ""),
        (6, "import.bad_phone", "phone"),
    ]
    assert report.rows == 4 and report.written == 1
    assert store.db["persons"].get(BEN)["name"] == "王乐乐"


def test_a_50_mb_line_is_refused_without_holding_it_in_memory(tmp_path):
    import tracemalloc

    path = tmp_path / "p.csv"
    with open(path, "wb") as out:
        out.write(HEADER.encode() + ADA_ROW.encode() + b"\n")
        out.write(f"{BEN},".encode())
        for _ in range(50):
            out.write(b"x" * 1_000_000)  # line 3: 50 MB, no newline inside
        out.write(b"\n" + BEN_ROW.encode() + b"\n")  # line 4
    store = open_database(tmp_path / "k.db", create=True)
    tracemalloc.start()
    try:
        report = import_file(store, "persons", path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusals(report) == [(3, "import.row_too_long", "")]
    assert report.written == 2
    assert peak < 10_000_000


def test_the_command_names_a_repeated_id_number_and_a_huge_line(tmp_path):
    import tracemalloc

    path = tmp_path / "persons.csv"
    with open(path, "wb") as out:
        out.write(HEADER.encode() + ADA_ROW.encode() + b"\n" + b"x" * 20_000_000 + b"\n")
        out.write(BEN_ROW.encode() + b"\n" + ADA_ROW.encode() + b"\n")
    tracemalloc.start()
    try:  # over 1 MB: the progress bar's line count runs first
        result = CliRunner().invoke(
            main, ["registry", "import", str(path), "--db", str(tmp_path / "k.db")]
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert "Importing persons.csv" in result.output
    assert "persons.csv: line 3: this row is longer than 65,536 characters" in result.output
    assert (
        "persons.csv: line 5 [id_number]: this ID number is already on line 2 of this file"
        in result.output
    )
    assert "persons: 4 rows, 2 added or changed, 0 unchanged, 2 refused" in result.output
    assert "Traceback" not in result.output
    assert peak < 10_000_000


def test_a_row_the_csv_reader_rejects_is_refused_alone(tmp_path):
    import csv

    store = open_database(tmp_path / "k.db", create=True)
    path = write(
        tmp_path / "p.csv", HEADER + f"{ADA},{'王' * 60},1,employee,active,x\n" + BEN_ROW + "\n"
    )
    old = csv.field_size_limit(50)  # the standard library's own limit, far below our row limit
    try:
        report = import_file(store, "persons", path)
    finally:
        csv.field_size_limit(old)
    assert refusals(report) == [(2, "import.unreadable_row", "")]
    assert report.written == 1


def test_a_quote_never_closed_refuses_one_row_and_says_so(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    body = "".join(f"{ADA},x,1,employee,active,2010-05-01\n" for _ in range(2000))  # ~90 KB
    path = write(tmp_path / "p.csv", HEADER + BEN_ROW + "\n" + f'{ADA},"open quote\n' + body)
    report = import_file(store, "persons", path)
    assert refusals(report) == [(3, "import.row_too_long", "")]
    assert report.rows == 2 and report.written == 1


# --- big files: chunks, a kiosk's wait for the write lock, resuming after SIGKILL -----------------

KIOSK = Path(sys.executable).parent / "kiosk"
HANG_GUARD = 600  # seconds: only a hang gets this far
PEOPLE = 10_000  # the contributions file has some 200,000 rows
PLACE_TABLES = ("registry_imports", "registry_import_refused", "registry_import_seen")


@pytest.fixture(scope="module")
def big_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    persons = registry_files.write_persons(folder / "persons.csv", PEOPLE)
    contributions = registry_files.write_contributions(folder / "contributions.csv", PEOPLE)
    return persons, contributions


def import_command(db, files):
    persons, contributions = files
    return [
        str(KIOSK),
        "registry",
        "import",
        str(persons),
        "--contributions",
        str(contributions),
    ] + [
        "--db",
        str(db),
    ]


def refusal_lines(stderr):
    return [line for line in stderr.splitlines() if ".csv: line " in line]


def database_state(db):
    conn = sqlite3.connect(db)
    try:
        return {
            "persons": conn.execute("SELECT * FROM persons ORDER BY id_number").fetchall(),
            "contributions": conn.execute(
                "SELECT * FROM contributions ORDER BY id_number, month"
            ).fetchall(),
            "audit": conn.execute(
                "SELECT actor, action, subject, detail FROM audit_log ORDER BY seq"
            ).fetchall(),
            "places": [
                conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PLACE_TABLES
            ],
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def uninterrupted(big_files, tmp_path_factory):
    db = tmp_path_factory.mktemp("reference") / "k.db"
    done = subprocess.run(
        import_command(db, big_files), capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert done.returncode == 1, done.stderr[-2000:]  # the files have refused rows
    return done, database_state(db)


def contributions_in(db):
    """How many contributions are committed (0 before the table or the file exists)."""
    return rows_in(db, "contributions")


@pytest.mark.slow
@pytest.mark.parametrize("kills", [(1,), (90_000,), (40_000, 150_000)])
def test_an_import_killed_mid_file_resumes_and_ends_as_an_uninterrupted_one(
    tmp_path, big_files, uninterrupted, kills
):
    db = tmp_path / "k.db"
    for after in kills:  # SIGKILL once the contributions file is this far in
        child = subprocess.Popen(
            import_command(db, big_files),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started = time.monotonic()
        try:
            while contributions_in(db) < after:
                assert child.poll() is None, "the import ended before the kill"
                assert time.monotonic() - started < HANG_GUARD
                time.sleep(0.005)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait()
            try:  # its worker processes die with it; make sure of it
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        assert database_state(db)["places"][0] == 1  # killed mid-file: its place is kept
    done = subprocess.run(
        import_command(db, big_files), capture_output=True, text=True, timeout=HANG_GUARD
    )
    reference, reference_state = uninterrupted
    # The persons file went in whole before the kill: the second run finds it unchanged.
    assert done.returncode == reference.returncode
    assert contributions_line(done.stdout) == contributions_line(reference.stdout)
    assert refusal_lines(done.stderr) == refusal_lines(reference.stderr)
    assert any("already on line" in line for line in refusal_lines(done.stderr))
    state = database_state(db)
    for table in ("persons", "contributions"):
        assert state[table] == reference_state[table], table
    assert state["places"] == [0, 0, 0]
    # One audit row for the interrupted file, the same as without the interruption.
    assert audit_of(state, "contributions") == audit_of(reference_state, "contributions")
    assert len(audit_of(state, "contributions")) == 1


def contributions_line(stdout):
    return [line for line in stdout.splitlines() if line.startswith("contributions:")]


def audit_of(state, kind):
    return [a for a in state["audit"] if a[1] == "registry:import" and a[2] == kind]


@pytest.mark.slow
def test_a_kiosk_never_waits_long_for_the_write_lock_during_a_big_import(tmp_path, big_files):
    db = tmp_path / "k.db"
    waits, code = longest_waits(db, import_command(db, big_files), contributions_in)
    assert code == 1  # the file's refused rows
    assert len(waits) >= 5, waits  # the import ran long enough to be watched
    # One transaction for the whole file kept the kiosk waiting for all of it (seconds);
    # chunks keep it to one chunk's write. 200 ms is the target, measured by
    # benchmarks/import.py at a million rows; this bound is for a loaded test machine.
    assert max(waits) < 1.0, sorted(waits)[-5:]


@pytest.mark.slow
def test_a_writer_that_does_not_say_it_waits_still_gets_the_lock_during_a_big_import(
    tmp_path, big_files
):
    """The sqlite3 shell, or a kiosk from before the -writers file: the import leaves the
    lock free now and then all the same, so it never sees "database is locked"."""
    db = tmp_path / "k.db"
    waits, code = longest_waits(db, import_command(db, big_files), contributions_in, says=False)
    assert code == 1  # the file's refused rows
    assert len(waits) >= 5, waits  # each BEGIN IMMEDIATE got the lock within its 5 s


def ledger_in(db):
    return rows_in(db, "ledger_entries")


@pytest.mark.slow
def test_a_kiosk_never_waits_long_while_a_million_row_ledger_is_imported(tmp_path):
    """Issue 15's size: a ledger file of a million rows (41,667 people, 24 months each)."""
    people = 41_667
    persons = registry_files.write_persons(tmp_path / "persons.csv", people)
    ledger = registry_files.write_ledger(tmp_path / "ledger.csv", people)
    db = tmp_path / "k.db"
    setup = [str(KIOSK), "registry", "import", str(persons), "--db", str(db)]
    assert subprocess.run(setup, capture_output=True, timeout=HANG_GUARD).returncode == 0
    command = [str(KIOSK), "registry", "import", str(persons), "--ledger", str(ledger)]
    waits, code = longest_waits(db, [*command, "--db", str(db)], ledger_in)
    assert code == 0
    assert ledger_in(db) == people * 24 == 1_000_008
    assert len(waits) >= 20, waits
    # 200 ms is the target (benchmarks/import.py); this bound is for a loaded test machine.
    assert max(waits) < 1.0, sorted(waits)[-5:]


# --- the fast path for clean rows makes what the full parse makes -------------------------------

NEAR = {  # each column's usual values, near misses and hostile text
    "id_number": [
        ADA,
        BEN,
        ADA.lower(),
        f" {ADA}",
        ADA[:-1] + "0",
        "１" + ADA[1:],
        "",
        make_id("110105", datetime.date(1985, 3, 2), 19),  # ends in X
        make_id("110105", datetime.date(1985, 3, 2), 19).lower(),
        make_id("110105", datetime.date(2099, 1, 1), 11),  # born after today
        make_id("110105", datetime.date(1899, 12, 31), 11),
        make_id("110105", datetime.date(1985, 2, 1), 11).replace("19850201", "19850230"),
    ],
    "name": ["王小明", " 王  小明 ", "王\x1b[31m明", "x" * 61, "", "\u202e名"],
    "phone": [
        "13800138000",
        "+86 139 1234 5678",
        "１３８００１３８０００",
        "12345",
        " 13800138000",
    ],
    "insurance_type": ["employee", "resident", "Employee", " resident", "farmer", ""],
    "status": ["active", "suspended", "ACTIVE", "gone"],
    "enrolled_on": ["2010-05-01", " 2010-05-01", "2010/05/01", "20100501", "2010-02-30", ""],
    "reference": ["R1", " R2 ", "R\x00", "x" * 41, "", "\u2066R"],
    "entry_date": ["2026-01-05", "2026-1-5", " 2026-01-05\t", ""],
    "kind": ["credit", "debit", "Credit", "refund"],
    "amount": ["300.50", "45.2", "1.234", "007", "1e2", "-1", " 12 ", "１２", "1_000", ""],
    "counterparty": ["示范公司", " 康民 大药房 ", "\x1b]0;x\x07", ""],
    "counterparty_kind": ["employer", "pharmacy", "Fund", "bank"],
}


@pytest.mark.parametrize("parse", [rules.parse_person, rules.parse_ledger_entry])
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_the_fast_path_agrees_with_the_full_parse(parse, data):
    columns = list(rules.PERSON_COLUMNS if parse is rules.parse_person else rules.LEDGER_COLUMNS)
    header = data.draw(st.permutations(columns + ["extra"]))
    fields = [
        data.draw(st.one_of(st.sampled_from(NEAR[c]), st.text(max_size=12))) if c in NEAR else "x"
        for c in header
    ]
    fast = rules.fast_parser(parse, header)(fields)
    try:
        full = parse(dict(zip(header, fields, strict=True)))
    except rules.RowRefused:
        assert fast is None
        return
    if fast is not None:
        assert fast == tuple(full.values())


def test_the_fast_path_takes_a_clean_row():
    header = HEADER.strip().split(",")
    fast = rules.fast_parser(rules.parse_person, header)
    assert fast(ADA_ROW.split(",")) == tuple(
        rules.parse_person(dict(zip(header, ADA_ROW.split(","), strict=True))).values()
    )


# --- the cheap checks agree with the full ones -------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    born=st.dates(datetime.date(1890, 1, 1), datetime.date(2100, 12, 31)),
    sequence=st.integers(0, 999),
    change=st.sampled_from(["", "digit", "x", "date", "space", "wide"]),
)
def test_a_plain_id_number_is_what_parse_id_makes_of_it(born, sequence, change):
    number = make_id("110105", born, sequence)
    raw = {
        "": number,
        "digit": number[:5] + str((int(number[5]) + 1) % 10) + number[6:],
        "x": number.lower(),
        "date": number[:12] + "31" + number[14:],
        "space": number + " ",
        "wide": "１" + number[1:],
    }[change]
    today = datetime.date.today()
    plain = plain_id(raw, today)
    try:
        parsed = parse_id(raw, today).number
    except InvalidIdNumber:
        assert plain is None
        return
    assert plain in (None, parsed)
    if change == "":
        assert plain == parsed


def test_a_key_seen_in_an_earlier_chunk_names_its_first_line(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_writes, "CHUNK_ROWS", 2)  # chunks of two rows
    monkeypatch.setattr(bulk_writes, "MIN_CHUNK_ROWS", 2)
    cai = make_id("330106", datetime.date(1970, 1, 9), 21)
    rows = [ADA, BEN, ADA, ADA, cai, BEN]  # lines 2-7: chunks [2, 3] [4, 5] [6, 7]
    path = write(
        tmp_path / "p.csv",
        HEADER
        + "".join(
            f"{n},名{i},13800138000,employee,active,2010-05-01\n" for i, n in enumerate(rows)
        ),
    )
    store = open_database(tmp_path / "k.db", create=True)
    report = import_file(store, "persons", path, workers=0)
    assert [(e.line, e.values) for e in report.refused] == [
        (4, (("line", 2),)),
        (5, (("line", 2),)),
        (7, (("line", 3),)),
    ]
    assert report.written == 3
