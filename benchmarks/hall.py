"""One hall machine under load: citizen and desk sessions at once through `kiosk serve`.

    .venv/bin/python benchmarks/hall.py [--citizens 8] [--desks 2] [--rounds 5] [--think 1]
        [--write]

Two `kiosk serve` processes (citizen mode and `--mode staff`) on a temporary demo database;
each session is a scripted client speaking textual-serve's browser protocol over a real
websocket (what static/js/textual.js sends: `resize`, then `stdin` with the bytes xterm.js
would send). A tap is an SGR mouse press and release at the middle of a button, found on
the session's own copy of the screen (the frames it received, replayed into a character
grid). Typing is keyboard input.

Each session waits about --think seconds (1 s by default: a quick reader) on each screen
before its next tap, as a person does: half to one and a half times it, seeded per session,
so the sessions do not tap in lock-step; `--think 0` turns the hall into a saturation test.

Citizen loop: log in (a distinct holder per session), My records, Back, My e-voucher,
Back, Log out. Desk loop: staff log in, find a citizen by name, open the first row,
back to the desk, log out.

Tap-to-painted-frame latency: from sending the tap to the last byte of the output burst
that paints the screen the tap leads to. The burst ends when the expected text is on the
session's screen and no byte has come for QUIET seconds; the quiet window itself is not
counted (latency = time of the burst's last byte - time the tap was sent).

Memory: the resident set (psutil RSS) of each session's `kiosk run` process after each
round, and its peak (the kernel's high-water mark, VmHWM, so a short spike counts); the
servers' RSS at the end and their peaks (they host the hall's password hashing).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import datetime
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psutil
from rich.cells import get_character_cell_size

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import write_section  # noqa: E402
from kiosk.config import Config  # noqa: E402
from kiosk.demo.builder import (  # noqa: E402
    DEFAULT_PEOPLE,
    DEMO_STAFF,
    demo_accounts,
    fill_demo_registry,
)
from kiosk.demo.registry import build_demo_registry  # noqa: E402
from kiosk.i18n import translate  # noqa: E402
from kiosk.services.accounts import AccountService  # noqa: E402
from kiosk.services.database import open_database  # noqa: E402

DOT = "\N{BULLET}"  # how a password field shows each character
QUIET = 0.04  # seconds without output that end a burst
TIMEOUT = 60.0  # seconds: only a hang waits this long for a screen
WIDTH, HEIGHT = 100, 40
EXTRA_PASSWORD = "Hall-Bench-{n:02d}"


def t(key: str) -> str:
    return translate("en", key)


# --- the session's copy of the screen ----------------------------------------------------

CSI = re.compile(rb"\x1b\[([0-9;?<>=!$ ]*)([@-~])")
OTHER_ESC = re.compile(
    rb"\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[()][0-9A-Za-z]|[=>78])"
)


class Grid:
    """Just enough of a terminal for Textual's output: cursor moves (CSI H, CUF, CR/LF)
    and printed characters, wide ones taking two cells; colours and modes are ignored."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self.pending = b""

    def feed(self, data: bytes) -> None:
        data = self.pending + data
        self.pending = b""
        # keep an unfinished escape sequence or UTF-8 character for the next chunk
        cut = data.rfind(b"\x1b")
        if cut != -1 and len(data) - cut < 64 and not CSI.match(data, cut):
            if not OTHER_ESC.match(data, cut):
                data, self.pending = data[:cut], data[cut:]
        pos = 0
        text = bytearray()
        while pos < len(data):
            if data[pos] == 0x1B:
                self._text(bytes(text))
                text.clear()
                match = CSI.match(data, pos)
                if match:
                    self._csi(match.group(1), match.group(2))
                    pos = match.end()
                    continue
                match = OTHER_ESC.match(data, pos)
                pos = match.end() if match else pos + 1
                continue
            text.append(data[pos])
            pos += 1
        tail = bytes(text)
        # an incomplete UTF-8 sequence at the end waits for the next chunk
        for back in range(1, 4):
            if len(tail) >= back and tail[-back] & 0xC0 == 0xC0:
                if (
                    (tail[-back] >= 0xF0 and back < 4)
                    or (tail[-back] >= 0xE0 and back < 3)
                    or (tail[-back] >= 0xC0 and back < 2)
                ):
                    self.pending = tail[-back:] + self.pending
                    tail = tail[:-back]
                break
        self._text(tail)

    def _csi(self, params: bytes, final: bytes) -> None:
        if params[:1] in (b"?", b"<", b">", b"="):
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(b";")] if params else []
        if final in (b"H", b"f"):
            row = numbers[0] if numbers and numbers[0] else 1
            col = numbers[1] if len(numbers) > 1 and numbers[1] else 1
            self.y, self.x = min(row, self.height) - 1, min(col, self.width) - 1
        elif final == b"C":
            self.x = min(self.width - 1, self.x + (numbers[0] if numbers and numbers[0] else 1))
        elif final == b"G":
            self.x = min(self.width, numbers[0] if numbers and numbers[0] else 1) - 1
        elif final == b"J" and numbers[:1] in ([2], [3]):
            self.cells = [[" "] * self.width for _ in range(self.height)]
        elif final == b"K" and 0 <= self.y < self.height:
            mode = numbers[0] if numbers else 0
            start, end = {0: (self.x, self.width), 1: (0, self.x + 1)}.get(mode, (0, self.width))
            self.cells[self.y][start:end] = [" "] * (min(end, self.width) - start)
        elif final == b"X" and 0 <= self.y < self.height:
            end = min(self.width, self.x + (numbers[0] if numbers and numbers[0] else 1))
            self.cells[self.y][self.x : end] = [" "] * (end - self.x)

    def _text(self, raw: bytes) -> None:
        for char in raw.decode("utf-8", "replace"):
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.height - 1, self.y + 1)
            elif char >= " ":
                size = get_character_cell_size(char)
                if 0 <= self.y < self.height and 0 <= self.x < self.width:
                    self.cells[self.y][self.x] = char
                    if size == 2 and self.x + 1 < self.width:
                        self.cells[self.y][self.x + 1] = ""
                self.x += size

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.lines())

    def find(self, label: str) -> tuple[int, int] | None:
        """(column, row), 0-based, of the middle of the lowest `label` on screen (buttons
        are docked at the bottom, titles above them)."""
        for y in range(self.height - 1, -1, -1):
            columns = [x for x, c in enumerate(self.cells[y]) if c]  # wide: one entry
            line = "".join(self.cells[y])
            at = line.find(label)
            if at != -1:
                first, last = columns[at], columns[at + len(label) - 1]
                return (first + last) // 2, y
        return None


