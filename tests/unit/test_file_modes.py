"""Files holding password hashes, keys and logs are readable by the kiosk's user only."""

import stat

from click.testing import CliRunner

from kiosk import logs
from kiosk.cli import main
from kiosk.demo.builder import ensure_database, fill_demo_inbox
from kiosk.services.database import open_database
from kiosk.services.keys import PRIVATE, ensure_keys, keys_folder


def mode(path):
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_kiosk_init_makes_the_database_and_keys_owner_only(tmp_path):
    database = tmp_path / "data" / "kiosk.db"
    result = CliRunner().invoke(main, ["init", "--db", str(database)])
    assert result.exit_code == 0, result.output
    assert mode(database.parent) == "0o700" and mode(database) == "0o600"
    keys = keys_folder(database)
    assert mode(keys) == "0o700" and mode(keys / PRIVATE) == "0o600"
    store = open_database(database)
    with store.write() as db:  # the -wal and -shm exist while a connection writes
        db.execute("INSERT INTO kiosk_meta (key, value) VALUES ('mode_test', '')")
    assert mode(database.with_name("kiosk.db-wal")) == "0o600"
    assert mode(database.with_name("kiosk.db-shm")) == "0o600"
    store.close()


def test_first_start_makes_owner_only_folders(tmp_path):
    database = tmp_path / "hall" / "kiosk.db"
    store, created = ensure_database(database, demo_if_new=False)
    store.close()
    assert created and mode(database) == "0o600" and mode(database.parent) == "0o700"
    inbox = tmp_path / "hall" / "inbox"
    assert fill_demo_inbox(inbox, pages=1) == 1
    assert mode(inbox) == "0o700"


def test_the_log_file_is_owner_only(tmp_path):
    path = tmp_path / "logs" / "kiosk.log"
    logs.configure(path)
    logs.log.info("started")
    assert mode(path) == "0o600" and mode(path.parent) == "0o700"


def test_kiosk_check_warns_about_files_others_can_read(db_path):
    ensure_keys(keys_folder(db_path))
    private = keys_folder(db_path) / PRIVATE
    db_path.chmod(0o600)
    quiet = CliRunner().invoke(main, ["check", "--db", str(db_path)])
    assert quiet.exit_code == 0, quiet.output
    assert "warning" not in quiet.output
    db_path.chmod(0o644)
    private.chmod(0o640)
    loud = CliRunner().invoke(main, ["check", "--db", str(db_path)])
    assert loud.exit_code == 0, loud.output  # a warning, not a damaged file
    assert f"warning: {db_path} can be read by other users (chmod 600 {db_path})" in loud.output
    assert f"warning: {private} can be read by other users (chmod 600 {private})" in loud.output
