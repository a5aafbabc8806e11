"""textual-serve's Server, with the kiosk's own page and the citizen-mode lock-down.

textual-serve starts one process per websocket (`AppService`), runs `command` through the
shell and sends it a "quit" when the socket closes; this module decides the command, the
page and what a citizen terminal's page may do. It runs no web server of its own.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from markupsafe import Markup
from textual_serve.server import Server

from kiosk.config import Config, local_text
from kiosk.i18n import translate
from kiosk.services import background_sync
from kiosk.web.hashing import HashService

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# A local font stack with Chinese: Debian's fonts-noto-cjk on each terminal, then any
# monospace font. No web font: the page loads nothing from outside the hall machine.
FONT_FAMILY = "'Noto Sans Mono CJK SC', monospace"

# How long the "session ended" page stays before the terminal starts over by itself.
RESTART_MS = 3000


def kiosk_command(config: Config, config_file: str | None, hash_socket: str | None = None) -> str:
    """The shell command each connection's process runs: `kiosk run` on the same
    database, configuration file and mode as the server. `exec` so that the process
    textual-serve waits for is the kiosk itself, not a shell around it, and the server
    is its parent (--parent: the kiosk ends when the server does); --hash-socket: it
    leaves password hashing to the server's hashing service."""
    argv = [sys.executable, "-m", "kiosk", "run", "--db", str(config.database.resolve())]
    # The kiosk ends with this server, even when the server is killed (no orphans).
    argv += ["--parent", str(os.getpid())]
    if hash_socket:
        argv += ["--hash-socket", hash_socket]
    if config_file:
        argv += ["--config", str(Path(config_file).resolve())]
    argv += ["--mode", config.mode]
    if config.dev:
        argv.append("--dev")
    # The hall's citizen terminals are touch screens without keyboards; a desk served to
    # a browser has a keyboard, unless the configuration says `touch = true`.
    if config.mode == "citizen" or config.touch:
        argv.append("--touch")
    return "exec " + shlex.join(argv)


class KioskServer(Server):
    """One page, one websocket per browser connection, one kiosk process per websocket."""

    def __init__(self, config: Config, config_file: str | None) -> None:
        self.config = config
        self.config_file = config_file
        # One hashing service for the hall: argon2's 64 MiB per hash in this process, two
        # at most at once, instead of in each kiosk at each login (issue 14).
        self.hashing = HashService()
        title = local_text(config.serve.title or config.hall.name, config.language)
        super().__init__(
            kiosk_command(config, config_file, self.hashing.path),
            host=config.serve.host,
            port=config.serve.port,
            title=title,
            statics_path=STATIC,
            templates_path=TEMPLATES,
        )

    def serve(self, debug: bool = False) -> None:
        # The hall's rounds with the central office belong to the server, not to the
        # kiosk each connection starts (kiosk/services/background_sync.py).
        runner = background_sync.start(self.config, self.config_file)
        try:
            with self.hashing:
                super().serve(debug)
        finally:
            background_sync.stop(runner)

    @property
    def lockdown(self) -> bool:
        return self.config.mode == "citizen"

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(
            app,
            loader=jinja2.FileSystemLoader(self.templates_path),
            autoescape=jinja2.select_autoescape(["html"]),
        )
        routes = [
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, name="static"),
        ]
        if not self.lockdown:  # a citizen terminal delivers no files at all
            routes.append(web.get("/download/{key}", self.handle_download, name="download"))
        app.add_routes(routes)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"Serving the kiosk ({self.config.mode} mode) on {self.public_url}")

    @aiohttp_jinja2.template("kiosk.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, with every address on the host the browser asked for (a terminal
        reaches the hall machine by its address in the hall, not by the bind address)."""
        host = request.host
        language = self.config.language
        return {
            "lang": language,
            "title": self.title,
            "static_url": "/static/",
            "websocket_url": f"{'wss' if request.secure else 'ws'}://{host}/ws",
            "font_size": self.config.serve.font_size,
            "font_family_css": Markup(FONT_FAMILY),
            "lockdown": self.lockdown,
            "restart_ms": RESTART_MS,
            "ended": translate(language, "serve.ended"),
            "restart_label": translate(language, "serve.restart"),
        }