def high_water_mark(pid: int) -> int:
    """The kernel's peak RSS of a process (VmHWM), which sampling could miss; 0 if unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) * 1024 if match else 0


# --- one session -------------------------------------------------------------------------


class SessionError(Exception):
    pass


@dataclass
class Session:
    name: str
    url: str
    taps: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # From the tap to the first frame that answers it (the pressed button, or a message).
    first: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    server: psutil.Process | None = None
    process: psutil.Process | None = None
    rss_now: int = 0
    rss_peak: int = 0
    rss_rounds: list[int] = field(default_factory=list)
    think: float = 0.0  # seconds a person looks at a screen before the next tap
    cpu_seconds: float = 0.0  # CPU time of its kiosk process during the rounds

    @property
    def citizen(self) -> bool:
        return self.name.startswith("citizen")

    def __post_init__(self) -> None:
        self.grid = Grid(WIDTH, HEIGHT)
        self.last_byte = 0.0
        self.first_byte: float | None = None
        self.pace = random.Random(self.name)
        self.arrived = asyncio.Event()
        self.closed = False

    def cpu(self) -> float:
        if self.process is None:
            return 0.0
        try:
            times = self.process.cpu_times()
        except psutil.NoSuchProcess:
            return 0.0
        return float(times.user + times.system)

    def sample(self) -> None:
        if self.process is not None:
            try:
                self.rss_now = self.process.memory_info().rss
            except psutil.NoSuchProcess:
                return
            self.rss_peak = max(self.rss_peak, self.rss_now, high_water_mark(self.process.pid))

    async def reader(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.last_byte = time.perf_counter()
                if self.first_byte is None:
                    self.first_byte = self.last_byte
                self.grid.feed(message.data)
                self.arrived.set()
        self.closed = True
        self.arrived.set()

    async def settle(self, want: str, since: float, gone: str | None = None) -> float:
        """Wait until `want` is on screen (and `gone` is not) and the output has been
        quiet for QUIET; return the time of the last byte of that burst."""
        deadline = time.perf_counter() + TIMEOUT
        while True:
            now = time.perf_counter()
            if self.closed:
                raise SessionError(f"connection closed waiting for {want!r}")
            if now > deadline:
                raise SessionError(f"{want!r} never showed:\n{self.grid.text()}")
            text = self.grid.text()
            shown = want in text and (gone is None or gone not in text) and self.last_byte > since
            if shown and now - self.last_byte >= QUIET:
                return self.last_byte
            self.arrived.clear()
            wait = QUIET - (now - self.last_byte) if shown else deadline - now
            try:
                await asyncio.wait_for(self.arrived.wait(), max(wait, 0.001))
            except TimeoutError:
                pass

    async def tap(
        self,
        ws: aiohttp.ClientWebSocketResponse,
        label: str,
        want: str,
        action: str,
        gone: str | None = None,
    ) -> None:
        """Tap the button `label` after the think time; `action` names the measurement."""
        # People look at a screen for different times: half to one and a half times the
        # think time (seeded per session), or ten sessions would tap in lock-step forever.
        await asyncio.sleep(self.think * self.pace.uniform(0.5, 1.5))
        spot = self.grid.find(label)
        if spot is None:
            raise SessionError(f"no {label!r} to tap:\n{self.grid.text()}")
        x, y = spot[0] + 1, spot[1] + 1
        self.first_byte = None
        sent = time.perf_counter()
        await ws.send_json(["stdin", f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"])
        painted = await self.settle(want, sent, gone)
        self.taps[action].append(painted - sent)
        self.first[action].append((self.first_byte or painted) - sent)
        if os.environ.get("HALL_TRACE"):
            print(f"{self.name} {action} {(painted - sent) * 1000:.0f} ms", flush=True)

    async def type(self, ws: aiohttp.ClientWebSocketResponse, text: str, echo: str) -> None:
        """Keys (not measured); wait until `echo` shows (a password shows as dots)."""
        sent = time.perf_counter()
        await ws.send_json(["stdin", text])
        await self.settle(echo, sent)


# Each tap names what the screen it leads to shows and what the screen it leaves shows
# (absent from the new one): the painted frame is the one where both hold.
LOG_OUT, BACK, FIND = t("action.log_out"), t("action.back"), t("action.find")


async def citizen_round(
    s: Session, ws: aiohttp.ClientWebSocketResponse, who: tuple[str, str]
) -> None:
    id_number, password = who
    other_ways, id_label = t("action.other_ways"), t("field.id_number")
    await s.tap(ws, t("action.log_in"), id_label, "citizen: welcome > login form", other_ways)
    await s.type(ws, id_number, id_number)
    await s.type(ws, "\r" + password, DOT * len(password))
    await s.tap(ws, t("action.log_in"), LOG_OUT, "citizen: log in > home *")
    await s.tap(ws, t("action.records"), BACK, "citizen: home > records", LOG_OUT)
    await s.tap(ws, BACK, LOG_OUT, "citizen: records > home", BACK)
    await s.tap(ws, t("action.voucher"), BACK, "citizen: home > e-voucher", LOG_OUT)
    await s.tap(ws, BACK, LOG_OUT, "citizen: e-voucher > home", BACK)
    await s.tap(ws, LOG_OUT, other_ways, "citizen: log out > welcome", LOG_OUT)


async def desk_round(
    s: Session, ws: aiohttp.ClientWebSocketResponse, who: tuple[str, str, str, str]
) -> None:
    staff_id, password, query, name = who
    staff_label, open_card = t("field.staff_id"), t("desk.open_card")
    await s.type(ws, staff_id, staff_id)
    await s.type(ws, "\r" + password, DOT * len(password))
    await s.tap(ws, t("action.log_in"), FIND, "desk: log in > desk *", staff_label)
    await s.type(ws, query, query)
    await s.tap(ws, FIND, t("desk.col_birth_date"), "desk: find by ID number > list")
    await s.tap(ws, name, open_card, "desk: row > citizen", FIND)
    await s.tap(ws, BACK, FIND, "desk: citizen > desk", open_card)
    await s.tap(ws, LOG_OUT, staff_label, "desk: log out > staff login", FIND)


Script = Callable[[Session, aiohttp.ClientWebSocketResponse, Any], Awaitable[None]]


async def run_session(
    s: Session, rounds: int, script: Script, who: tuple[str, ...], hall: Hall
) -> None:
    try:
        async with aiohttp.ClientSession() as http:
            # One connection at a time, so that each session knows its kiosk process.
            async with hall.connecting:
                try:
                    ws = await http.ws_connect(s.url)
                    reading = asyncio.create_task(s.reader(ws))
                    await ws.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
                    first = t("action.other_ways") if s.citizen else t("field.staff_id")
                    await s.settle(first, 0.0)
                    s.process = hall.new_kiosk(s.server)
                finally:
                    hall.arrived()
            await hall.all_connected.wait()
            cpu_before = s.cpu()
            try:
                for _ in range(rounds):
                    try:
                        await script(s, ws, who)
                    except SessionError as err:
                        s.errors.append(f"{s.name}: {err}")
                        break
                    s.sample()
                    s.rss_rounds.append(s.rss_now)
            finally:
                s.cpu_seconds = s.cpu() - cpu_before
                await ws.close()
                reading.cancel()
    except Exception as err:  # a session that cannot even connect is one error
        s.errors.append(f"{s.name}: {type(err).__name__}: {err}")


class Hall:
    """The sessions' meeting point: one connects at a time, all start their rounds together."""

    def __init__(self, sessions: int) -> None:
        self.connecting = asyncio.Lock()
        self.all_connected = asyncio.Event()
        self.waiting = sessions
        self.claimed: set[int] = set()

    def arrived(self) -> None:
        self.waiting -= 1
        if self.waiting <= 0:
            self.all_connected.set()

    def new_kiosk(self, server: psutil.Process | None) -> psutil.Process | None:
        if server is None:
            return None
        fresh = [p for p in server.children(recursive=True) if p.pid not in self.claimed]
        if len(fresh) != 1:
            return None
        self.claimed.add(fresh[0].pid)
        return fresh[0]


