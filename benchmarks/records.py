"""Card and records fetch on a registry of a million people.

    .venv/bin/python benchmarks/records.py [--people 1000000] [--workdir DIR] [--reuse]

1. Writes PERSONS.csv and a ledger CSV of 24 monthly rows a person, and imports both
   through the project's own import path (`kiosk.services.registry_import`), timed.
2. Fetches the card and the last 24 ledger rows for random people through
   `RecordService.summary`, warm (one connection, pages cached) and cold (a new
   connection for each fetch, so SQLite's page cache is empty; the OS cache is not
   dropped), against the same two SQL statements on a bare sqlite3 connection.

Login (Enter to the painted home screen) is benchmarks/login.py.

Writes the figures to docs/benchmarks.md. `--reuse` skips step 1 when the database
in --workdir already holds the registry.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry_csv import person_id, write_csvs  # noqa: E402
from _report import write_section  # noqa: E402

from kiosk.config import Config  # noqa: E402
from kiosk.services.accounts import CitizenSession  # noqa: E402
from kiosk.services.database import open_database  # noqa: E402
from kiosk.services.registry_import import import_file  # noqa: E402
from kiosk.services.terminal import Terminal  # noqa: E402

PASSWORD = "Bench-Pass-2026"
RAW_CARD = (
    "SELECT p.*, (SELECT coalesce(sum(CASE kind WHEN 'credit' THEN amount_cents "
    "ELSE -amount_cents END), 0) FROM ledger_entries WHERE id_number = p.id_number), "
    "(SELECT max(entry_date) FROM ledger_entries WHERE id_number = p.id_number) "
    "FROM persons p WHERE p.id_number = ?"
)
RAW_LAST = (
    "SELECT * FROM ledger_entries WHERE id_number = ? "
    "ORDER BY entry_date DESC, reference DESC LIMIT 24"
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fetch_figures(db_path: Path, people: int, samples: int) -> dict[str, list[float]]:
    rng = random.Random(7)
    terminal = Terminal(Config(database=db_path))
    raw = sqlite3.connect(db_path)
    out: dict[str, list[float]] = {
        k: [] for k in ("ours_warm", "raw_warm", "ours_cold", "raw_cold")
    }
    # Warm: a working set of 500 people, fetched once to load their pages, then again
    # and again; cold: a person never fetched before, on a brand-new connection.
    warm_ids = [person_id(rng.randrange(people)) for _ in range(500)]
    for number in warm_ids:
        terminal.records.summary(CitizenSession(number, "", ""))
        raw.execute(RAW_CARD, (number,)).fetchall()
        raw.execute(RAW_LAST, (number,)).fetchall()
    for index in range(samples):
        number = warm_ids[index % len(warm_ids)]
        session = CitizenSession(number, "", "")
        t = time.perf_counter()
        card, lines = terminal.records.summary(session)
        out["ours_warm"].append(time.perf_counter() - t)
        assert len(lines) == 24, number
        t = time.perf_counter()
        raw.execute(RAW_CARD, (number,)).fetchall()
        raw.execute(RAW_LAST, (number,)).fetchall()
        out["raw_warm"].append(time.perf_counter() - t)
    for _ in range(samples // 10):
        number = person_id(rng.randrange(people))
        store_terminal = Terminal(Config(database=db_path))
        t = time.perf_counter()
        store_terminal.records.summary(CitizenSession(number, "", ""))
        out["ours_cold"].append(time.perf_counter() - t)
        store_terminal.close()
        fresh = sqlite3.connect(db_path)
        t = time.perf_counter()
        fresh.execute(RAW_CARD, (number,)).fetchall()
        fresh.execute(RAW_LAST, (number,)).fetchall()
        out["raw_cold"].append(time.perf_counter() - t)
        fresh.close()
    return out


def ms(value: float) -> str:
    return f"{value * 1000:.3f} ms" if value < 0.01 else f"{value * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kiosk-bench"))
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--samples", type=int, default=5000)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    db_path = args.workdir / "records.db"
    build_note = args.workdir / "build.txt"
    build = build_note.read_text(encoding="utf-8") if build_note.exists() else "(reused)"
    if not (args.reuse and db_path.exists()):
        for old in args.workdir.glob("records.db*"):
            old.unlink()
        t = time.perf_counter()
        persons_csv, ledger_csv = write_csvs(args.workdir, args.people)
        written = time.perf_counter() - t
        store = open_database(db_path, create=True)
        t = time.perf_counter()
        persons = import_file(store, "persons", persons_csv)
        t_persons = time.perf_counter() - t
        t = time.perf_counter()
        ledger = import_file(store, "ledger", ledger_csv)
        t_ledger = time.perf_counter() - t
        store.close()
        assert not persons.refused and not ledger.refused
        build = (
            f"CSV written in {written:.0f} s; imported {persons.written:,} persons in "
            f"{t_persons:.0f} s ({persons.written / t_persons:,.0f} rows/s) and "
            f"{ledger.written:,} ledger rows in {t_ledger:.0f} s "
            f"({ledger.written / t_ledger:,.0f} rows/s)"
        )
        build_note.write_text(build, encoding="utf-8")
        print(build, flush=True)
    size_mb = db_path.stat().st_size / 1e6
    fetch = fetch_figures(db_path, args.people, args.samples)
    f = {k: (statistics.median(v), percentile(v, 0.99)) for k, v in fetch.items()}
    body = f"""## Records: card and last 24 ledger rows

Command: `.venv/bin/python benchmarks/records.py --people {args.people}`

Registry: {args.people:,} people with 24 monthly ledger rows each ({args.people * 24:,} rows,
{size_mb:,.0f} MB). Build: {build}.

| fetch (card + last 24 rows) | median | p99 |
|---|---|---|
| `RecordService.summary`, warm | {ms(f["ours_warm"][0])} | {ms(f["ours_warm"][1])} |
| same SQL on bare sqlite3, warm | {ms(f["raw_warm"][0])} | {ms(f["raw_warm"][1])} |
| `RecordService.summary`, cold (new connection) | {ms(f["ours_cold"][0])} | {ms(f["ours_cold"][1])} |
| same SQL on bare sqlite3, cold | {ms(f["raw_cold"][0])} | {ms(f["raw_cold"][1])} |

Warm p99 {ms(f["ours_warm"][1])}: {"meets" if f["ours_warm"][1] < 0.001 else "misses"} the
1 ms target; {f["ours_warm"][0] / f["raw_warm"][0]:.1f}x the bare query's median.
{args.samples:,} warm fetches (a working set of 500 people) and {args.samples // 10:,} cold
fetches (a new person on a new connection; the OS file cache is not dropped).

Login (Enter to the painted home screen): see the Login section (benchmarks/login.py).
"""
    write_section("records", body)
    print(body)


if __name__ == "__main__":
    main()
