"""Kiosk and desk processes on one database file for a fixed time; figures to docs/reliability.md.

    .venv/bin/python benchmarks/concurrency.py [--kiosks 4] [--desks 2] [--seconds 120]

Each process works as fast as it can (activations, logins and enrollments at a
kiosk; reviews and unlocks at a desk): far more load than a hall makes, so the
write lock is contended all the time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._reliability import DOC, HEAD, demo_file  # noqa: E402
from benchmarks._report import write_section  # noqa: E402
from tests.helpers.concurrency import run_load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--desks", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = demo_file(tmp, people=2000)
        report = run_load(path, args.kiosks, args.desks, args.seconds)
    rows = "\n".join(
        f"| {kind} | {n} | {n / report.seconds:.1f} | {report.worst_ms.get(kind, 0):.0f} |"
        for kind, n in sorted(report.operations.items())
    )
    total = sum(report.operations.values())
    body = f"""## Concurrent terminals

`.venv/bin/python benchmarks/concurrency.py --kiosks {args.kiosks} --desks {args.desks} --seconds {args.seconds:g}`

{args.kiosks} kiosk and {args.desks} desk processes on one file for {report.seconds:.0f} s
(2 cores): {total} operations, **{report.per_second:.1f} per second** in all. "Busy"
answers that reached a terminal: **{report.busy}**. Reported saved but missing from the
database or the audit log: **{len(report.lost)}**. `kiosk check` problems afterwards:
**{len(report.problems)}**. Process errors: **{len(report.errors)}**.

| operation | committed | per second | worst time, ms (includes waiting for the write lock and argon2) |
|---|---|---|---|
{rows}
"""
    write_section("concurrency", body, DOC, HEAD)
    print(body)
    for line in report.errors + report.lost + report.problems:
        print(line)
    sys.exit(0 if not (report.errors or report.lost or report.problems or report.busy) else 1)


if __name__ == "__main__":
    main()