# --- the servers ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, folder: Path, mode: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    config_file = folder / f"{mode}.toml"
    config_file.write_text(
        f'language = "en"\nlog_file = "{folder / (mode + ".log")}"\n', encoding="utf-8"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "serve", "--db", str(db), "--config", str(config_file)]
        + ["--port", str(port), "--mode", mode],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"kiosk serve --mode {mode} did not start")


def stop_server(process: subprocess.Popen) -> None:
    children = psutil.Process(process.pid).children(recursive=True)
    process.terminate()
    try:
        process.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
    _, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()


def prepare_database(folder: Path, citizens: int) -> tuple[Path, list[tuple[str, str]], str]:
    """A demo database with at least `citizens` activated holders (the demo's five, then
    adults of the demo registry given a password by the account service)."""
    path = folder / "kiosk.db"
    store = open_database(path, create=True)
    fill_demo_registry(store)
    holders = [(a.id_number, a.password) for a in demo_accounts(store) if a.password_works]
    names = [a.name for a in demo_accounts(store)]
    if len(holders) < citizens:
        plan = build_demo_registry(2026, DEFAULT_PEOPLE, datetime.date.today())
        accounts = AccountService(store, Config(database=path), datetime.datetime.now)
        taken = {h[0] for h in holders}
        for person in plan.persons:
            if len(holders) >= citizens:
                break
            if person["id_number"] in taken or person["birth_date"] > "1990":
                continue
            password = EXTRA_PASSWORD.format(n=len(holders) + 1)
            outcome = accounts.first_password(
                person["id_number"], person["birth_date"], password, password, lambda db: None
            )
            if outcome.ok:
                holders.append((person["id_number"], password))
    store.close()
    return path, holders, names[0]  # the first holder's ID number and name


