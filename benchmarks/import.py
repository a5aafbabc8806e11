"""`kiosk registry import` against a raw csv.reader + executemany, in the same run.

    .venv/bin/python benchmarks/import.py [--people 50000] [--write]

Writes a persons file of N people and a ledger file of 24 rows each (50,000 people:
1.2 million ledger rows) in a temporary folder, then imports both twice, each into a
fresh database of the project's schema (same tables, indexes and foreign keys):

- project: `kiosk.services.registry_import.import_file`, every row checked;
- raw: a plain `csv.reader` feeding `sqlite3.executemany` with the same INSERT
  statements, in one transaction, on a connection with the same settings: the floor
  any import with checks sits above.

While the project imports the ledger, another process takes the write lock every
50 ms through the kiosk's own `Store.write()` (which says it wants the lock, see
kiosk/services/bulk_writes.py), and the longest it waited is
reported: the import must never keep a kiosk waiting more than 200 ms. The peak
resident memory of the project's import is reported too.

Prints the table; with --write, also writes it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry_csv import write_csvs  # noqa: E402
from _report import write_section  # noqa: E402

from kiosk.services.database import open_database  # noqa: E402
from kiosk.services.registry_import import import_file  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.store.registry import _SQL  # noqa: E402

CTX = multiprocessing.get_context("spawn")


def fresh_database(path: Path) -> None:
    open_database(path, create=True).close()


def raw_import(db_path: Path, table: str, path: Path) -> int:
    """The floor: csv.reader straight into executemany, one transaction."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -32000")
    sql = _SQL[table]
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        conn.execute("BEGIN IMMEDIATE")
        if table == "persons":  # sex and birth date come from the ID number
            rows = (
                (r[0], r[1], r[2], "FM"[int(r[0][16]) % 2], r[0][6:14], r[3], r[4], r[5])
                for r in reader
            )
            conn.executemany(sql, rows)
        else:
            conn.executemany(sql, reader)
        conn.execute("COMMIT")
    count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    return int(count)


def probe(db_path: str, stop: Any, out: Any) -> None:
    """A kiosk's writes, through the kiosk's own store (which says it wants the lock):
    take the write lock every 50 ms; report the longest wait."""
    kiosk = Store(db_path)
    kiosk.db  # noqa: B018 (connected first, as an open kiosk is)
    longest, tries = 0.0, 0
    while not stop.is_set():
        started = time.perf_counter()
        with kiosk.write():
            waited = time.perf_counter() - started
        longest, tries = max(longest, waited), tries + 1
        time.sleep(0.05)
    kiosk.close()
    out.put((longest, tries))


def project_import(db_path: Path, kind: str, path: Path, *, watch: bool) -> tuple[float, float]:
    """Seconds the project's import took, and the longest wait of a kiosk for the lock."""
    store = open_database(db_path)
    stop = CTX.Event()
    out: multiprocessing.Queue = CTX.Queue()
    watcher = CTX.Process(target=probe, args=(str(db_path), stop, out))
    if watch:
        watcher.start()
        time.sleep(0.2)
    started = time.perf_counter()
    report = import_file(store, kind, path)
    seconds = time.perf_counter() - started
    longest = 0.0
    if watch:
        stop.set()
        longest, _ = out.get(timeout=60)
        watcher.join()
    store.close()
    assert not report.refused, report.refused[:5]
    return seconds, longest


def _project_in_child(
    db_path: str, kind: str, path: str, watch: bool, out: multiprocessing.Queue
) -> None:
    try:
        seconds, longest = project_import(Path(db_path), kind, Path(path), watch=watch)
    except BaseException as err:
        out.put(err)
        raise
    out.put((seconds, longest, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def project_run(db_path: Path, kind: str, path: Path, *, watch: bool) -> tuple[float, float, float]:
    """The project's import in a process of its own, so its peak memory is its own."""
    out: multiprocessing.Queue = CTX.Queue()
    child = CTX.Process(target=_project_in_child, args=(str(db_path), kind, str(path), watch, out))
    child.start()
    result = out.get()
    child.join()
    if isinstance(result, BaseException):
        raise result
    return tuple(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        persons, ledger = write_csvs(folder, args.people)
        ours_db, raw_db = folder / "ours.db", folder / "raw.db"
        fresh_database(ours_db)
        fresh_database(raw_db)
        rows = {"persons": args.people, "ledger": args.people * 24}
        figures = {}
        for kind, table, path in (
            ("persons", "persons", persons),
            ("ledger", "ledger_entries", ledger),
        ):
            seconds, longest, peak = project_run(ours_db, kind, path, watch=kind == "ledger")
            started = time.perf_counter()
            count = raw_import(raw_db, table, path)
            raw_seconds = time.perf_counter() - started
            assert count == rows[kind], (kind, count)
            figures[kind] = (seconds, raw_seconds, longest, peak)
    lines = []
    for kind, (ours, raw, longest, peak) in figures.items():
        n = rows[kind]
        wait = f"{longest * 1000:.0f} ms" if kind == "ledger" else "-"
        lines.append(
            f"| {kind} | {n:,} | {n / ours:,.0f} rows/s | {n / raw:,.0f} rows/s "
            f"| **{raw / ours:.2f}x** | {wait} | {peak:.0f} MB |"
        )
    body = f"""## Registry import: project against raw executemany, {args.people:,} people

Command: `.venv/bin/python benchmarks/import.py --people {args.people} --write`

| file | rows | project | raw | project/raw | longest kiosk wait for the write lock | project's peak RSS |
|---|---|---|---|---|---|---|
{chr(10).join(lines)}

Raw: `csv.reader` into `executemany` with the same INSERT, in one transaction, fresh
database of the same schema, in the same run. The kiosk wait is the longest wait of
another process taking the write lock every 50 ms through the kiosk's `Store.write()`
during the project's ledger import. Target: at least 0.5x raw; a kiosk waits at most 200 ms.
Load average (1 min) at the start {load_before:.1f}, at the end {os.getloadavg()[0]:.1f}
(2 cores: the project's writer and its worker use both, raw needs one).
"""
    if args.write:
        write_section("import" if args.people == 50_000 else f"import-{args.people}", body)
    print(body)


if __name__ == "__main__":
    main()
