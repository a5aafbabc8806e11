"""`kiosk serve` for real: a server process on a free local port over a test database, the
page fetched over HTTP, websockets opened as the page opens them (textual-serve's protocol)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
import psutil
import pytest

from kiosk.config import ConfigError, from_mapping
from kiosk.i18n import translate
from kiosk.web.server import FONT_FAMILY, STATIC, kiosk_command
from tests.helpers.served import HANG_GUARD, Served, serving, wait, write_config

pytestmark = pytest.mark.slow

WELCOME = translate("en", "action.other_ways")  # only the welcome screen offers it


@pytest.fixture
def served(db_path: Path, tmp_path: Path) -> Iterator[Served]:
    with serving(db_path, write_config(tmp_path / "kiosk.toml", tmp_path)) as server:
        yield server


# --- offline: the page names no other host ---------------------------------------------

URL = re.compile(r"""(?i)(?:\b[a-z][a-z0-9+.\-]*:)?//[^\s"'<>()\\,;`]+""")
REFERENCE = re.compile(
    r"""(?i)(?:\b(?:src|href)\s*=\s*["']([^"']+)["'])|(?:url\(\s*["']?([^"')]+)["']?\s*\))"""
    r"""|(?:@import\s+["']([^"']+)["'])"""
)
COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)


def foreign_hosts(text: str, host: str) -> set[str]:
    """Every host named in `text` (a page, a script or a stylesheet) other than `host`:
    `scheme://host`, `//host` and `@import url(http...)` alike. Comments do not load."""
    found = set()
    for match in URL.finditer(COMMENT.sub("", text)):
        named = urlsplit(match.group(0)).netloc.lower()
        if "${" in named:  # a script building a URL from its parts (xterm's link add-on)
            continue
        if named != host.lower():
            found.add(named or match.group(0))
    return found


def local_references(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in REFERENCE.finditer(COMMENT.sub("", text))}


def test_the_checker_finds_an_outside_host():
    host = "127.0.0.1:8000"
    page = (
        '<link rel="stylesheet" href="/static/css/xterm.css">'
        '<script src="ws://127.0.0.1:8000/ws"></script>'
        "<style>@import url(https://fonts.example.com/css?family=X); /* http://ok.example */</style>"
        '<img src="//cdn.example.net/a.png"><a href="http://127.0.0.1:8000/x">'
        "<script>fetch('https://telemetry.example.org/p')</script>"
    )
    assert foreign_hosts(page, host) == {
        "fonts.example.com",
        "cdn.example.net",
        "telemetry.example.org",
    }
    assert local_references(page) >= {"/static/css/xterm.css", "//cdn.example.net/a.png"}
    assert foreign_hosts('<link href="/static/a.css"><script src="js/t.js">', host) == set()


def test_the_served_page_loads_nothing_from_another_host(served: Served):
    async def crawl() -> dict[str, str]:
        fetched: dict[str, str] = {}
        todo = [served.base]
        async with aiohttp.ClientSession() as session:
            while todo:
                url = todo.pop()
                if url in fetched:
                    continue
                async with session.get(url) as response:
                    assert response.status == 200, url
                    fetched[url] = await response.text()
                if urlsplit(url).path.endswith(".js"):
                    continue  # a script's `url(x)` is a call; its hosts are checked below
                for ref in local_references(fetched[url]):
                    target = urljoin(url, ref)
                    if urlsplit(target).netloc == urlsplit(served.base).netloc:
                        if urlsplit(target).scheme == "http":
                            todo.append(target)
        return fetched

    fetched = asyncio.run(crawl())
    host = f"127.0.0.1:{served.port}"
    assert f"{served.base}static/js/textual.js" in fetched
    assert f"{served.base}static/css/xterm.css" in fetched
    for url, text in fetched.items():
        assert not foreign_hosts(text, host), f"{url} names {foreign_hosts(text, host)}"
    page = fetched[served.base]
    assert "<title>Test Hall</title>" in page
    assert 'data-font-size="20"' in page
    assert "Noto Sans Mono CJK SC" in page
    assert "data-lockdown" in page
    assert "Roboto" not in "".join(fetched.values())


