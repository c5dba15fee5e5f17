"""A throw-away PostgreSQL server for the tests (a pytest plugin, see tests/conftest.py).

``pg_server`` (one per test session, i.e. one per xdist worker) finds Debian's
server binaries (``/usr/lib/postgresql/*/bin/initdb`` and ``pg_ctl``), creates a
cluster in a temporary folder on a free port with its socket in that folder and
stops it at the end. ``pg_url`` gives every test a fresh, empty database of
its own (``CREATE DATABASE … TEMPLATE template0``), so tests are isolated and
safe to run in parallel. Running as root (initdb refuses root), the cluster
belongs to the ``postgres`` OS user.

Without the binaries the tests that need a server are skipped with the reason,
except when ``CI`` is set: there they fail, so CI never silently skips them.
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_counter = itertools.count()


@dataclass(frozen=True)
class PgServer:
    """A running cluster: where its socket is and how to reach a database on it."""

    bindir: Path
    folder: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        """Return the SQLAlchemy URL of ``database`` (unix socket, user postgres, no password)."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={self.port}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run ``sql`` with psql as the superuser; return its output."""
        done = subprocess.run(
            [
                str(self.bindir / "psql"),
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.folder),
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def new_database(self) -> str:
        """Create a fresh, empty database; return its name."""
        name = f"t_{os.getpid()}_{next(_counter)}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE template0")
        return name


def find_bindir() -> Path | None:
    """Return the newest Debian PostgreSQL server ``bin`` folder with initdb and pg_ctl."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    for initdb in reversed(found):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").exists() and (bindir / "psql").exists():
            return bindir
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    """Run ``cmd`` as the ``postgres`` OS user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def start(bindir: Path, *, durable: bool = False) -> PgServer:
    """Create and start a cluster in a new temporary folder.

    Tests need no durability (``fsync=off``); ``durable`` keeps the server's
    defaults, for benchmarks that compare with SQLite's ``synchronous=FULL``.
    """
    folder = Path(tempfile.mkdtemp(prefix="ba-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    data = folder / "data"
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_server_user(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    port = _free_port()
    options = (
        f"-c port={port} -c listen_addresses='' -c unix_socket_directories='{folder}' "
        "-c max_connections=60"
    )
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        _as_server_user(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        ),
        **run,  # type: ignore[call-overload]
    )
    return PgServer(bindir=bindir, folder=folder, port=port)


def stop(server: PgServer) -> None:
    """Stop the cluster and remove its folder."""
    subprocess.run(
        _as_server_user(
            [
                str(server.bindir / "pg_ctl"),
                "-D",
                str(server.folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ]
        ),
        capture_output=True,
        check=False,
    )
    shutil.rmtree(server.folder, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}")
    pytest.skip(f"no PostgreSQL server: {reason}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL cluster for this test session (one per xdist worker)."""
    bindir = find_bindir()
    if bindir is None:
        _unavailable("Debian's /usr/lib/postgresql/*/bin/initdb not found (apt install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed (pip install 'psycopg[binary]')")
    assert bindir is not None
    try:
        server = start(bindir)
    except subprocess.CalledProcessError as err:
        _unavailable(f"{err.cmd[0]} failed: {err.stderr}")
    yield server
    stop(server)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database on the test server."""
    return pg_server.url(pg_server.new_database())


@dataclass(frozen=True)
class StoreAt:
    """Where a test's store lives: a data directory (SQLite) or a database URL (PostgreSQL)."""

    data_dir: Path | None = None
    url: str | None = None

    @property
    def backend(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def arg(self) -> str:
        """The location as one command-line word (a subprocess opens it with :func:`open_at`)."""
        return self.url or str(self.data_dir)

    @property
    def cli(self) -> list[str]:
        """The CLI options that name this store."""
        return ["--database-url", self.url] if self.url else ["--data-dir", str(self.data_dir)]

    def store(self, **kwargs):
        from bildungsampel.service.store import Store

        return Store(self.data_dir, url=self.url, **kwargs)

    def open(self, **kwargs):
        """``publishing.open_store`` here (the sample city into an empty store)."""
        from bildungsampel.service import publishing

        return publishing.open_store(self.data_dir, database_url=self.url, **kwargs)


def open_at(arg: str):
    """Open the store a subprocess was given as :attr:`StoreAt.arg`."""
    from bildungsampel.service.store import Store

    return Store(url=arg) if "://" in arg else Store(arg)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request, tmp_path) -> StoreAt:
    """A fresh store location on each backend: ``tmp_path / "data"``, or a new database."""
    if request.param == "sqlite":
        return StoreAt(data_dir=tmp_path / "data")
    return StoreAt(url=request.getfixturevalue("pg_url"))
