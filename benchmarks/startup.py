"""Time from process start to the first painted welcome screen, against a bare Textual app.

    .venv/bin/python benchmarks/startup.py [--rounds 15]

Each round starts `kiosk run` (the installed console script, on an existing demo
database) and a bare Textual app painting the same widgets, each in a real
pseudo-terminal of 100x40, and stops the clock when the last welcome button's
label reaches the terminal. Rounds alternate so machine noise hits both alike.
Writes the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import write_section  # noqa: E402

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
MARKER = b"Other ways to check"


def time_to_paint(argv: list[str], env: dict[str, str], timeout: float = 20.0) -> float:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
                if MARKER in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{argv[0]} never painted its welcome screen:\n{seen[-500:]!r}")
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TEXTUAL", None)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kiosk.db"
        subprocess.run(
            [BIN / "kiosk", "init", "--demo", "--db", str(db)], check=True, capture_output=True
        )
        kiosk = [str(BIN / "kiosk"), "run", "--db", str(db), "--lang", "en"]
        bare = [sys.executable, str(HERE / "_bare_welcome.py")]
        time_to_paint(kiosk, env), time_to_paint(bare, env)  # warm the file cache
        kiosk_times, bare_times = [], []
        for _ in range(args.rounds):
            kiosk_times.append(time_to_paint(kiosk, env))
            bare_times.append(time_to_paint(bare, env))
    k, b = statistics.median(kiosk_times), statistics.median(bare_times)
    ratio = k / b
    verdict = "meets" if ratio <= 1.3 else "misses"
    body = f"""## Start-up: process start to the first painted welcome screen

Command: `.venv/bin/python benchmarks/startup.py --rounds {args.rounds}`

| | median | fastest | slowest |
|---|---|---|---|
| `kiosk run` (demo database, 100x40 pty) | {k * 1000:.0f} ms | {min(kiosk_times) * 1000:.0f} ms | {max(kiosk_times) * 1000:.0f} ms |
| bare Textual app, same widgets | {b * 1000:.0f} ms | {min(bare_times) * 1000:.0f} ms | {max(bare_times) * 1000:.0f} ms |

Ratio of medians: **{ratio:.2f}x** the bare app ({verdict} the 1.3x target).
"""
    write_section("startup", body)
    print(body)


if __name__ == "__main__":
    main()