def test_the_vendored_script_keeps_the_kiosk_edits():
    """static/NOTICE.md: the edits to textual-serve's script, to redo on an upgrade."""
    script = (STATIC / "js" / "textual.js").read_text(encoding="utf-8")
    assert "fontFamily:e.dataset.fontFamily||" in script
    assert "e.dataset.lockdown||this.terminal.loadAddon(s)" in script
    assert "e.dataset.lockdown||this.terminal.loadAddon(this.weblinksAddon)" in script
    assert 'case"open_url":if(this.element.dataset.lockdown)break;' in script
    assert 'case"deliver_file_start":if(this.element.dataset.lockdown)break;' in script
    assert "Noto Sans Mono CJK SC" in FONT_FAMILY


def test_a_citizen_server_offers_no_downloads(served: Served):
    async def status() -> int:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{served.base}download/anything") as response:
                return response.status

    assert asyncio.run(status()) == 404


# --- one process per connection, none left over ----------------------------------------


async def _screen_text(ws: aiohttp.ClientWebSocketResponse, want: str) -> str:
    """Read the kiosk's output until `want` shows (escape sequences removed)."""
    data = b""
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        message = await ws.receive(timeout=HANG_GUARD)
        if message.type == aiohttp.WSMsgType.BINARY:
            data += message.data
            text = re.sub(rb"\x1b\[[0-9;?$]*[a-zA-Z]", b"", data).decode("utf-8", "replace")
            if want in text:
                return text
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    raise AssertionError(f"hang guard: {want!r} never showed")


