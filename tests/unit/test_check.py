"""`kiosk check`: the whole-file check after a crash or a power cut."""

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.services.accounts import CitizenSession
from kiosk.services.demo import demo_accounts
from kiosk.services.terminal import Terminal
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
