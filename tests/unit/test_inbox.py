import io
import os

import pytest
from PIL import Image

from kiosk.domain.images import ImageRefused
from kiosk.services.inbox import (
    list_inbox,
    read_page,
    read_path,
    remove_scans,
    session_since,
    sweep_inbox,
)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 40), (9, 9, 9)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "page1.jpg").write_bytes(jpeg())
    (folder / "page2.PNG").write_bytes(jpeg())  # a JPEG behind a .PNG name: content decides
    (folder / "notes.txt").write_text("not a scan")
    (folder / "sub").mkdir()
    (tmp_path / "secret.jpg").write_bytes(jpeg())
    os.symlink(tmp_path / "secret.jpg", folder / "link.jpg")
    return folder


def test_only_plain_image_files_in_the_folder_are_listed(inbox):
    assert sorted(f.name for f in list_inbox(inbox)) == ["page1.jpg", "page2.PNG"]
    assert list_inbox(inbox.parent / "missing") == []


def test_a_listed_scan_is_read_and_cleaned(inbox):
    page = read_page(inbox, "page2.PNG")
    assert page.media_type == "image/jpeg" and page.width == 50


@pytest.mark.parametrize(
    "name",
    [
        "../secret.jpg",
        "sub/../../secret.jpg",
        "page1.jpg\x00.png",
        "..",
        "",
        "/etc/passwd",
        "link.jpg",
    ],
)
def test_names_that_leave_the_inbox_are_refused(inbox, name):
    with pytest.raises(ImageRefused) as caught:
        read_page(inbox, name)
    assert caught.value.key in ("image.bad_name", "image.unreadable")


def test_a_typed_path_to_a_folder_or_nothing_is_refused(inbox):
    for path in (inbox / "sub", inbox / "nothing.jpg"):
        with pytest.raises(ImageRefused) as caught:
            read_path(path)
        assert caught.value.key == "image.unreadable"


def test_a_huge_file_is_refused_before_reading(inbox):
    big = inbox / "big.jpg"
    with open(big, "wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: 30 MB declared, nothing written
    with pytest.raises(ImageRefused) as caught:
        read_page(inbox, "big.jpg")
    assert caught.value.key == "image.too_big"


def _in_a_thread(call):
    """Run `call` where a hang cannot stop the test run: a daemon thread, a long join."""
    import threading

    outcome = {}

    def run():
        try:
            call()
        except ImageRefused as refused:
            outcome["key"] = refused.key

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "reading a FIFO blocked"
    return outcome.get("key")


def test_a_fifo_in_the_inbox_is_refused_without_blocking(inbox):
    os.mkfifo(inbox / "pipe.jpg")
    assert "pipe.jpg" not in [f.name for f in list_inbox(inbox)]
    assert _in_a_thread(lambda: read_page(inbox, "pipe.jpg")) == "image.unreadable"


def test_a_fifo_typed_as_a_path_is_refused_without_blocking(inbox, config):
    from kiosk.services.roles import StaffSession
    from kiosk.services.terminal import Terminal

    os.mkfifo(inbox / "pipe")
    assert _in_a_thread(lambda: read_path(inbox / "pipe")) == "image.unreadable"
    terminal = Terminal(config)
    clerk = StaffSession("desk01", "Clerk", "clerk", "KIOSK-01", "2026-11-25T09:00:00+00:00")
    assert (
        _in_a_thread(lambda: terminal.desk.read_page(clerk, str(inbox / "pipe")))
        == "image.unreadable"
    )


def _arrive(path, data, after):
    """Write a scan until its arrival time (ctime) is after `after` (file times are coarse)."""
    import time

    while True:
        path.write_bytes(data)
        if os.stat(path).st_ctime > after:
            return
        time.sleep(0.01)


def test_only_scans_that_arrived_after_the_session_began_are_listed(inbox):
    since = max(os.stat(inbox / name).st_ctime for name in ("page1.jpg", "page2.PNG")) + 1e-6
    _arrive(inbox / "mine.jpg", jpeg(), since)
    # A scanner that copies a file keeps its old modification time: arrival is what counts.
    os.utime(inbox / "mine.jpg", (since - 3600, since - 3600))
    assert [f.name for f in list_inbox(inbox, since=since)] == ["mine.jpg"]


def test_a_session_start_in_whole_seconds_counts_from_the_next_second():
    import datetime

    start = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
    assert session_since(start.isoformat()) == start.timestamp() + 1
    exact = start.replace(microsecond=250000)
    assert session_since(exact.isoformat()) == exact.timestamp()
    assert session_since("") == float("inf")  # an unknown start shows nothing


def test_scans_older_than_the_maximum_age_are_swept(inbox):
    import time

    os.mkfifo(inbox / "pipe.jpg")
    newest = max(os.stat(p, follow_symlinks=False).st_ctime for p in inbox.iterdir())
    assert sweep_inbox(inbox, max_age_seconds=1800, now=time.time()) == 0
    assert sweep_inbox(inbox, max_age_seconds=1800, now=newest + 1801) == 2
    left = sorted(p.name for p in inbox.iterdir())
    assert left == ["link.jpg", "notes.txt", "pipe.jpg", "sub"]  # only plain scans go
    assert (inbox.parent / "secret.jpg").exists()
    assert sweep_inbox(inbox.parent / "missing", max_age_seconds=60, now=newest) == 0


def test_attached_scans_are_removed_by_name_only_inside_the_inbox(inbox):
    assert remove_scans(inbox, ["page1.jpg", "../secret.jpg", "link.jpg", "gone.jpg"]) == 1
    assert not (inbox / "page1.jpg").exists() and (inbox.parent / "secret.jpg").exists()
    assert (inbox / "link.jpg").is_symlink()
