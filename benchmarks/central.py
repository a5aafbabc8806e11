"""The central office under load: halls pushing at once, a fresh hall pulling the registry.

    .venv/bin/python benchmarks/central.py [--halls 20] [--events 5000] [--people 1000000]
        [--load import|copy] [--write]

Starts its own PostgreSQL 15 (tests/helpers/postgres.py, with fsync on and memory: see
SETTINGS), runs `kiosk central init`, then:

1. Push. Registers --halls halls, each with its own SQLite file holding --events outbox
   events (one in ten an `enrollment.decided`, which the central turns into a decision),
   as many audit rows, and a tenth as many account changes. All halls then run one round
   at once: `sync_round` (what `kiosk sync --once` runs) in a process each, started
   together. Reported: events per second over all (all events / from the first start to
   the last end), the same for all rows, and each central transaction of a batch (insert
   to COMMIT, timed around kiosk/central's push functions): p50, p95, max.
2. Pull. Loads a registry of --people persons with 24 ledger rows each at the central:
   with `kiosk central registry import` (CSV files, every row checked), or for big
   registries with a plain COPY into `persons` and `ledger_entries` (the tables' triggers
   give the change numbers as the import's merge would) with --load copy. Then a fresh hall runs `kiosk sync --once`:
   rows per second, the longest a kiosk's write (`Store.write()`, every 20 ms, another
   connection) waits for the hall's write lock during it (target at most 200 ms), and the
   pulling process's peak RSS. Against the floor, in the same run: `COPY (SELECT ...) TO
   STDOUT` from the central straight into the same tables of another fresh hall file
   (the hall's own INSERT statements, one transaction, no pacing).

Prints the table; with --write, also writes it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402
import psycopg  # noqa: E402
from _registry_csv import person_id, write_csvs  # noqa: E402
from _report import write_section  # noqa: E402
from psycopg import sql  # noqa: E402

from kiosk.services.central import add_hall  # noqa: E402
from kiosk.services.database import open_database  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.store import registry as registry_store  # noqa: E402
from kiosk.store.registry import _SQL  # noqa: E402
from tests.helpers.postgres import PostgresServer  # noqa: E402

KIOSK = Path(sys.executable).parent / "kiosk"
CTX = multiprocessing.get_context("spawn")
HANG_GUARD = 4 * 3600  # seconds: only a hang gets this far

# A server as one would run it: durable commits, memory for a 25-million-row registry.
SETTINGS = {
    "fsync": "on",
    "full_page_writes": "on",
    "synchronous_commit": "on",
    "shared_buffers": "1GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "8GB",
    "checkpoint_timeout": "30min",
    "max_connections": "200",
}
# an argon2id hash's shape: the central stores it as text and never checks it
PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$YmVuY2hzYWx0YmVuY2g$" + "A" * 43


def kiosk(*args: str) -> str:
    done = subprocess.run(
        [str(KIOSK), *args], capture_output=True, text=True, timeout=HANG_GUARD, check=False
    )
    if done.returncode:
        raise RuntimeError(f"kiosk {args[0]} {args[1]}: {done.stdout}{done.stderr}")
    return done.stdout


def hall_config(folder: Path, db: Path, url: str, hall: str) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(
        f'database = "{db}"\nlog_file = "{folder / "kiosk.log"}"\n\n'
        f'[central]\nurl = "{url}"\nhall = "{hall}"\ninterval_seconds = 60\n',
        encoding="utf-8",
    )
    return path


# --- 1. halls pushing at once -------------------------------------------------------------


def fill_hall(db: Path, events: int) -> tuple[int, int, int]:
    """A hall's file with `events` outbox events, as many audit rows and a tenth as many
    account changes (activations), as its kiosks write them; returns the three counts."""
    from kiosk.services import audit
    from kiosk.store import accounts as accounts_store
    from kiosk.store import family as family_store

    accounts = max(1, events // 10)
    store = open_database(db, create=True)
    try:
        with store.write() as tx:
            people = []
            for n in range(accounts):
                number = person_id(n)
                sex = "M" if int(number[16]) % 2 else "F"
                born = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
                people.append(
                    (number, f"测试{n}", f"139{n:08d}", sex, born, "employee", "active", None)
                )
            registry_store.put_values(tx, "persons", people)
            for n, person in enumerate(people):
                accounts_store.set_credential(
                    tx, person[0], PASSWORD_HASH, f"2026-11-01T09:{n % 60:02d}:00"
                )
            for n in range(events):
                if n % 10 == 9:
                    topic = "enrollment.decided"
                    payload: dict[str, Any] = {"application_no": f"FA{n:010d}", "status": "active"}
                else:
                    topic = "account.visit"
                    payload = {"n": n, "terminal": "k1", "what": "records", "id": person_id(n)}
                family_store.add_outbox(
                    tx, topic, json.dumps(payload, sort_keys=True), "2026-11-01T09:00:00"
                )
            for n in range(events):
                audit.record(tx, "citizen", "login:ok", f"{n:06d}", terminal="k1", n=n)
    finally:
        store.close()
    return events, events, accounts


def _timed(module: Any, name: str, kind: str, samples: list[tuple[str, float]]) -> None:
    """Time each call of a central push function: one batch's transaction, to its COMMIT."""
    real = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            samples.append((kind, time.perf_counter() - started))

    setattr(module, name, timed)


