"""Time from process start to the first painted welcome screen, against a bare Textual app.

    .venv/bin/python benchmarks/startup.py [--rounds 15]

Each round starts `kiosk run` (the installed console script, on an existing demo
database, its modules byte-compiled first as an installed kiosk's are) and a bare
Textual app painting the same widgets, each in a real pseudo-terminal of 100x40, and
stops the clock when the last welcome button's label reaches the terminal. Rounds alternate so machine noise hits both alike.
A third app, the bare one with the welcome screen's whole widget tree
(`_bare_welcome.py --tree`), shows what the tree alone costs; the target is against
the first. Writes the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import compileall
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
ROOT = HERE.parent
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


# From profiles of `kiosk run` (timestamps around each phase in a pty, cProfile, -X
# importtime, gc.callbacks), not from this run: see the section's text.
WHERE_THE_TIME_GOES = """\
Where the time over the bare app went (issue 16; phases timed in a pty, cProfile, -X
importtime, gc.callbacks; 1.75-1.77x before this work on the same machine):

- **The stylesheet was parsed three times**: Textual's theme watcher (the kiosk theme
  was set after the app was made) reparsed kiosk.tcss and every widget's CSS in a
  throw-away Stylesheet and emptied the parse cache, so the first screen parsed it all
  again. Now the theme's variables go to the stylesheet before anything is parsed: one
  parse (8-10 ms less).
- **A full garbage collection (15 ms) fell before the first paint**, and young ones
  added about 8 ms: `kiosk run` holds collection off until the first paint; what exists
  when the app mounts is frozen (it lives as long as the process) and collection resumes.
- **The welcome screen was laid out twice**: its texts were drawn on mount. Tr, TrButton,
  ContrastButton and the top bar's hall name are drawn when built (16 ms less).
- **Imports**: reading the configuration loaded the family checks and python-stdnum,
  `kiosk run` loaded every CLI topic, the catalogs came through importlib.resources.
  Now the CLI and configuration load in 32 ms instead of 50 (ssl and sockets, which
  stdnum pulled in early, still load with asyncio: about 10 ms less over all imports).
  Nothing of SQLite, argon2, cryptography, Pillow, qrcode, pypinyin or stdnum loads
  before the first paint (tests/ui/test_startup.py); the database opens and the first
  screens are imported after it, before anyone taps. The first tap is no slower: "Log in"
  to the painted login form 1.5 s after the paint (screens prewarmed), medians of 6 in
  alternating runs 39-64 ms before this work, 45-51 ms after; 0.3 s after the paint
  (before the prewarm, unchanged by this work) 92 and 94 ms.
- **Measurement**: the benchmark byte-compiles the kiosk's modules first, as an
  installed kiosk has them; with PYTHONDONTWRITEBYTECODE set, as in the shells here, the
  editable checkout compiled its source at every start (9 ms; Textual's is compiled).

What is left: the widget tree (the bare app has 9 widgets, the welcome screen 20 and a
screen under it: the third row); click (5 ms), the configuration's eight frozen
dataclasses (4-5 ms) and the kiosk's modules, 10-15 ms of imports in all; kiosk.tcss,
parsed once (133 rule sets, 7-9 ms, of which 42 can match a node of the welcome screen)
and applied to each node (about 5 ms); the catalog (2 ms). Parsing only the welcome
screen's rules first would save part of the parse, but rule order breaks ties between
equal selectors, so moving rules is a change to every screen's look (147 snapshots) and
to a file every branch edits: not done.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("TEXTUAL", None)
    # The kiosk's modules byte-compiled, as `pip install` leaves an installed kiosk and as
    # Python writes them on a first run. Textual's are (pip compiled them); with
    # PYTHONDONTWRITEBYTECODE set (some shells here set it) an editable checkout would
    # otherwise compile the kiosk's source at every start: 9 ms the bare app never pays.
    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kiosk.db"
        subprocess.run(
            [BIN / "kiosk", "init", "--demo", "--db", str(db)], check=True, capture_output=True
        )
        kiosk = [str(BIN / "kiosk"), "run", "--db", str(db), "--lang", "en"]
        bare = [sys.executable, str(HERE / "_bare_welcome.py")]
        tree = [*bare, "--tree"]
        for argv in (kiosk, bare, tree):  # warm the file cache
            time_to_paint(argv, env)
        kiosk_times, bare_times, tree_times = [], [], []
        for _ in range(args.rounds):
            kiosk_times.append(time_to_paint(kiosk, env))
            bare_times.append(time_to_paint(bare, env))
            tree_times.append(time_to_paint(tree, env))
    k, b = statistics.median(kiosk_times), statistics.median(bare_times)
    t = statistics.median(tree_times)
    ratio = k / b
    verdict = "meets" if ratio <= 1.3 else "misses"
    body = f"""## Start-up: process start to the first painted welcome screen

Command: `.venv/bin/python benchmarks/startup.py --rounds {args.rounds}`

| | median | fastest | slowest |
|---|---|---|---|
| `kiosk run` (demo database, 100x40 pty) | {k * 1000:.0f} ms | {min(kiosk_times) * 1000:.0f} ms | {max(kiosk_times) * 1000:.0f} ms |
| bare Textual app, same widgets | {b * 1000:.0f} ms | {min(bare_times) * 1000:.0f} ms | {max(bare_times) * 1000:.0f} ms |
| bare Textual app, the welcome screen's whole widget tree | {t * 1000:.0f} ms | {min(tree_times) * 1000:.0f} ms | {max(tree_times) * 1000:.0f} ms |

Ratio of medians: **{ratio:.2f}x** the bare app ({verdict} the 1.3x target);
{k / t:.2f}x the bare app with the whole tree.

{WHERE_THE_TIME_GOES}
"""
    write_section("startup", body)
    print(body)


if __name__ == "__main__":
    main()
