"""Backups of a PostgreSQL store with ``pg_dump`` / ``pg_restore`` (custom format).

The programs come with Debian's ``postgresql-client``; without them on the
PATH a backup or restore is refused with a message naming them. The connection
is handed to them in ``PG*`` environment variables, so the password never
appears on a command line (``ps``) or in a message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.store.backup import backup_paths
from bildungsampel.service.store.postgres import PostgresBackend
from bildungsampel.service.storefile import StoreError
from indicators.messages import Message

#: Tables a dump must hold to be a store's backup.
NEEDED = ("versions", "state", "areas")


def _tool(name: str, what: str) -> str:
    """Return the path of ``pg_dump`` or ``pg_restore``, refusing when it is not on the PATH."""
    found = shutil.which(name)
    if found is None:
        raise StoreError("store.pg.tool", tool=name, what=Message(f"store.pg.what.{what}"))
    return found


def _env(backend: PostgresBackend) -> dict[str, str]:
    """Return the environment that points libpq at the store's database."""
    url = backend.url
    query = {k: (v[0] if isinstance(v, tuple) else v) for k, v in url.query.items()}
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host or query.get("host")),
        ("PGPORT", url.port or query.get("port")),
        ("PGUSER", url.username),
        ("PGDATABASE", url.database),
        ("PGPASSWORD", url.password),
    ):
        if value:
            env[key] = str(value)
    return env


def _run(backend: PostgresBackend, cmd: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a client program against the store's database; refuse with what it said."""
    done = subprocess.run(cmd, env=_env(backend), capture_output=True, text=True, check=False)
    if done.returncode:
        said = backend.scrub(done.stderr.strip().splitlines()[-1] if done.stderr else "")
        tool = Path(cmd[0]).name
        raise StoreError(
            "store.failed",
            path=backend.where,
            error=Message("store.pg.tool_failed", {"tool": tool, "said": said}),
        )
    return done


def problems(path: Path) -> list[Message]:
    """Return why ``path`` is not a store's ``pg_dump`` (empty: it lists the store's tables)."""
    tool = _tool("pg_restore", "restore")
    done = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True, check=False)
    if done.returncode:
        said = done.stderr.strip().splitlines()[-1] if done.stderr else ""
        return [Message("store.pg.not_dump", {"said": said})]
    listed = {line.split()[-2] for line in done.stdout.splitlines() if " TABLE DATA " in line}
    missing = [t for t in NEEDED if t not in listed]
    if missing:
        return [Message("store.damage.missing_tables", {"tables": ", ".join(missing)})]
    return []


def write_backup(backend: PostgresBackend, dest: str | Path) -> Path:
    """Dump the store to ``dest`` (a file, or a folder for ``bildungsampel-<time>.dump``)."""
    tool = _tool("pg_dump", "backup")
    target, tmp = backup_paths(dest, suffix=".dump")
    try:
        _run(backend, [tool, "--format=custom", "--no-owner", f"--file={tmp}"])
        found = problems(tmp)
        if found:
            raise backend.damaged(found[0])
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise StoreError("store.backup.exists", target=target) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore(backend: PostgresBackend, source: Path) -> None:
    """Replace the store's tables by the dump ``source`` in one transaction (checked first)."""
    if not source.is_file():
        raise StoreError("store.restore.missing", source=source)
    found = problems(source)
    if found:
        raise StoreError("store.restore.refused", source=source, problem=found[0])
    tool = _tool("pg_restore", "restore")
    _run(
        backend,
        [
            tool,
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--no-owner",
            f"--dbname={backend.url.database}",
            str(source),
        ],
    )