def _push_child(config_path: str, start: Any, out: Any) -> None:
    """One hall's round, as `kiosk sync --once` runs it, started with the others."""
    try:
        from kiosk.central import accounts as central_accounts
        from kiosk.central import audit as central_audit
        from kiosk.central import push as central_push
        from kiosk.config import load
        from kiosk.services.sync import sync_round

        samples: list[tuple[str, float]] = []
        _timed(central_push, "push_events", "events", samples)
        _timed(central_accounts, "push_account_changes", "account changes", samples)
        _timed(central_audit, "push_audit_rows", "audit rows", samples)
        config = load(config_path)
        store = open_database(config.database)
        start.wait()
        cpu = time.process_time()
        began = time.perf_counter()
        report = sync_round(store, config)
        ended = time.perf_counter()
        cpu = time.process_time() - cpu
        store.close()
        sent = (report.events.sent, report.account_changes, report.audit_rows)
        out.put((None, began, ended, sent, samples, cpu))
    except BaseException as err:  # reported in the table, never hidden
        out.put((f"{type(err).__name__}: {err}", 0.0, 0.0, (0, 0, 0), [], 0.0))


@dataclass
class PushFigures:
    halls: int
    events: int = 0
    account_changes: int = 0
    audit_rows: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of PostgreSQL's processes during the push
    halls_cpu: float = 0.0  # and of the halls' processes
    batches: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def server_cpu(server: PostgresServer) -> float:
    """CPU seconds PostgreSQL has used: the postmaster, the backends it has reaped, and
    those still running."""
    assert server.process is not None
    postmaster = psutil.Process(server.process.pid)
    times = postmaster.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in postmaster.children():
        try:
            own = child.cpu_times()
        except psutil.NoSuchProcess:  # ended between the two calls: counted next time
            continue
        total += own.user + own.system
    return total


