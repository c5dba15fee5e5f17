"""The store's database file: safe URLs, checks before SQLite touches it, clear errors.

Every fault of the data directory (read-only, full disk, damaged or foreign
file, a lock held too long) becomes a :class:`StoreError` that says what
happened and what to do (keys ``store.*`` of :mod:`bildungsampel.service.messages`).
Nothing here writes to an existing database file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from indicators.errors import BildungsampelError
from indicators.messages import Message

#: The first 16 bytes of every SQLite 3 database file.
MAGIC = b"SQLite format 3\x00"


class StoreError(BildungsampelError):
    """The store cannot do what was asked (unknown version, nothing published, damaged …)."""


def url(path: Path, *, readonly: bool = False, immutable: bool = False) -> sa.URL:
    """Return the SQLAlchemy URL of the database file ``path``, whatever its name holds.

    The path is never pasted into a URL string: ``?``, ``%`` or ``#`` in a folder
    name stay part of the file name. A read-only connection is a ``file:`` URI
    whose path is percent-quoted.
    """
    if not readonly:
        return sa.URL.create("sqlite", database=str(path.absolute()))
    query = {"mode": "ro", "uri": "true", **({"immutable": "1"} if immutable else {})}
    return sa.URL.create("sqlite", database="file:" + quote(str(path.absolute())), query=query)


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """Return the ``file:`` URI (percent-quoted path) that opens ``path`` read-only."""
    return f"file:{quote(str(path.absolute()))}?mode=ro" + ("&immutable=1" if immutable else "")


def writable(path: Path) -> bool:
    """Return whether ``path`` (a file or folder) may be written.

    Checks the permission bits as well as :func:`os.access`: a file or folder
    marked read-only is treated as read-only even for root, who could write it.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def check_file(path: Path, *, fresh_dir: bool = False) -> bool:
    """Check ``path`` before SQLite opens it; return whether it must be created.

    Refuses, without touching the file, an empty file (unless ``fresh_dir``: the
    folder was just created by this process), a file that is not an SQLite
    database, and a file shorter than its header says (truncated).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return True
    except OSError as err:
        raise cannot_open(path, err) from None
    if size == 0:
        if fresh_dir:
            return True
        raise damaged(path, Message("store.damage.empty"))
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as err:
        raise cannot_open(path, err) from None
    if len(header) < 100 or not header.startswith(MAGIC):
        raise damaged(path, Message("store.damage.not_sqlite", {"head": header[:16], "size": size}))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count in the header is valid when the two change counters agree
    if header[24:28] == header[92:96] and pages and size < pages * page_size:
        expected = pages * page_size
        raise damaged(path, Message("store.damage.truncated", {"size": size, "expected": expected}))
    return False


def said(text: object) -> Message:
    """Return what SQLite or the file system said, as a part of a message (its own words)."""
    return Message("store.damage.said", {"said": str(text)})


def damaged(path: Path, what: Message) -> StoreError:
    """Return the error for a damaged database file; ``what`` says what is wrong with it."""
    return StoreError("store.damaged", path=path, what=what, folder=path.parent)


def read_only(path: Path, detail: Message | None = None) -> StoreError:
    """Return the error for a write refused because the store is read-only (``detail``: why)."""
    why = (
        Message("store.read_only.no_why")
        if detail is None
        else Message("store.read_only.why", {"detail": detail})
    )
    return StoreError("store.read_only", path=path, why=why, folder=path.parent)


def read_only_folder(path: Path, folder: Path) -> StoreError:
    """Return the error for a store whose (parent) folder ``folder`` is read-only."""
    return read_only(path, Message("store.read_only.folder", {"folder": folder}))


def disk_full(path: Path) -> StoreError:
    """Return the error for a write that found the disk full."""
    return StoreError("store.disk_full", path=path)


def cannot_open(path: Path, err: BaseException) -> StoreError:
    """Return the error for a database file or folder that cannot be opened or created."""
    return StoreError("store.cannot_open", path=path, error=str(err), folder=path.parent)


def busy(path: Path) -> StoreError:
    """Return the error for a lock held too long by another process."""
    return StoreError("store.busy", path=path)


def translate(err: BaseException, path: Path) -> StoreError:
    """Turn a database or file-system error into a :class:`StoreError` for ``path``."""
    if isinstance(err, StoreError):
        return err
    orig = err.orig if isinstance(err, sa.exc.DBAPIError) else err
    text = str(orig)
    low = text.lower()
    code = getattr(orig, "errno", None)
    if "disk is full" in low or code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return disk_full(path)
    if "readonly" in low or "read-only" in low or isinstance(orig, PermissionError):
        return read_only(path, said(text))
    if "locked" in low or "busy" in low:
        return busy(path)
    if "unable to open" in low or isinstance(orig, OSError):
        return cannot_open(path, orig or err)
    if isinstance(orig, sqlite3.DatabaseError) or "malformed" in low:
        return damaged(path, said(text))
    return StoreError("store.failed", path=path, error=text)
