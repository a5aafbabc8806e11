"""Login: Enter to the painted home screen, against the password hash alone.

    .venv/bin/python benchmarks/login.py [--rounds 15] [--write]

On a demo database (created in a temporary folder), each round times, in this order:
a bare argon2 verify of the same password; the real app (Pilot, headless, 100x40) from
Enter on the password field to the first frame drawn with home and its card
(benchmarks/_frames.py); the same
form refused for a wrong password and for an unknown ID number (Enter to the painted
message); the login service alone for both refusals; and a clerk's Enter to the painted
desk. The lock a wrong password counts toward is cleared after each round.
Target (issue 16): the hash + 50 ms; both refusals the same time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._frames import until_painted  # noqa: E402
from benchmarks._report import write_section  # noqa: E402
from kiosk.config import Config  # noqa: E402
from kiosk.demo.builder import DEMO_STAFF, demo_accounts, ensure_database  # noqa: E402
from kiosk.domain.ids import make_id  # noqa: E402
from kiosk.domain.passwords import verify_password  # noqa: E402
from kiosk.services.terminal import Terminal  # noqa: E402
from kiosk.store import accounts as accounts_store  # noqa: E402

SIZE = (100, 40)
UNKNOWN = make_id("110105", datetime.date(1949, 12, 31), 2)  # valid, in no demo registry
TARGET = 0.050


async def enter_until(config: Config, fields: dict[str, str], done: Callable[[Any], Any]) -> float:
    """Fill the login form, press Enter, and time until `done(app)` and the frame after it."""
    from textual import events

    from kiosk.ui import make_app

    app = make_app(config)
    async with app.run_test(size=SIZE) as pilot:
        if config.mode == "citizen":
            await pilot.click("#log-in")
        await pilot.pause(0.2)
        for name, value in fields.items():
            app.screen.query_one(f"#{name}").value = value
        app.screen.query_one(f"#{name}").focus()
        await pilot.pause(1.5)  # the database opens in its own time, as it would
        gc.collect()  # the apps before this one left garbage: its collection is not the login's
        # The key as a terminal sends it; Pilot's press() would also wait for idle.
        app.post_message(events.Key("enter", "\r"))
        took, _ = await until_painted(app, lambda: done(app))
    app.terminal.close()
    return took


def home_shown(app: Any) -> bool:
    return getattr(app.screen, "card_values", None) is not None and bool(app.screen.card_values)


def refused(app: Any) -> bool:
    return bool(app.screen.query_one("#form-error").display)


def desk_shown(app: Any) -> bool:
    return type(app.screen).__name__ == "StaffDeskScreen"


def measure(rounds: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {
        k: [] for k in ("verify", "login", "ui_wrong", "ui_unknown", "wrong", "unknown", "desk")
    }
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kiosk.db"
        store, _ = ensure_database(db)
        holder = next(a for a in demo_accounts(store) if a.password_works)
        stored = accounts_store.password_hash(store.db, holder.id_number)
        store.close()
        assert stored is not None
        citizen = Config(database=db, language="en")
        desk = citizen.replace(mode="staff")
        clerk_id, _, _, clerk_password = DEMO_STAFF[0]
        terminal = Terminal(citizen)
        for n in range(rounds):
            start = time.perf_counter()
            verify_password(stored, holder.password)
            out["verify"].append(time.perf_counter() - start)
            mine = {"id_number": holder.id_number, "password": holder.password}
            wrong = {"id_number": holder.id_number, "password": "Not-My-Pass-1"}
            unknown = {"id_number": UNKNOWN, "password": "Not-My-Pass-1"}
            out["login"].append(asyncio.run(enter_until(citizen, mine, home_shown)))
            # Alternate the two refusals' order so neither always runs first.
            pair = [("ui_wrong", wrong), ("ui_unknown", unknown)]
            for key, fields in pair if n % 2 else reversed(pair):
                out[key].append(asyncio.run(enter_until(citizen, fields, refused)))
            for key, number in (("wrong", holder.id_number), ("unknown", UNKNOWN)):
                start = time.perf_counter()
                terminal.accounts.log_in(number, "Not-My-Pass-1")
                out[key].append(time.perf_counter() - start)
            staff = {"staff_id": clerk_id, "password": clerk_password}
            out["desk"].append(asyncio.run(enter_until(desk, staff, desk_shown)))
            with terminal.store.write() as write:  # keep the account unlocked for the next round
                write.execute("DELETE FROM lockouts")
            print(f"round {n + 1}: login {out['login'][-1] * 1000:.0f} ms", flush=True)
        terminal.close()
    return out


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def report(figures: dict[str, list[float]], rounds: int) -> str:
    med = {k: statistics.median(v) for k, v in figures.items()}
    over = med["login"] - med["verify"]
    desk_over = med["desk"] - med["verify"]
    verdict = "meets" if over <= TARGET else "misses"
    return f"""## Login: Enter to the painted home screen

Command: `.venv/bin/python benchmarks/login.py --rounds {rounds} --write`

Demo database, real app (Pilot, headless, 100x40), {rounds} rounds, medians.

| | median |
|---|---|
| bare argon2 verify of the same password | {ms(med["verify"])} |
| Enter to the painted home screen | {ms(med["login"])} |
| Enter to the painted message, wrong password | {ms(med["ui_wrong"])} |
| Enter to the painted message, unknown ID number | {ms(med["ui_unknown"])} |
| login service alone, wrong password | {ms(med["wrong"])} |
| login service alone, unknown ID number | {ms(med["unknown"])} |
| a clerk's Enter to the painted desk | {ms(med["desk"])} |

Login costs the hash plus **{ms(over)}**: {verdict} the hash + 50 ms target. It was the hash
+ 140 ms (benchmarks/records.py before this work, which stopped the clock at a callback after
the next refresh; that way, today's code measures the hash + 59 ms: the callbacks queued
before it, such as the login form being taken apart, were counted). A clerk's desk: the hash plus {ms(desk_over)}. An unknown ID number is refused in
{med["ui_unknown"] / med["ui_wrong"]:.2f}x the time of a wrong password on screen
({med["unknown"] / med["wrong"]:.2f}x in the service).

How: while the password is hashed (in another thread, or the hall's hashing service), the
card is read and the home screen composed and styled out of sight (`KioskApp.build_unseen`);
a right password then pushes it, leaving layout and paint; a refusal drops it. An unknown ID
number builds one too, with a stand-in card, so the refusals cost the same.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    body = report(measure(args.rounds), args.rounds)
    if args.write:
        write_section("login", body)
    print(body)


if __name__ == "__main__":
    main()