# --- memory ------------------------------------------------------------------------------


async def sample_memory(sessions: list[Session], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for s in sessions:
            s.sample()
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except TimeoutError:
            pass


# --- the run -----------------------------------------------------------------------------


@dataclass
class Report:
    sessions: list[Session]
    server_rss: list[int]
    seconds: float
    server_peak: list[int] = field(default_factory=list)
    load: float = 0.0  # the machine's load average (1 min) when the run started

    @property
    def errors(self) -> list[str]:
        return [e for s in self.sessions for e in s.errors]

    @property
    def taps(self) -> dict[str, list[float]]:
        taps: dict[str, list[float]] = defaultdict(list)
        for s in self.sessions:
            for action, values in s.taps.items():
                taps[action].extend(values)
        return taps

    @property
    def firsts(self) -> list[float]:
        return [v for s in self.sessions for values in s.first.values() for v in values]

    def all_taps(self, with_login: bool = True) -> list[float]:
        return [
            v
            for action, values in self.taps.items()
            if with_login or not action.endswith("*")
            for v in values
        ]


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


async def load(citizens: int, desks: int, rounds: int, think: float) -> Report:
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, holders, name = prepare_database(folder, citizens)
        servers = [start_server(db, folder, "citizen"), start_server(db, folder, "staff")]
        try:
            watched = [psutil.Process(p.pid) for p, _ in servers]
            (_, citizen_port), (_, staff_port) = servers
            hall = Hall(citizens + desks)
            sessions: list[Session] = []
            jobs = []
            for n in range(citizens):
                url = f"ws://127.0.0.1:{citizen_port}/ws?width={WIDTH}&height={HEIGHT}"
                s = Session(f"citizen{n + 1}", url, server=watched[0], think=think)
                sessions.append(s)
                jobs.append(run_session(s, rounds, citizen_round, holders[n % len(holders)], hall))
            staff = [(sid, pw) for sid, _, _, pw in DEMO_STAFF]
            for n in range(desks):
                url = f"ws://127.0.0.1:{staff_port}/ws?width={WIDTH}&height={HEIGHT}"
                s = Session(f"desk{n + 1}", url, server=watched[1], think=think)
                sessions.append(s)
                sid, pw = staff[n % len(staff)]
                jobs.append(
                    run_session(s, rounds, desk_round, (sid, pw, holders[0][0], name), hall)
                )
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(sessions, stop))
            started = time.perf_counter()
            await asyncio.gather(*jobs)
            seconds = time.perf_counter() - started
            stop.set()
            await sampler
            server_rss = [p.memory_info().rss for p in watched]
            server_peak = [high_water_mark(p.pid) for p in watched]
        finally:
            for process, _ in servers:
                stop_server(process)
    return Report(sessions, server_rss, seconds, server_peak, load_average)