def _open_raw_websocket(port: int) -> socket.socket:
    """A websocket handshake by hand, so that the test can drop the TCP connection."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD)
    sock.sendall(
        b"GET /ws?width=100&height=40 HTTP/1.1\r\n"
        + f"Host: 127.0.0.1:{port}\r\n".encode()
        + b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    reply = b""
    while b"\r\n\r\n" not in reply:
        reply += sock.recv(4096)
    assert reply.startswith(b"HTTP/1.1 101"), reply[:80]
    return sock


def test_each_connection_has_its_own_kiosk_and_closing_ends_it(served: Served):
    connections = 3

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            sockets = [await session.ws_connect(served.ws_url) for _ in range(connections)]
            raw = _open_raw_websocket(served.port)
            for ws in sockets:  # each one shows the welcome screen on its own
                await ws.send_json(["resize", {"width": 100, "height": 40}])
                await _screen_text(ws, WELCOME)
            await asyncio.to_thread(
                wait, lambda: len(served.kiosks()) == connections + 1, "a kiosk per connection"
            )
            commands = {" ".join(p.cmdline()) for p in served.kiosks()}
            assert all(" run --db " in c and "--mode citizen" in c for c in commands)
            # One by dropping the TCP connection with no websocket goodbye (a reset).
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            raw.close()
            await asyncio.to_thread(
                wait, lambda: len(served.kiosks()) == connections, "the dropped one ends"
            )
            for ws in sockets:
                await ws.close()
            await asyncio.to_thread(wait, lambda: not served.kiosks(), "every kiosk ends")

    asyncio.run(scenario())
    pid = served.process.pid
    served.process.terminate()
    served.process.wait(HANG_GUARD)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_a_stopped_or_killed_server_leaves_no_kiosk_behind(served: Served, how: str):
    """Stopped, the server ends its kiosks; SIGKILLed, it gives them no chance to hear of
    it, and each kiosk notices by itself."""

    async def scenario() -> list[psutil.Process]:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(served.ws_url)
            await _screen_text(ws, WELCOME)
            kiosks = served.kiosks()
            assert len(kiosks) == 1
            getattr(served.process, how)()
            await asyncio.to_thread(served.process.wait, HANG_GUARD)
            return kiosks

    kiosks = asyncio.run(scenario())
    _, alive = psutil.wait_procs(kiosks, timeout=HANG_GUARD)
    assert not alive, "the kiosk outlived its server"


# A parent that starts a kiosk as the server does (`--parent`, its own id) and then waits;
# the kiosk's stdin is the test's pipe, which stays open when that parent dies.
PARENT = """
import os, subprocess, sys
child = subprocess.Popen(
    [sys.executable, "-m", "kiosk", "run", "--db", sys.argv[1], "--mode", "citizen",
     "--parent", str(os.getpid())],
    stdout=subprocess.DEVNULL,
    env=dict(os.environ, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver"),
)
print(child.pid, flush=True)
child.wait()
"""


def test_a_kiosk_ends_with_its_parent_even_with_its_input_still_open(db_path: Path):
    """Not the end of its input, the parent's death itself ends a served kiosk."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        kiosk = psutil.Process(int(parent.stdout.readline()))
        wait(lambda: kiosk.is_running() and "run" in kiosk.cmdline(), "the kiosk starts")
        parent.kill()
        parent.wait(HANG_GUARD)
        _, alive = psutil.wait_procs([kiosk], timeout=HANG_GUARD)
        assert not alive, "the kiosk outlived its parent"
    finally:
        parent.kill()
        assert parent.stdin is not None
        parent.stdin.close()
        for child in psutil.Process().children(recursive=True):
            if child.is_running() and "kiosk" in " ".join(child.cmdline()):
                child.kill()


def test_a_new_connection_starts_at_the_welcome_screen(served: Served):
    """A reload is a new connection, so a new process: nothing of the one before."""

    async def scenario() -> None:
        async with aiohttp.ClientSession() as session:
            first = await session.ws_connect(served.ws_url)
            await _screen_text(first, WELCOME)
            before = {p.pid for p in served.kiosks()}
            await first.send_json(["stdin", "\r"])  # a key press reaches that kiosk
            await first.close()
            second = await session.ws_connect(served.ws_url)
            await _screen_text(second, WELCOME)
            now = {p.pid for p in served.kiosks()}
            assert now and not now & before, "the second page got the first page's process"
            await second.close()

    asyncio.run(scenario())


# --- the command and the configuration ---------------------------------------------------


def test_each_process_runs_the_servers_database_configuration_and_mode(config, tmp_path):
    command = kiosk_command(config.replace(mode="staff"), str(tmp_path / "k.toml"))
    assert command.startswith("exec ")
    assert f"--db {config.database.resolve()}" in command
    assert f"--config {tmp_path / 'k.toml'}" in command
    assert command.endswith("--mode staff")  # a desk has a keyboard: no --touch
    assert f"--parent {os.getpid()}" in command  # the kiosk ends with the server


def test_citizen_terminals_are_served_as_touch_screens(config):
    assert kiosk_command(config, None).endswith("--mode citizen --touch")
    staff_touch = config.replace(mode="staff", touch=True)
    assert kiosk_command(staff_touch, None).endswith("--mode staff --touch")


def test_the_serve_section_is_read_and_checked():
    default = from_mapping({}).serve
    assert (default.host, default.port, default.font_size, default.title) == (
        "127.0.0.1",
        8000,
        16,
        None,
    )
    serve = from_mapping(
        {"serve": {"host": "0.0.0.0", "port": 8080, "font_size": 24, "title": {"en": "Hall"}}}
    ).serve
    assert (serve.host, serve.port, serve.font_size, serve.title) == (
        "0.0.0.0",
        8080,
        24,
        {"en": "Hall"},
    )
    for bad, field in (
        ({"port": 0}, "serve.port"),
        ({"font_size": 200}, "serve.font_size"),
        ({"host": ""}, "serve.host"),
        ({"title": ""}, "serve.title"),
        ({"tls": True}, "serve.tls"),
    ):
        with pytest.raises(ConfigError) as err:
            from_mapping({"serve": bad})
        assert err.value.field == field
