import sqlite3
import threading

import pytest

from kiosk.services.database import open_database
from kiosk.store import RecordsUnusable
from kiosk.store import audit as audit_store
from kiosk.store.schema import migrations, schema_current


def test_a_new_file_gets_the_whole_schema_and_the_pragmas(tmp_path):
    store = open_database(tmp_path / "k.db", create=True)
    db = store.db
    assert {
        "persons",
        "credentials",
        "ledger_entries",
        "contributions",
        "entitlements",
        "family_links",
        "enrollments",
        "documents",
        "staff",
        "audit_log",
        "outbox",
    } <= set(db.table_names())
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert schema_current(store)


def test_migrating_twice_changes_nothing(tmp_path):
    open_database(tmp_path / "k.db", create=True).close()
    store = open_database(tmp_path / "k.db")
    applied = [m.name for m in migrations.applied(store.db)]
    assert applied == sorted(set(applied))
    assert len(applied) == len(migrations._migrations)


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(RecordsUnusable):
        open_database(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "k.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(RecordsUnusable):
        open_database(path)


def test_a_failed_write_leaves_nothing(db_path):
    store = open_database(db_path)
    before = store.db["audit_log"].count
    with pytest.raises(RuntimeError), store.write() as db:
        audit_store.append(db, "2026-01-01T00:00:00+00:00", "test", "x", "", "")
        raise RuntimeError("crash in the middle")
    assert store.db["audit_log"].count == before


def test_the_audit_log_refuses_update_and_delete(db_path):
    store = open_database(db_path)
    with store.write() as db:
        audit_store.append(db, "2026-01-01T00:00:00+00:00", "test", "x", "", "")
    for sql in ("UPDATE audit_log SET actor = 'me'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as db:
            db.execute(sql)


def test_audit_rows_chain_to_the_previous_hash(db_path):
    store = open_database(db_path)
    with store.write() as db:
        first = audit_store.append(db, "2026-01-01T00:00:00+00:00", "a", "x", "", "")
        audit_store.append(db, "2026-01-01T00:00:01+00:00", "b", "y", "", "")
    last = audit_store.rows(store.db, limit=1)[0]
    assert last["prev_hash"] == first


def test_foreign_keys_are_enforced(db_path):
    store = open_database(db_path)
    with pytest.raises(sqlite3.IntegrityError), store.write() as db:
        db.execute(
            "INSERT INTO ledger_entries (reference, id_number, entry_date, kind, amount_cents)"
            " VALUES ('R1', '11010519491231002X', '2026-01-01', 'credit', 100)"
        )


def test_a_persons_last_entries_are_read_through_an_index(db_path):
    store = open_database(db_path)
    plan = " ".join(
        row[3]
        for row in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM ledger_entries WHERE id_number = ? "
            "ORDER BY entry_date DESC LIMIT 24",
            ["x"],
        )
    )
    assert "USING INDEX" in plan and "SCAN ledger_entries" not in plan


def test_each_thread_gets_its_own_connection(db_path):
    store = open_database(db_path)
    seen = []

    def worker():
        seen.append(store.db.execute("SELECT count(*) FROM persons").fetchone()[0])
        seen.append(store.db.conn)
        store.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen[0] > 0
    assert seen[1] is not store.db.conn


def test_a_second_writer_waits_instead_of_failing(db_path):
    first, second = open_database(db_path), open_database(db_path)
    done = []
    with first.write() as db:
        audit_store.append(db, "2026-01-01T00:00:00+00:00", "a", "x", "", "")

        def other():
            with second.write() as db2:
                audit_store.append(db2, "2026-01-01T00:00:01+00:00", "b", "y", "", "")
            done.append(True)
            second.close()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.3)
        assert not done  # still waiting for our lock
    thread.join(10)
    assert done == [True]
