"""Tampering with the audit log: every kind of change is found, even a whole rewrite,
against a signed head exported earlier."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.demo.builder import DEMO_STAFF
from kiosk.domain.audit import GENESIS, chain_hash
from kiosk.services.terminal import Terminal


@pytest.fixture
def logged(config, db_path):
    """A log with a few dozen rows from real staff logins, and a head exported then."""
    terminal = Terminal(config)
    for _ in range(6):
        terminal.staff.log_in(DEMO_STAFF[0][0], DEMO_STAFF[0][3])
    head = db_path.parent / "head.json"
    result = CliRunner().invoke(
        main, ["audit", "export-head", "--db", str(db_path), "--out", str(head)]
    )
    assert result.exit_code == 0, result.output
    db = terminal.store.db
    db.execute("DROP TRIGGER audit_log_no_update")  # what someone holding the file can do
    db.execute("DROP TRIGGER audit_log_no_delete")
    return terminal, head


def attacker(db_path, *, every_guard=True):
    """A plain sqlite3 connection, as someone holding the file would use, with the audit
    log's guards dropped (every trigger on audit_log and kiosk_meta, or only delete)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('audit_log', 'kiosk_meta')"
        )
    ]
    for name in names:
        if every_guard or name == "audit_log_no_delete":
            conn.execute(f"DROP TRIGGER {name}")
    return conn


def last(conn):
    return conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()


def forged(prev, seq=None):
    fields = ("2026-11-26T00:00:00+00:00", "staff:ghost", "staff:login", "", "")
    return (seq, *fields, prev, chain_hash(prev, *fields))


def check(db_path):
    return CliRunner().invoke(main, ["check", "--db", str(db_path)])


def verify(db_path, *extra):
    return CliRunner().invoke(main, ["audit", "verify", "--db", str(db_path), *extra])


def rows(db):
    return db.execute(
        "SELECT seq, at, actor, action, subject, detail FROM audit_log ORDER BY seq"
    ).fetchall()


def rechain(db):
    """Recompute every hash: a forger who knows the scheme leaves a chain that verifies."""
    prev = GENESIS
    for seq, at, actor, action, subject, detail in rows(db):
        digest = chain_hash(prev, at, actor, action, subject or "", detail or "")
        db.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", [prev, digest, seq]
        )
        prev = digest
    db.conn.commit()


def test_an_untouched_log_reaches_its_head(logged, db_path):
    _, head = logged
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 0 and "reaches the exported head" in result.output


def test_a_reordered_pair_of_rows_is_found(logged, db_path):
    terminal, _ = logged
    db = terminal.store.db
    every = rows(db)
    a = every[0]
    b = next(row for row in every if row[1:] != a[1:])  # a row that differs from it
    for target, source in ((a, b), (b, a)):
        db.execute(
            "UPDATE audit_log SET at = ?, actor = ?, action = ?, subject = ?, detail = ? "
            "WHERE seq = ?",
            [*source[1:], target[0]],
        )
    db.conn.commit()
    result = verify(db_path)
    assert result.exit_code == 1 and f"broken at row {a[0]}" in result.output


def test_a_cut_tail_is_found_against_the_head(logged, db_path):
    terminal, head = logged
    conn = attacker(db_path)
    end = last(conn)[0]
    conn.execute("DELETE FROM audit_log WHERE seq > ?", [end - 3])
    result = verify(db_path)  # the highest number ever given is kept: the cut shows
    assert result.exit_code == 1
    assert f"broken at row {end - 2}: rows {end - 2} to {end} were cut" in result.output
    conn.execute("UPDATE kiosk_meta SET value = ? WHERE key = 'audit_seq'", [end - 3])
    assert verify(db_path).exit_code == 0  # ...unless that is lowered too: then only the head
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "the log was cut" in result.output
    assert f"rows {end - 2} to {end} of the exported head are gone" in result.output