def push_bench(
    server: PostgresServer, url: str, folder: Path, halls: int, events: int
) -> PushFigures:
    template = folder / "template.db"
    fill_hall(template, events)
    configs = []
    for n in range(halls):
        name = f"hall{n:02d}"
        hall_folder = folder / name
        hall_folder.mkdir()
        shutil.copy(template, hall_folder / "kiosk.db")
        access = add_hall(url, name)
        configs.append(hall_config(hall_folder, hall_folder / "kiosk.db", access.url, name))
    start = CTX.Event()
    out: Any = CTX.Queue()
    children = [CTX.Process(target=_push_child, args=(str(c), start, out)) for c in configs]
    for child in children:
        child.start()
    time.sleep(3 + halls * 0.3)  # every child has imported and opened its file by then
    cpu_before = server_cpu(server)
    start.set()
    results = [out.get(timeout=HANG_GUARD) for _ in children]
    for child in children:
        child.join()
    time.sleep(1)  # the halls' backends end and are reaped
    figures = PushFigures(halls)
    figures.server_cpu = server_cpu(server) - cpu_before
    began, ended = [], []
    for error, b, e, sent, samples, cpu in results:
        figures.halls_cpu += cpu
        if error:
            figures.errors.append(error)
            continue
        began.append(b)
        ended.append(e)
        figures.events += sent[0]
        figures.account_changes += sent[1]
        figures.audit_rows += sent[2]
        for kind, seconds in samples:
            figures.batches.setdefault(kind, []).append(seconds)
    figures.seconds = max(ended) - min(began) if began else 0.0
    return figures


# --- 2. a fresh hall pulling the registry ---------------------------------------------------


def copy_registry(url: str, people: int) -> None:
    """The registry straight into the central's tables with COPY (no file, no checks): the
    rows `kiosk central registry import` makes of benchmarks/_registry_csv.py's files."""
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        with cursor.copy(
            "COPY persons (id_number, name, phone, sex, birth_date, insurance_type, status, "
            "enrolled_on) FROM STDIN"
        ) as copy:
            for n in range(people):
                number = person_id(n)
                copy.write_row(
                    (
                        number,
                        f"测试{n}",
                        f"1{3 + n % 7}{n % 10**9:09d}",
                        "M" if int(number[16]) % 2 else "F",
                        f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                        "employee",
                        "active",
                        "2015-01-01",
                    )
                )
        conn.commit()
        with cursor.copy(
            "COPY ledger_entries (reference, id_number, entry_date, kind, amount_cents, "
            "counterparty, counterparty_kind) FROM STDIN"
        ) as copy:
            for n in range(people):
                number = person_id(n)
                for month in range(24):
                    year, mon = 2024 + month // 12, month % 12 + 1
                    if month % 3 == 2:
                        row = (
                            f"B{n:08d}{month:02d}",
                            number,
                            f"{year}-{mon:02d}-18",
                            "debit",
                            (20 + n % 50) * 100 + 50,
                            "示范药房",
                            "pharmacy",
                        )
                    else:
                        row = (
                            f"B{n:08d}{month:02d}",
                            number,
                            f"{year}-{mon:02d}-05",
                            "credit",
                            (300 + n % 100) * 100,
                            "示范公司",
                            "employer",
                        )
                    copy.write_row(row)
        conn.commit()
        conn.execute("ANALYZE persons")
        conn.execute("ANALYZE ledger_entries")
        conn.commit()


def import_registry(url: str, folder: Path, people: int) -> None:
    folder.mkdir()
    persons, ledger = write_csvs(folder, people)
    kiosk("central", "registry", "import", str(persons), "--ledger", str(ledger), "--url", url)


def _probe(db: Path, stop: threading.Event, waits: list[float]) -> None:
    """A kiosk's small writes, through the kiosk's own store (which says it wants the
    lock): the write lock every 20 ms, until the pull has ended."""
    kiosk = Store(db)
    kiosk.db  # noqa: B018 (connected first, as an open kiosk is)
    while not stop.is_set():
        began = time.perf_counter()
        with kiosk.write() as tx:
            waits.append(time.perf_counter() - began)
            tx.execute("UPDATE kiosk_meta SET value = value WHERE key = 'no such key'")
        time.sleep(0.02)
    kiosk.close()


@dataclass
class PullFigures:
    people: int
    load: str
    rows: int = 0
    load_seconds: float = 0.0
    seconds: float = 0.0
    floor_seconds: float = 0.0
    longest_wait: float = 0.0
    median_wait: float = 0.0
    waits: int = 0
    peak_mb: float = 0.0
    errors: list[str] = field(default_factory=list)


def hall_rows(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("persons", "ledger_entries")
        }
    finally:
        conn.close()


