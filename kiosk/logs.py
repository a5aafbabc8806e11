"""The kiosk's log file. It must never hold personal data.

Exception messages and local variables can carry ID numbers, names and passwords,
so an unexpected error is logged as its type and the places in our code it passed
through, nothing more.
"""

from __future__ import annotations

import contextlib
import logging
import os
import traceback
from pathlib import Path

log = logging.getLogger("kiosk")


def configure(path: Path) -> None:
    """Send the kiosk's log lines to `path` (created 0600, its folder 0700)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


def where(error: BaseException) -> str:
    """'file.py:12 in func <- other.py:40 in caller': the innermost frames first."""
    frames = traceback.extract_tb(error.__traceback__)[-8:]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))


def log_crash(error: BaseException, context: str = "unhandled") -> None:
    log.error("%s %s at %s", context, type(error).__name__, where(error) or "?")
