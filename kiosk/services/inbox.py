"""The hall scanner's inbox: the folder where scanned household-register pages land.

Only plain files directly in the folder are offered; a name is never a path, so
`..`, a slash, a NUL byte or a link that points elsewhere cannot reach another file.

The inbox is shared by everyone in the hall, so a scan is somebody's household
register: a citizen is offered only the scans that arrived after their session began,
a scan attached to a submitted application is removed (the database has it), and the
kiosk removes any scan older than `[family] inbox_max_age_minutes` on its own.
A scan's arrival is its inode change time (ctime): set by the system when the file is
written or moved in, whatever modification time a scanner copies along with it.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.images import MAX_BYTES, CleanImage, ImageRefused, clean_image
from kiosk.logs import log

__all__ = [
    "CleanImage",
    "InboxFile",
    "list_inbox",
    "read_page",
    "read_path",
    "remove_scans",
    "session_since",
    "sweep_inbox",
]

SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class InboxFile:
    name: str
    size: int
    modified: float
    arrived: float  # ctime: when the file was written or moved into the inbox


def _scans(folder: Path) -> list[InboxFile]:
    """Every plain scan file directly in the folder (no links, FIFOs or folders)."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    files = []
    for entry in entries:
        if not entry.name.lower().endswith(SUFFIXES) or entry.is_symlink():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:  # swept or taken by another terminal meanwhile
            continue
        if stat.S_ISREG(info.st_mode):
            files.append(InboxFile(entry.name, info.st_size, info.st_mtime, info.st_ctime))
    return files


def list_inbox(folder: Path, since: float | None = None) -> list[InboxFile]:
    """Scans in the inbox, newest first; with `since`, only those that arrived from then on.

    A missing folder is an empty inbox.
    """
    files = [f for f in _scans(folder) if since is None or f.arrived >= since]
    return sorted(files, key=lambda f: (-f.modified, f.name))


def session_since(started_at: str) -> float:
    """From when a session may see scans (a POSIX time), from its ISO start.

    A start in whole seconds (as the kiosk's clock records it) may be up to a second
    later than written, so scans count from the next second: one made by the last
    person in that same second is never shown. An unknown start shows nothing.
    """
    try:
        start = datetime.datetime.fromisoformat(started_at)
    except ValueError:
        return float("inf")
    if start.tzinfo is None:
        start = start.replace(tzinfo=datetime.UTC)
    return start.timestamp() + (1 if start.microsecond == 0 else 0)


def sweep_inbox(folder: Path, max_age_seconds: float, now: float) -> int:
    """Remove the scans that arrived more than `max_age_seconds` before `now`; how many."""
    removed = 0
    for scan in _scans(folder):
        if scan.arrived < now - max_age_seconds and _remove(folder, scan.name):
            removed += 1
    return removed


def remove_scans(folder: Path, names: Iterable[str]) -> int:
    """Remove scans by their names in the inbox (attached to a submitted application)."""
    return sum(1 for name in names if _good_name(name) and _remove(folder, name))


def _remove(folder: Path, name: str) -> bool:
    path = folder / name
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        path.unlink()
    except FileNotFoundError:  # another terminal's sweep was first
        return False
    except OSError as error:  # a read-only inbox: said in the log, the work goes on
        log.error("cannot remove a scan from the inbox: %s", type(error).__name__)
        return False
    return True


def _good_name(name: str) -> bool:
    return bool(name) and not ("\x00" in name or "/" in name or "\\" in name or name in (".", ".."))


def read_page(folder: Path, name: str) -> CleanImage:
    """Read one scan by its name in the inbox, checked and cleaned, or raise ImageRefused."""
    if not _good_name(name):
        raise ImageRefused("image.bad_name")
    return read_path(folder / name, within=folder)


def read_path(path: Path, within: Path | None = None) -> CleanImage:
    """Read a file a clerk typed the path of (or an inbox file), without following links.

    Opened without blocking: a FIFO (or a device) would otherwise wait for ever for a
    writer, holding the worker and the process. Anything but a regular file is refused
    before a byte is read.
    """
    if "\x00" in str(path):
        raise ImageRefused("image.bad_name")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        raise ImageRefused("image.unreadable") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ImageRefused("image.unreadable")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if within is not None and Path(path).resolve().parent != Path(within).resolve():
            raise ImageRefused("image.bad_name")
        if info.st_size > MAX_BYTES:
            raise ImageRefused("image.too_big")  # refused before reading a byte
        data = handle.read(MAX_BYTES + 1)
    return clean_image(data)