def test_a_cut_tail_then_new_rows_is_a_cut_not_a_rewrite(logged, db_path):
    """Numbers are never given twice: rows written after a cut leave the gap visible."""
    terminal, head = logged
    conn = attacker(db_path, every_guard=False)  # deletes; the kiosk then goes on working
    end = last(conn)[0]
    conn.execute("DELETE FROM audit_log WHERE seq > ?", [end - 3])
    terminal.staff.log_in(DEMO_STAFF[0][0], DEMO_STAFF[0][3])
    assert last(conn)[0] > end
    result = verify(db_path)
    assert result.exit_code == 1
    assert f"broken at row {end - 2}: rows {end - 2} to {end} were deleted" in result.output
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "the log was cut" in result.output
    assert "rewritten" not in result.output


def test_a_row_out_of_sequence_is_refused(config, db_path):
    terminal = Terminal(config)
    terminal.staff.log_in(DEMO_STAFF[0][0], DEMO_STAFF[0][3])
    conn = sqlite3.connect(db_path, isolation_level=None)
    seq, digest = last(conn)
    insert = "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    for row in (
        forged(GENESIS, -1),
        forged(GENESIS, 0),
        forged(digest, seq + 2),
        forged(GENESIS, seq + 1),
        forged(digest, seq),
    ):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(insert, row)
    with pytest.raises(sqlite3.IntegrityError):  # no number: SQLite would choose one
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            forged(digest)[1:],
        )
    with pytest.raises(sqlite3.IntegrityError):  # the highest number given never goes back
        conn.execute("UPDATE kiosk_meta SET value = '1' WHERE key = 'audit_seq'")
    terminal.staff.log_in(DEMO_STAFF[0][0], DEMO_STAFF[0][3])  # the kiosk itself still writes
    assert last(conn)[0] > seq and verify(db_path).exit_code == 0


@pytest.mark.parametrize("number", [-1, 0])
def test_a_row_below_the_first_number_is_found(logged, db_path, number):
    """The viewer shows every row, so verify, verify --head and check walk every row."""
    _, head = logged
    conn = attacker(db_path)
    conn.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", forged(GENESIS, number))
    for result in (verify(db_path), verify(db_path, "--head", str(head))):
        assert result.exit_code == 1 and f"broken at row {number}:" in result.output
    result = check(db_path)
    assert result.exit_code == 1 and f"audit chain: 1 problem(s): row {number}:" in result.output


def middle_row(conn):
    return conn.execute(
        "SELECT seq, at, actor, action, subject, detail, prev_hash FROM "
        "audit_log WHERE seq = (SELECT max(seq) / 2 FROM audit_log)"
    ).fetchone()


def test_an_edited_row_with_its_hash_recomputed_is_named(logged, db_path):
    conn = attacker(db_path)
    seq, at, actor, action, subject, _, prev = middle_row(conn)
    conn.execute(
        "UPDATE audit_log SET detail = '{}', hash = ? WHERE seq = ?",
        [chain_hash(prev, at, actor, action, subject or "", "{}"), seq],
    )
    result = verify(db_path)
    assert result.exit_code == 1
    assert f"broken at row {seq}: it was edited and its hash recomputed" in result.output
    total = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = check(db_path)  # every row counted, the first break named
    assert result.exit_code == 1 and f"audit log: {total} rows" in result.output
    assert f"audit chain: 1 problem(s): row {seq}: it was edited" in result.output


def test_rows_moved_whole_are_named(logged, db_path):
    conn = attacker(db_path)
    seq = middle_row(conn)[0]
    conn.execute("UPDATE audit_log SET seq = -seq WHERE seq IN (?, ?)", [seq, seq + 1])
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", [seq + 1, -seq])
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", [seq, -seq - 1])
    result = verify(db_path)
    assert result.exit_code == 1
    assert f"broken at row {seq}: it was moved (it belongs after row {seq + 1})" in result.output