def ms(value: float) -> str:
    return f"{value * 1000:.0f}"


MB = 1024 * 1024


def memory_row(kind: str, sessions: list[Session]) -> str:
    peaks = [s.rss_peak for s in sessions if s.rss_peak] or [0]
    first = [s.rss_rounds[0] for s in sessions if s.rss_rounds] or [0]
    last = [s.rss_rounds[-1] for s in sessions if s.rss_rounds] or [0]
    return (
        f"| {kind} | {len(sessions)} | {statistics.median(first) / MB:.0f} "
        f"| {statistics.median(last) / MB:.0f} | {statistics.median(peaks) / MB:.0f} "
        f"| {max(peaks) / MB:.0f} |"
    )


def cpu_line(report: Report, rounds: int) -> str:
    """How much CPU the kiosks asked of the machine: a figure that the other engineers'
    work on the same cores does not inflate as much as the latencies."""
    parts = []
    for kind, group in (("citizen", True), ("desk", False)):
        used = [s.cpu_seconds for s in report.sessions if s.citizen is group and s.process]
        if used:
            parts.append(f"{kind} {statistics.median(used) / rounds * 1000:.0f} ms")
    total = sum(s.cpu_seconds for s in report.sessions)
    cores = total / report.seconds if report.seconds else 0.0
    return (
        "CPU time of one kiosk process per round (median): "
        + ", ".join(parts)
        + f"; all kiosks together kept {cores:.2f} of the 2 cores busy during the run."
    )


