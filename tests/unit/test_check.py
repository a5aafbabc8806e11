"""`kiosk check`: the whole-file check after a crash or a power cut."""

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.demo.builder import demo_accounts
from kiosk.services.accounts import CitizenSession
from kiosk.services.terminal import Terminal
from tests.helpers.filesystems import bound_by_modes, kiosk_command, run, write_protected_copy
from tests.unit.test_family_submit import submit, unlinked_person


def run_check(db_path):
    return CliRunner().invoke(main, ["check", "--db", str(db_path)])


def test_a_sound_file_passes_and_a_missing_page_is_named(config, db_path):
    terminal = Terminal(config)
    holder = demo_accounts(terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    _, submitted = submit(terminal, session, child, password=holder.password)
    sound = run_check(db_path)
    assert sound.exit_code == 0, sound.output
    assert "integrity: ok" in sound.output and "enrollments not whole: ok" in sound.output

    db = terminal.store.db
    db.execute("DELETE FROM documents WHERE id = (SELECT max(id) FROM documents)")
    db.conn.commit()
    broken = run_check(db_path)
    assert broken.exit_code == 1
    assert f"enrollments not whole: 1 problem(s): {submitted.application_no}" in broken.output


def test_check_and_audit_verify_read_a_write_protected_copy(db_path):
    # Bound by mode bits (tests run as root, who writes through 0444): the copy and its
    # folder are truly read-only, as a backup on write-protected media would be.
    with write_protected_copy(db_path) as copy:
        before = sorted(p.name for p in copy.parent.iterdir())
        for command in (["check"], ["audit", "verify"]):
            result = run(bound_by_modes(kiosk_command(*command, "--db", str(copy))))
            assert result.returncode == 0, result.stdout + result.stderr
            assert "readonly" not in result.stdout + result.stderr
        assert (
            "integrity: ok" in run(bound_by_modes(kiosk_command("check", "--db", str(copy)))).stdout
        )
        assert sorted(p.name for p in copy.parent.iterdir()) == before  # nothing written
