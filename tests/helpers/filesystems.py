"""Real read-only files and real full or read-only filesystems, for tests that run as root.

Root writes through any mode bits, so a 0444 file proves nothing there. Two real ways:

- `bound_by_modes`: run a command as root without CAP_DAC_OVERRIDE (setpriv), on a 0444
  copy in a 0555 folder: mode bits then bind it, while CAP_DAC_READ_SEARCH still lets it
  read the checkout and its venv wherever they are (a 0700 CI folder shuts `nobody` out);
- `in_filesystem`: run a command in its own mount namespace (unshare), where the
  database's folder is a tiny tmpfs filled to the last block, or a read-only bind mount.
  Nothing is mounted outside that one process.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def kiosk_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", *args]


def bound_by_modes(command: list[str]) -> list[str]:
    """The command bound by mode bits: as root, without the capability to write through them."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.fail("tests run as root need setpriv (util-linux) to test read-only files")
    return ["setpriv", "--bounding-set=-dac_override", *command]


@contextlib.contextmanager
def write_protected_copy(db_path: Path) -> Iterator[Path]:
    """A copy of the database, mode 0444, in a folder nobody may write to (0555)."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-ro-"))
    try:
        copy = folder / "kiosk.db"
        shutil.copy(db_path, copy)
        copy.chmod(0o444)
        folder.chmod(0o555)
        yield copy
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def in_filesystem(kind: str, db_path: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Run `command` with db_path's folder replaced by a `full` or `read_only` filesystem.

    The folder keeps its files: a full tmpfs gets copies of them and then a filler file
    that takes every free block; a read-only one is the folder bound onto itself, read-only.
    """
    if shutil.which("unshare") is None:
        pytest.fail("the filesystem tests need unshare (util-linux)")
    folder = shlex.quote(str(db_path.parent))
    if kind == "full":
        saved = shlex.quote(str(db_path.parent.with_name(db_path.parent.name + "-saved")))
        size = sum(f.stat().st_size for f in db_path.parent.iterdir() if f.is_file())
        setup = (
            f"cp -a {folder} {saved} && "
            f"mount -t tmpfs -o size={size // 1024 + 512}k tmpfs {folder} && "
            f"cp -a {saved}/. {folder}/ && "
            f"(dd if=/dev/zero of={folder}/filler bs=4k 2>/dev/null || true)"
        )
    elif kind == "read_only":
        setup = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder}"
    else:
        raise ValueError(kind)
    script = f"{setup} && exec {shlex.join(command)}"
    namespace = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-Urm"]
    probe = run([*namespace, "true"])
    if probe.returncode != 0:
        pytest.fail(f"cannot make a mount namespace here: {probe.stderr.strip()}")
    return run([*namespace, "sh", "-c", script])
