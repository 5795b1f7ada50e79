"""A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl in a temporary folder, listening on a
free localhost port, stopped (and its folder removed) when the test session ends.

Debian's `postgresql` package puts the programs in /usr/lib/postgresql/<version>/bin. PostgreSQL refuses to
run as root, so under root (CI) the cluster runs as the `postgres` user, else as `nobody`, through
`runuser`. Each test that wants a database gets a new one, copied from a template that is already migrated
(`CREATE DATABASE ... TEMPLATE` takes milliseconds).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# The backend the store, web and CLI tests run on (scripts/test.sh runs them once per backend).
BACKEND = os.environ.get("PARLEY_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "postgresql"):
    raise RuntimeError(f"PARLEY_TEST_BACKEND={BACKEND!r}: choose sqlite or postgresql")

TEMPLATE = "parley_template"
USER = "parley"


class Unavailable(RuntimeError):
    """The cluster could not be started (initdb or pg_ctl failed): tests that need it skip, or fail in CI."""


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    for candidate in [shutil.which("pg_ctl"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)]:
        if candidate and Path(candidate).resolve().with_name("initdb").exists():
            return Path(candidate).resolve().parent
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="parley-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.runas: str | None = None
        if os.geteuid() == 0:
            self.runas = "postgres" if _user_exists("postgres") else "nobody"
            pw = pwd.getpwnam(self.runas)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.runas:
            cmd = ["runuser", "-u", self.runas, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)

    def start(self) -> None:
        res = self._run(self.bindir / "initdb", "-D", self.data, "-U", USER, "--auth=trust", "--locale=C",
                        "--encoding=UTF8", "-N")
        if res.returncode != 0:
            raise Unavailable(f"initdb failed: {res.stderr.strip() or res.stdout.strip()}")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=400 "
                   f"-c shared_buffers=64MB")
        res = self._run(self.bindir / "pg_ctl", "-D", self.data, "-l", self.root / "log", "-o", options, "-w",
                        "-t", "60", "start")
        if res.returncode != 0:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            raise Unavailable(f"pg_ctl start failed: {res.stderr.strip()} {log[-2000:]}")
        self._admin(f"CREATE DATABASE {TEMPLATE}")
        from parley.store import postgres

        # Migrating is parley's own work: a failure here is a test failure, never "PostgreSQL unavailable".
        postgres.connect(self.url(TEMPLATE)).close()  # migrate the template once
        postgres.close_pools(self.url(TEMPLATE))  # a template must have no sessions to be copied

    def stop(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, *, migrated: bool = True) -> str:
        """The URL of a new database: a copy of the migrated template, or empty."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
        return self.url(name)


def db_target(request, path: Path) -> str:
    """Where a test's database lives on the backend under test: `path` (SQLite), or the URL of a new
    PostgreSQL database (from the session's `pg_server` fixture)."""
    if BACKEND == "postgresql":
        return request.getfixturevalue("pg_server").new_database()
    return str(path)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