def test_a_deleted_row_is_named(logged, db_path):
    conn = attacker(db_path)
    seq = middle_row(conn)[0]
    conn.execute("DELETE FROM audit_log WHERE seq = ?", [seq])
    result = verify(db_path)
    assert result.exit_code == 1 and f"broken at row {seq}: it was deleted" in result.output


def test_a_whole_rewrite_is_found_against_the_head(logged, db_path):
    terminal, head = logged
    db = terminal.store.db
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
    rechain(db)
    assert verify(db_path).exit_code == 0  # a rewritten chain verifies on its own
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "the log was rewritten from row 2 on" in result.output


def test_a_rewrite_is_named_where_it_begins(logged, db_path):
    terminal, head = logged
    db = terminal.store.db
    end = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [end - 3])
    rechain(db)
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1
    assert f"the log was rewritten from row {end - 3} on" in result.output


def test_a_head_exported_before_checkpoints_is_still_read(logged, db_path):
    """A head written by an older kiosk (number and hash only) still verifies, and a
    rewrite against it is named as honestly as it can be."""
    from kiosk.domain.audit_head import Head, sign_head
    from kiosk.domain.voucher import key_id
    from kiosk.services.keys import keys_folder, signing_key

    terminal, new_head = logged
    db = terminal.store.db
    seq, digest, at = db.execute(
        "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    key = signing_key(keys_folder(db_path))
    old = db_path.parent / "old-head.json"
    old.write_text(
        sign_head(
            Head(seq, digest, at, "KIOSK-01", key_id(key.public_key()), type="kiosk-audit-head/1"),
            key,
        )
    )
    assert "checkpoints" not in old.read_text() and "checkpoints" in new_head.read_text()
    assert verify(db_path, "--head", str(old)).exit_code == 0
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = ?", [seq - 3])
    rechain(db)
    result = verify(db_path, "--head", str(old))
    assert result.exit_code == 1
    assert f"the log was rewritten at or before row {seq}" in result.output


def test_a_forged_head_is_refused(logged, db_path):
    _, head = logged
    data = json.loads(head.read_text())
    data["seq"] -= 1
    head.write_text(json.dumps(data))
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "bad signature" in result.output
    head.write_text("not json")
    assert "not a head file" in verify(db_path, "--head", str(head)).output


def test_a_head_places_a_rewrite_far_back_within_a_range():
    """Far back, a head's checkpoints thin out: a rewrite is placed between two of them."""
    from kiosk.domain.audit_head import Head, checkpoint_seqs, rewrite_began

    seqs = checkpoint_seqs(1000)
    assert seqs[-32:] == list(range(968, 1000)) and 1 in seqs and 936 in seqs and 488 in seqs
    old = {seq: f"old{seq}" for seq in range(1, 1001)}
    head = Head(1000, old[1000], "", "T", "k", checkpoints={str(s): old[s] for s in seqs})
    now = {seq: (old[seq] if seq < 700 else f"new{seq}") for seq in old}
    assert rewrite_began(head, now) == (489, 744)
    now = {seq: (old[seq] if seq < 990 else f"new{seq}") for seq in old}
    assert rewrite_began(head, now) == (990, 990)
    assert rewrite_began(head, old) is None


@pytest.mark.parametrize(
    "key_text, head_bytes",
    [
        ("not a key at all\n", None),  # a --public-key file that is no keyring
        (None, b"\xff\xfe not utf-8 \x00"),  # a head file that is not text
    ],
)
def test_a_bad_key_or_head_file_is_one_line_not_a_traceback(logged, db_path, key_text, head_bytes):
    _terminal, head = logged
    extra = ["--head", str(head)]
    if key_text is not None:
        key = db_path.parent / "key.txt"
        key.write_text(key_text)
        extra += ["--public-key", str(key)]
    if head_bytes is not None:
        head.write_bytes(head_bytes)
    result = verify(db_path, *extra)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
