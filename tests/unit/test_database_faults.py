"""A damaged, read-only or full database is refused whole: a clear kind, nothing half-written."""

import os
import shutil
import sys

import pytest

from kiosk.demo.builder import demo_accounts
from kiosk.domain.images import clean_image
from kiosk.services.accounts import CitizenSession
from kiosk.services.audit import verify
from kiosk.services.database import check_database, open_database
from kiosk.services.family import MemberDraft
from kiosk.services.terminal import Terminal
from kiosk.store import RecordsUnusable
from tests.helpers.filesystems import bound_by_modes, in_filesystem, run, write_protected_copy
from tests.unit.test_family_submit import LETTER, STROKES, counts, unlinked_person


def noise_jpeg(seed):
    import io
    import random

    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (300, 300), bytes(rng.randrange(256) for _ in range(270000)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def damage(path, offset, data):
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(data)


def test_a_sound_database_passes(db_path):
    check_database(open_database(db_path))


def test_garbage_in_the_pages_is_found_at_start(db_path):
    size = db_path.stat().st_size
    damage(db_path, size // 2, os.urandom(8192))
    with pytest.raises(RecordsUnusable) as found:
        check_database(open_database(db_path))
    assert found.value.kind == "damaged"


def test_a_file_that_is_not_a_database_is_refused(db_path):
    damage(db_path, 0, b"this is not sqlite" * 10)
    with pytest.raises(RecordsUnusable) as found:
        check_database(open_database(db_path))
    assert found.value.kind == "damaged"


def test_a_wal_that_cannot_be_read_is_refused(db_path):
    wal = db_path.with_name(db_path.name + "-wal")
    wal.mkdir()  # something is in the WAL's place and it is not a file
    with pytest.raises(RecordsUnusable) as found:
        check_database(open_database(db_path))
    assert found.value.kind in ("damaged", "read_only")


def test_the_read_only_drill_is_found_at_start(db_path, monkeypatch):
    monkeypatch.setenv("KIOSK_DRILL", "read_only")
    with pytest.raises(RecordsUnusable) as found:
        check_database(open_database(db_path))
    assert found.value.kind == "read_only"


# What a terminal does at start-up (Terminal.open), in a process of its own.
START_UP = """
import sys
from kiosk.services.database import check_database, open_database
from kiosk.store import RecordsUnusable
try:
    check_database(open_database(sys.argv[1]))
    print("usable")
except RecordsUnusable as err:
    print(err.kind)
"""


def test_a_read_only_file_is_found_at_start(db_path):
    # Bound by mode bits when the tests run as root (root writes through 0444 and 0555).
    with write_protected_copy(db_path) as copy:
        result = run(bound_by_modes([sys.executable, "-c", START_UP, str(copy)]))
    assert result.stdout.strip() == "read_only", result.stderr


@pytest.mark.parametrize("kind", ["full", "read_only"])
def test_a_full_or_read_only_filesystem_is_named_at_start(db_path, kind):
    result = in_filesystem(kind, db_path, [sys.executable, "-c", START_UP, str(db_path)])
    assert result.stdout.strip() == kind, result.stderr


def test_a_full_disk_writes_nothing_of_an_enrollment(config, db_path, monkeypatch):
    terminal = Terminal(config)
    holder = demo_accounts(terminal.store)[0]
    session = CitizenSession(holder.id_number, holder.name, "")
    child = unlinked_person(terminal, holder, younger_than="2016-01-01")
    before = counts(terminal)
    terminal.close()
    monkeypatch.setenv("KIOSK_DRILL", "full")
    full = Terminal(config)
    noisy = [clean_image(noise_jpeg(seed)) for seed in range(2)]  # too big for the pages left
    with pytest.raises(RecordsUnusable) as found:
        full.family.submit(
            session,
            MemberDraft(child["id_number"], child["name"], "child"),
            consent_at="2026-11-25T09:01:00+00:00",
            pages=noisy,
            letter_text=LETTER,
            strokes=STROKES,
            password=holder.password,
        )
    assert found.value.kind == "full"
    full.close()
    monkeypatch.delenv("KIOSK_DRILL")
    after = Terminal(config)
    assert counts(after) == before
    assert after.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert verify(after.store).broken is None


def test_a_copy_without_its_wal_opens_as_of_the_last_checkpoint(config, db_path, tmp_path):
    """SQLite cannot see a WAL that is gone: documented in docs/reliability.md."""
    terminal = Terminal(config)
    terminal.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = counts(terminal)
    clerk = terminal.staff.log_in("desk01", "Demo-Desk-01").session
    assert clerk is not None  # writes an audit row into the WAL only
    copy = tmp_path / "copy.db"
    shutil.copy(db_path, copy)  # the main file alone, as a careless backup would
    store = open_database(copy)
    check_database(store)
    assert store.db["audit_log"].count == before["audit_log"]
    assert verify(store).broken is None
