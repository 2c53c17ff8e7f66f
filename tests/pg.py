"""A private PostgreSQL server for the test session.

``TISSER_TEST_PG_URL`` (any SQLAlchemy/libpq URL of a role allowed to create databases)
selects an existing server. Otherwise the binaries are looked up on PATH and in
``/usr/lib/postgresql/*/bin``, a throw-away cluster is created in a temporary directory and
started on 127.0.0.1 (free port, unix socket in the same directory, durability off for
speed). PostgreSQL refuses to run as root, so as root the cluster belongs to ``postgres``
(or a system user ``tisserpg`` created for the purpose) and runs through ``runuser``.

Each test database is a copy of one migrated template (``CREATE DATABASE ... TEMPLATE``).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import sqlalchemy as sa

from tisser.store import open_store


class PgUnavailable(Exception):
    """The server could not be found or started; the message says why."""


def _find_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    raise PgUnavailable(
        f"{name} not found on PATH nor in /usr/lib/postgresql/*/bin "
        "(run scripts/install-test-deps.sh)"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class PgServer:
    """A running server and the template database test databases are copied from."""

    def __init__(self, admin_url: str, *, owned: bool) -> None:
        self.admin_url = sa.make_url(admin_url).set(drivername="postgresql+psycopg")
        self.owned = owned
        self._counter = itertools.count(1)
        self._tag = f"{os.getpid()}"
        self.template = f"tisser_tpl_{self._tag}"
        self._data: Path | None = None
        self._tmp: Path | None = None
        self._runas: list[str] = []
        self._pg_ctl = ""

    # --- lifecycle ----------------------------------------------------------------------

    @classmethod
    def start(cls) -> PgServer:
        external = os.environ.get("TISSER_TEST_PG_URL")
        server = cls(external, owned=False) if external else cls._start_private()
        try:
            server._make_template()
        except Exception as exc:
            server.stop()
            raise PgUnavailable(f"cannot prepare the template database: {exc}") from exc
        return server

    @classmethod
    def _start_private(cls) -> PgServer:
        initdb, pg_ctl = _find_bin("initdb"), _find_bin("pg_ctl")
        tmp = Path(tempfile.mkdtemp(prefix="tisser-pg-"))
        runas: list[str] = []
        if os.geteuid() == 0:
            user = "postgres" if _user_exists("postgres") else "tisserpg"
            if not _user_exists(user):
                subprocess.run(
                    [
                        "useradd",
                        "--system",
                        "--no-create-home",
                        "--shell",
                        "/usr/sbin/nologin",
                        user,
                    ],
                    check=True,
                    capture_output=True,
                )
            shutil.chown(tmp, user=user)
            tmp.chmod(0o700)
            runas = ["runuser", "-u", user, "--"]
        data, log = tmp / "data", tmp / "server.log"
        port = _free_port()

        def run(args: list[str]) -> None:
            done = subprocess.run([*runas, *args], capture_output=True, text=True, cwd=tmp)
            if done.returncode:
                detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
                raise PgUnavailable(f"{Path(args[0]).name} failed: {' / '.join(detail)}")

        try:
            run(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
            opts = (
                f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off -c full_page_writes=off "
                "-c synchronous_commit=off -c max_connections=50"
            )
            try:
                run(
                    [pg_ctl, "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60", "start"]
                )
            except PgUnavailable as exc:
                tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
                raise PgUnavailable(f"{exc} {tail}") from exc
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        server = cls(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", owned=True)
        server._data, server._tmp, server._runas, server._pg_ctl = data, tmp, runas, pg_ctl
        return server

    def stop(self) -> None:
        if not self.owned:
            with contextlib.suppress(Exception):
                self._drop(self.template)
            return
        if self._data is not None:
            subprocess.run(
                [*self._runas, self._pg_ctl, "-D", str(self._data), "-m", "immediate", "stop"],
                capture_output=True,
            )
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    # --- databases ----------------------------------------------------------------------

    def _admin(self) -> psycopg.Connection:
        url = self.admin_url.set(drivername="postgresql")
        return psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)

    def url_of(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def _make_template(self) -> None:
        self._drop(self.template)
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.template}"')
        open_store(self.url_of(self.template)).close()

    def create_database(self, *, empty: bool = False) -> str:
        """A fresh database (a copy of the migrated template unless ``empty``); its URL."""
        name = f"tisser_t{self._tag}_{next(self._counter)}"
        template = "template0" if empty else self.template
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url_of(name)

    def drop_database(self, url: str) -> None:
        name = sa.make_url(url).database
        if name:
            self._drop(name)

    def _drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