def pull_once(config: Path, db: Path, figures: PullFigures) -> None:
    """`kiosk sync --once` on the fresh hall, watched by a kiosk taking the write lock."""
    stop, waits = threading.Event(), []
    watcher = threading.Thread(target=_probe, args=(db, stop, waits))
    log = config.parent / "sync.out"
    with open(log, "w", encoding="utf-8") as output:
        began = time.perf_counter()
        child = subprocess.Popen(
            [str(KIOSK), "sync", "--once", "--config", str(config)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        watcher.start()
        _, status, usage = os.wait4(child.pid, 0)
        figures.seconds = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    watcher.join()
    figures.peak_mb = usage.ru_maxrss / 1024
    figures.longest_wait = max(waits, default=0.0)
    figures.median_wait = sorted(waits)[len(waits) // 2] if waits else 0.0
    figures.waits = len(waits)
    if child.returncode:
        figures.errors.append(f"kiosk sync --once exit {child.returncode}: {log.read_text()}")


def copy_floor(url: str, db: Path) -> None:
    """The floor: COPY out of the central into the same tables, one transaction."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("BEGIN IMMEDIATE")
    with psycopg.connect(url) as central, central.cursor() as cursor:
        for table in ("persons", "ledger_entries"):
            names = sql.SQL(", ").join(map(sql.Identifier, registry_store.fields(table)))
            statement = sql.SQL("COPY (SELECT {} FROM {}) TO STDOUT").format(
                names, sql.Identifier(table)
            )
            with cursor.copy(statement) as copy:
                conn.executemany(_SQL[table], copy.rows())
    conn.execute("COMMIT")
    conn.close()


def pull_bench(url: str, folder: Path, people: int, load: str) -> PullFigures:
    figures = PullFigures(people, load)
    began = time.perf_counter()
    if load == "copy":
        copy_registry(url, people)
    else:
        import_registry(url, folder / "registry", people)
    figures.load_seconds = time.perf_counter() - began
    expected = {"persons": people, "ledger_entries": people * 24}
    figures.rows = sum(expected.values())

    hall_folder = folder / "fresh"
    hall_folder.mkdir()
    db = hall_folder / "kiosk.db"
    open_database(db, create=True).close()
    access = add_hall(url, "fresh")
    pull_once(hall_config(hall_folder, db, access.url, "fresh"), db, figures)
    if (got := hall_rows(db)) != expected:
        figures.errors.append(f"the hall holds {got}, not {expected}")
    db.unlink()

    floor = folder / "floor.db"
    open_database(floor, create=True).close()
    began = time.perf_counter()
    copy_floor(url, floor)
    figures.floor_seconds = time.perf_counter() - began
    if (got := hall_rows(floor)) != expected:
        figures.errors.append(f"the floor holds {got}, not {expected}")
    return figures


# --- the table --------------------------------------------------------------------------------


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f}"


def report(args: argparse.Namespace, push: PushFigures, pull: PullFigures, load: str) -> str:
    rows = push.events + push.account_changes + push.audit_rows
    per = max(push.seconds, 1e-9)
    batch_lines = []
    for kind in ("events", "audit rows", "account changes"):
        times = push.batches.get(kind, [])
        batch_lines.append(
            f"| {kind} | {len(times)} | {_ms(times, 0.5)} ms | **{_ms(times, 0.95)} ms** "
            f"| {_ms(times, 1.0)} ms |"
        )
    every = [t for times in push.batches.values() for t in times]
    batch_lines.append(
        f"| all | {len(every)} | {_ms(every, 0.5)} ms | **{_ms(every, 0.95)} ms** "
        f"| {_ms(every, 1.0)} ms |"
    )
    loaded = (
        "COPY straight into `persons` and `ledger_entries` (no file, no checks)"
        if load == "copy"
        else "`kiosk central registry import` of the CSV files"
    )
    errors = push.errors + pull.errors
    command = (
        f"nice .venv/bin/python benchmarks/central.py --halls {args.halls} --events "
        f"{args.events} --people {args.people}" + (" --load copy" if args.load == "copy" else "")
    )
    ratio = pull.floor_seconds / pull.seconds if pull.seconds else 0.0
    return f"""## Central office: {args.halls} halls pushing at once, a fresh hall pulling {args.people:,} people

Command: `{command} --write`

PostgreSQL 15 on the same machine, its own cluster: {", ".join(f"{k}={v}" for k, v in SETTINGS.items())}.

**Push.** {args.halls} halls, each with {args.events:,} outbox events (one in ten
`enrollment.decided`), {args.events:,} audit rows and {max(1, args.events // 10):,} account changes,
all running one round (`sync_round`, as `kiosk sync --once`) at once, a process each:

| | rows | seconds | per second |
|---|---|---|---|
| events | {push.events:,} | {push.seconds:.1f} | **{push.events / per:,.0f} events/s** |
| all rows (events, audit rows, account changes) | {rows:,} | {push.seconds:.1f} | {rows / per:,.0f} rows/s |

CPU during the push: PostgreSQL {push.server_cpu:.1f} s ({rows / max(push.server_cpu, 1e-9):,.0f} rows
per CPU second of the central), the halls' processes {push.halls_cpu:.1f} s, of the
{2 * push.seconds:.1f} s two cores give in that time.

| central transaction of a batch (up to 500 rows, insert to COMMIT) | batches | p50 | p95 | max |
|---|---|---|---|---|
{chr(10).join(batch_lines)}

**Pull.** {args.people:,} persons with 24 ledger rows each, loaded at the central with {loaded}
in {pull.load_seconds:.0f} s; then a fresh hall's `kiosk sync --once`:

| | rows | seconds | rows/s |
|---|---|---|---|
| pull (`kiosk sync --once`, fresh hall) | {pull.rows:,} | {pull.seconds:.1f} | **{pull.rows / max(pull.seconds, 1e-9):,.0f}** |
| floor: COPY out of the central into the same tables, one transaction | {pull.rows:,} | {pull.floor_seconds:.1f} | {pull.rows / max(pull.floor_seconds, 1e-9):,.0f} |
| pull / floor | | | **{ratio:.2f}x** |

| during the pull | |
|---|---|
| longest kiosk wait for the hall's write lock (a kiosk's `Store.write()` every 20 ms, {pull.waits:,} tries; target 200 ms) | **{pull.longest_wait * 1000:.0f} ms** |
| its median wait | {pull.median_wait * 1000:.0f} ms |
| peak RSS of the pulling process | {pull.peak_mb:.0f} MB |

Errors: {len(errors)}{"".join(f"{chr(10)}- {e}" for e in errors)}

Load average (1 min) at the start {args.load_before:.1f}, at the end {os.getloadavg()[0]:.1f}
(2 cores: the central, the halls and the probe share them).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=20)
    parser.add_argument("--events", type=int, default=5000, help="outbox events per hall")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument(
        "--load",
        choices=("import", "copy"),
        default="import",
        help="how the registry reaches the central: kiosk central registry import, or COPY",
    )
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    args.load_before = os.getloadavg()[0]
    load = args.load
    server = PostgresServer(settings=SETTINGS)
    try:
        server.start()
        url = server.create_database("central")
        kiosk("central", "init", "--url", url)
        with tempfile.TemporaryDirectory(prefix="kiosk-central-bench-") as tmp:
            folder = Path(tmp)
            push = push_bench(server, url, folder, args.halls, args.events)
            print(
                f"push: {push.events:,} events in {push.seconds:.1f} s, errors {len(push.errors)}",
                file=sys.stderr,
                flush=True,
            )
            pull = pull_bench(url, folder, args.people, load)
    finally:
        server.stop()
    body = report(args, push, pull, load)
    if args.write:
        name = (
            "central"
            if args.halls == 20 and args.people == 1_000_000
            else f"central-{args.halls}-{args.people}"
        )
        write_section(name, body)
    print(body)
    if push.errors or pull.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
