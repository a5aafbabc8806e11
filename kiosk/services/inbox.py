"""The hall scanner's inbox: the folder where scanned household-register pages land.

Only plain files directly in the folder are offered; a name is never a path, so
`..`, a slash, a NUL byte or a link that points elsewhere cannot reach another file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.images import MAX_BYTES, CleanImage, ImageRefused, clean_image

__all__ = ["CleanImage", "InboxFile", "list_inbox", "read_page", "read_path"]

SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class InboxFile:
    name: str
    size: int
    modified: float


def list_inbox(folder: Path) -> list[InboxFile]:
    """Scans in the inbox, newest first. A missing folder is an empty inbox."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    files = []
    for entry in entries:
        if not entry.name.lower().endswith(SUFFIXES) or entry.is_symlink():
            continue
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            files.append(InboxFile(entry.name, info.st_size, info.st_mtime))
    return sorted(files, key=lambda f: (-f.modified, f.name))


def read_page(folder: Path, name: str) -> CleanImage:
    """Read one scan by its name in the inbox, checked and cleaned, or raise ImageRefused."""
    if not name or "\x00" in name or "/" in name or "\\" in name or name in (".", ".."):
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
