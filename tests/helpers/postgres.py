"""A real PostgreSQL server for tests: Debian's PostgreSQL 15 on a temporary folder.

`PostgresServer` makes a cluster with initdb in a fresh folder under /tmp, starts the
`postgres` program on a free local port (its unix socket in the same folder), and on
`stop()` shuts it down and removes the folder. The cluster is for tests only: no fsync,
small buffers, so it starts in a second or two.

PostgreSQL refuses to run as root; when the tests do (they do on the hall machines and
in CI), the folder is given to the `postgres` user and every program runs as that user
through setpriv, with the parent-death signal set so a killed test run never leaves a
server behind.

The superuser `postgres` has a random password and the server asks every TCP client
for one (scram-sha-256), so a hall role's login is checked as it would be for real.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg

from tests.helpers.served import free_port

BIN = Path(os.environ.get("KIOSK_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
HANG_GUARD = 60.0  # seconds: only a hang gets this far
RUN_AS = "postgres"


class PostgresMissing(RuntimeError):
    pass


def _check_binaries() -> None:
    missing = [name for name in ("initdb", "postgres") if not (BIN / name).is_file()]
    if missing:
        raise PostgresMissing(
            f"PostgreSQL 15 is needed for these tests and {', '.join(missing)} is not in {BIN}: "
            "install Debian's postgresql-15 (apt-get install postgresql-15), or set "
            "KIOSK_TEST_PG_BIN to the folder that has initdb and postgres"
        )


def _as_server_user() -> list[str]:
    """The command prefix that runs a PostgreSQL program as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        raise PostgresMissing("tests run as root need setpriv (util-linux) to run PostgreSQL")
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        raise PostgresMissing(
            f"tests run as root need the '{RUN_AS}' user (Debian's postgresql package makes it)"
        ) from None
    return [
        "setpriv",
        f"--reuid={RUN_AS}",
        f"--regid={RUN_AS}",
        "--init-groups",
        "--pdeathsig=SIGKILL",
    ]


class PostgresServer:
    """One test cluster. `admin_url(database)` connects as its superuser. `settings` are
    more `-c name=value` for the server, after (so over) the test defaults: a benchmark
    (benchmarks/central.py) turns fsync back on and gives it memory."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        _check_binaries()
        self.settings = dict(settings or {})
        self._prefix = _as_server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder / "socket"
        self.log = self.folder / "postgres.log"
        self.password = secrets.token_urlsafe(18)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.socket_dir.mkdir()
        if self._prefix:
            account = pwd.getpwnam(RUN_AS)
            for path in (self.folder, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._initdb()

    def _initdb(self) -> None:
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._prefix:
            account = pwd.getpwnam(RUN_AS)
            os.chown(pwfile, account.pw_uid, account.pw_gid)
        pwfile.chmod(0o600)
        result = subprocess.run(
            [
                *self._prefix,
                str(BIN / "initdb"),
                "--pgdata",
                str(self.data),
                "--username=postgres",
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        pwfile.unlink()
        if result.returncode:
            raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> None:
        """Start the server (again, after stop(keep=True) or kill()) and wait until it answers."""
        self.port = self.port or free_port()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    *self._prefix,
                    str(BIN / "postgres"),
                    "-D",
                    str(self.data),
                    "-p",
                    str(self.port),
                    "-k",
                    str(self.socket_dir),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    # a test cluster: nothing here needs to survive a power cut
                    "-c",
                    "fsync=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "shared_buffers=16MB",
                    "-c",
                    "max_connections=60",
                    "-c",
                    "logging_collector=off",
                    *(arg for item in self.settings.items() for arg in ("-c", "=".join(item))),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + HANG_GUARD
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start:\n{self.log.read_text()[-4000:]}")
            try:
                psycopg.connect(self.admin_url(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise AssertionError("hang guard: PostgreSQL did not answer") from None
                time.sleep(0.05)

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{quote(self.password, safe='')}@127.0.0.1:{self.port}/{database}"

    def url(self, user: str, password: str, database: str) -> str:
        return (
            f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}"
            f"@127.0.0.1:{self.port}/{database}"
        )

    def kill(self) -> None:
        """SIGKILL the server and its backends (a crash); start() brings it back through
        crash recovery. What was committed is kept: commits wait for their WAL write (to
        the operating system: fsync is off, the machine does not crash here)."""
        if self.process is not None and self.process.poll() is None:
            server = psutil.Process(self.process.pid)
            processes = [server, *server.children(recursive=True)]
            for process in processes:
                try:
                    process.kill()
                except psutil.NoSuchProcess:
                    pass
            self.process.wait()
            psutil.wait_procs(processes, timeout=HANG_GUARD)
        self.process = None

    def stop(self, *, keep: bool = False) -> None:
        """Shut down (fast: open connections are cut) and, unless `keep`, remove the folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown
            try:
                self.process.wait(HANG_GUARD)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if not keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def create_database(self, name: str) -> str:
        """A new empty database; returns the superuser's URL to it."""
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.admin_url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database and the roles named for it (a hall's role is `hall@database`)."""
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            roles = conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s ORDER BY rolname LIKE 'halls@%%'",
                (f"%@{name}",),
            ).fetchall()
            for (role,) in roles:
                conn.execute(f'DROP ROLE "{role}"')