def render(report: Report, args: argparse.Namespace) -> str:
    every, plain = report.all_taps(), report.all_taps(with_login=False)
    rows = "\n".join(
        f"| {action} | {len(v)} | {ms(statistics.median(v))} | {ms(percentile(v, 95))} "
        f"| {ms(max(v))} |"
        for action, v in sorted(report.taps.items())
    )

    def summary(label: str, values: list[float]) -> str:
        if not values:
            return f"| {label} | 0 | | | |"
        return (
            f"| **{label}** | {len(values)} | **{ms(statistics.median(values))}** "
            f"| **{ms(percentile(values, 95))}** | {ms(max(values))} |"
        )

    citizens = [s for s in report.sessions if s.citizen]
    desks = [s for s in report.sessions if not s.citizen]
    largest = max((s.rss_peak for s in report.sessions), default=0)
    p95 = percentile(every, 95)
    return f"""## Hall: {args.citizens} citizen and {args.desks} desk sessions through `kiosk serve`

Command: `.venv/bin/python benchmarks/hall.py --citizens {args.citizens} --desks {args.desks} --rounds {args.rounds} --think {args.think:g} --write`

Run on {datetime.date.today().isoformat()}, on the 2-core machine (load average {report.load:.1f} when
it started). {len(report.sessions)} sessions at once for {report.seconds:.0f} s,
{args.rounds} rounds each, {args.think:g} s between a screen and the next tap, {len(every)} taps; **errors: {len(report.errors)}**.

| tap: screen > screen it paints | taps | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
{rows}
{summary("all taps", every)}
{summary("all taps but the logins (*)", plain)}

\\* the login taps include the password hash (argon2, slow on purpose) and the home screen.

The first frame that answers a tap (the button drawn pressed, a message) came after
**{ms(percentile(report.firsts, 50))} ms** (p50) and **{ms(percentile(report.firsts, 95))} ms** (p95) over all {len(report.firsts)} taps, logins included.

| memory (RSS of each `kiosk run`) | sessions | after round 1, MB | after the last round, MB | peak (median), MB | peak (largest), MB |
|---|---|---|---|---|---|
{memory_row("citizen", citizens)}
{memory_row("desk", desks)}

{cpu_line(report, args.rounds)}

The two `kiosk serve` processes at the end: {", ".join(f"{v / MB:.0f} MB" for v in report.server_rss)}; their peaks (the hall's password hashing runs in them, at most two argon2 hashes at once each, and a server keeps the 64 MiB of each verify it has run at once for the next one): {", ".join(f"{v / MB:.0f} MB" for v in report.server_peak)}.

Targets: p95 under 300 ms: {"met" if p95 < 0.3 else "missed"} for the whole screen change ({ms(p95)} ms; {ms(percentile(plain, 95))} ms without the logins),
{"met" if percentile(report.firsts, 95) < 0.3 else "missed"} for the first answering frame ({ms(percentile(report.firsts, 95))} ms); under 120 MB per
session: {"met" if largest < 120 * MB else "missed"} (largest peak {largest / MB:.0f} MB).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=8)
    parser.add_argument("--desks", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds before each tap (default 1)"
    )
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args(argv)
    # As an installed kiosk has them (benchmarks/startup.py does the same): with
    # PYTHONDONTWRITEBYTECODE set, each new kiosk process would compile the source again.
    compileall.compile_dir(ROOT / "kiosk", quiet=1)
    report = asyncio.run(load(args.citizens, args.desks, args.rounds, args.think))
    body = render(report, args)
    if args.write:
        write_section("hall", body)
    print(body)
    for line in report.errors:
        print(line)
    if os.environ.get("HALL_TRACE"):
        for s in report.sessions:
            print(s.name, "RSS after each round, MB:", [round(v / MB) for v in s.rss_rounds])
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
