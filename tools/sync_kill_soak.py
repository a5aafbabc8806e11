"""The long run of issue 15's kill test: `kiosk sync --once` SIGKILLed at random moments,
many times, with new rows written at the hall before each round, then one round that goes
through; the central must hold each of the hall's rows exactly once, nothing may be marked
sent at the hall that the central lacks, and the hall's chain must verify at the central.
Every 10th kill is of the PostgreSQL server during a round instead (then started again).

    .venv/bin/python tools/sync_kill_soak.py --kills 50 [--seed 15]

Starts its own PostgreSQL (tests/helpers/postgres.py: Debian's postgresql-15) and a demo
hall in a temporary folder, and removes both. Prints one line; exit 1 on a problem.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.central.schema import migrate  # noqa: E402
from kiosk.demo.builder import fill_demo_registry  # noqa: E402
from kiosk.services.database import open_database  # noqa: E402
from tests.helpers.postgres import PostgresServer  # noqa: E402
from tests.helpers.sync_faults import (  # noqa: E402
    HANG_GUARD,
    exactly_once,
    fill,
    make_hall,
    nothing_marked_that_the_central_lacks,
    start_sync,
    sync_once,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--max-delay", type=float, default=1.5, help="wait before a kill")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    server = PostgresServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as folder:
            template = Path(folder) / "template.db"
            store = open_database(template, create=True)
            fill_demo_registry(store, seed=2026, people=240)
            store.close()
            url = server.create_database("soak")
            migrate(url)
            hall = make_hall(url, Path(folder) / "north", "north", template)
            kills = server_kills = ended = 0
            problems: list[str] = []
            n = 0
            while kills + server_kills < args.kills:  # rounds that ended first do not count
                n += 1
                if n > 3 * args.kills:
                    problems.append("too many rounds ended before their kill: raise --max-delay")
                    break
                fill(hall.db, rng.randint(200, 3000), rng.randint(200, 3000), tag=f"k{n}-")
                child = start_sync(hall)
                time.sleep(rng.uniform(0.0, args.max_delay))
                if child.poll() is not None:
                    ended += 1  # the round ended before its kill: counted, not a kill
                elif (kills + server_kills) % 10 == 9:
                    server.kill()  # the central dies mid-round
                    server.start()
                    server_kills += 1
                else:
                    os.kill(child.pid, signal.SIGKILL)
                    kills += 1
                child.wait(HANG_GUARD)
                problems += nothing_marked_that_the_central_lacks(url, hall)
            done = sync_once(hall)
            if done.returncode != 0:
                problems.append(f"the last round failed: {done.stderr.strip()}")
            problems += exactly_once(url, hall)
            rows = {
                "events": hall_count(hall.db, "outbox"),
                "audit rows": hall_count(hall.db, "audit_log"),
                "account changes": hall_count(hall.db, "account_outbox"),
            }
    finally:
        server.stop()
    seconds = time.monotonic() - started
    counts = ", ".join(f"{v} {k}" for k, v in rows.items())
    verdict = "each row once, chain verifies" if not problems else f"PROBLEMS: {problems[:5]}"
    print(
        f"sync_kill_soak seed {args.seed}: {kills} kiosk sync SIGKILLs + {server_kills} "
        f"PostgreSQL SIGKILLs mid-round ({ended} rounds ended first); {counts} at the hall; "
        f"{verdict}; {seconds:.0f} s"
    )
    return 1 if problems else 0


def hall_count(db: Path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
