"""Tampering with the audit log: every kind of change is found, even a whole rewrite,
against a signed head exported earlier."""

import json

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.domain.audit import GENESIS, chain_hash
from kiosk.services.demo import DEMO_STAFF
from kiosk.services.terminal import Terminal


@pytest.fixture
def logged(config, db_path):
    """A log with a few dozen rows from real staff logins, and a head exported then."""
    terminal = Terminal(config)
    for _ in range(6):
        terminal.staff.log_in(DEMO_STAFF[0][0], DEMO_STAFF[0][3])
    head = db_path.parent / "head.json"
    result = CliRunner().invoke(main, ["audit", "export-head", "--db", str(db_path),
                                       "--out", str(head)])
    assert result.exit_code == 0, result.output
    db = terminal.store.db
    db.execute("DROP TRIGGER audit_log_no_update")  # what someone holding the file can do
    db.execute("DROP TRIGGER audit_log_no_delete")
    return terminal, head


def verify(db_path, *extra):
    return CliRunner().invoke(main, ["audit", "verify", "--db", str(db_path), *extra])


def rows(db):
    return db.execute("SELECT seq, at, actor, action, subject, detail FROM audit_log "
                      "ORDER BY seq").fetchall()


def rechain(db):
    """Recompute every hash: a forger who knows the scheme leaves a chain that verifies."""
    prev = GENESIS
    for seq, at, actor, action, subject, detail in rows(db):
        digest = chain_hash(prev, at, actor, action, subject or "", detail or "")
        db.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                   [prev, digest, seq])
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
        db.execute("UPDATE audit_log SET at = ?, actor = ?, action = ?, subject = ?, detail = ? "
                   "WHERE seq = ?", [*source[1:], target[0]])
    db.conn.commit()
    result = verify(db_path)
    assert result.exit_code == 1 and f"broken at row {a[0]}" in result.output


def test_a_cut_tail_is_found_against_the_head(logged, db_path):
    terminal, head = logged
    db = terminal.store.db
    db.execute("DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log)")
    db.conn.commit()
    assert verify(db_path).exit_code == 0  # the chain alone cannot see a cut tail
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "the log was cut" in result.output


def test_a_whole_rewrite_is_found_against_the_head(logged, db_path):
    terminal, head = logged
    db = terminal.store.db
    db.execute("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
    rechain(db)
    assert verify(db_path).exit_code == 0  # a rewritten chain verifies on its own
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "the log was rewritten" in result.output


def test_a_forged_head_is_refused(logged, db_path):
    _, head = logged
    data = json.loads(head.read_text())
    data["seq"] -= 1
    head.write_text(json.dumps(data))
    result = verify(db_path, "--head", str(head))
    assert result.exit_code == 1 and "bad signature" in result.output
    head.write_text("not json")
    assert "not a head file" in verify(db_path, "--head", str(head)).output
