"""The real kiosk in a real pseudo-terminal: escape sequences typed or pasted in never
reach the terminal. What the app writes is read back byte by byte."""

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

BIN = Path(sys.executable).parent

# Each payload carries a marker that must never appear right after an ESC or a C1 byte
# in the output: that would mean the sequence from the input reached the terminal.
PAYLOADS = [
    "\x1b]0;PWNTITLE\x07",  # set the window title
    "\x1b]8;;http://PWNLINK/\x1b\\x",  # a hyperlink
    "\x1b[2JPWNCLEAR",  # clear the screen
    "\x9b31mPWNCSI",  # a C1 control sequence introducer
    "\x1bP+qPWNDCS\x1b\\",  # a device control string
    "[bold red]PWNMARKUP[/]",  # Rich markup
    "\u202ePWNBIDI",  # right-to-left override
]
MARKERS = [b"PWNTITLE", b"PWNLINK", b"PWNCLEAR", b"PWNCSI", b"PWNDCS"]


def read_for(master: int, seconds: float) -> bytes:
    seen, end = b"", time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def read_until(master: int, seen: bytes, wanted: list[bytes], timeout: float = 30) -> bytes:
    """Read until every wanted piece has been written (a loaded machine is slow, not wrong)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and not all(piece in seen for piece in wanted):
        seen += read_for(master, 0.2)
    return seen


def test_hostile_input_never_writes_its_escape_sequences(db_path, tmp_path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    child = subprocess.Popen(
        [str(BIN / "kiosk"), "run", "--db", str(db_path), "--lang", "en"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        cwd=tmp_path,
    )
    os.close(slave)
    try:
        out = read_until(master, b"", [b"Other ways to check"])
        assert b"Other ways to check" in out
        os.write(master, b"\r")  # "Log in" has the focus on the welcome screen
        out = read_until(master, out, [b"ID number"])
        for payload in PAYLOADS:
            typed = payload.encode()
            os.write(master, typed)  # typed key by key
            os.write(master, b"\x1b[200~" + typed + b"\x1b[201~")  # and pasted
            out += read_for(master, 0.4)
            os.write(master, b"\x15")  # ctrl+u empties the field for the next one
            out += read_for(master, 0.2)
        os.write(master, b"\r")
        out = read_until(master, out, [*MARKERS, b"PWNMARKUP", b"PWNBIDI"])
        out += read_for(master, 1)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)
    assert b"Log in" in out and child.returncode is not None
    # The text around each sequence did arrive: it is on screen, as plain characters.
    for marker in [*MARKERS, b"PWNMARKUP", b"PWNBIDI"]:
        assert marker in out, marker
    assert b"[bold red]" in out
    for marker in MARKERS:
        index = out.find(marker)
        while index != -1:
            before = out[max(0, index - 12) : index]
            assert b"\x1b]" not in before and b"\x1bP" not in before and b"\x9b" not in before, (
                marker,
                out[max(0, index - 40) : index + 20],
            )
            index = out.find(marker, index + 1)
    assert b"PWNTITLE\x07" not in out
    assert b"\x1b]0;PWN" not in out and b"\x1b]8;;http://PWN" not in out


def test_a_burst_of_keys_in_a_real_terminal_keeps_its_tab_and_enter(db_path, tmp_path):
    """An ID-card reader types the ID number, a Tab, the password and Enter all at once."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    child = subprocess.Popen(
        [str(BIN / "kiosk"), "run", "--db", str(db_path), "--lang", "en"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        cwd=tmp_path,
    )
    os.close(slave)
    try:
        out = read_until(master, b"", [b"Other ways to check"])
        os.write(master, b"\r")  # "Log in" has the focus on the welcome screen
        out = read_until(master, out, [b"ID number"])
        os.write(master, b"110108197608175698\tDemo-Pass-01\r")  # the demo holder, in one go
        out = read_until(master, out, [b"Account balance"], timeout=60)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)
    assert b"Account balance" in out
    assert b"Demo-Pass-01" not in out  # never drawn in clear in the ID field
