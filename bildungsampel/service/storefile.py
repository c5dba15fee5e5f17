"""The store's database file: safe URLs, checks before SQLite touches it, clear errors.

Every fault of the data directory (read-only, full disk, damaged or foreign
file, a lock held too long) becomes a :class:`StoreError` that says what
happened and what to do, in German and English. Nothing here writes to an
existing database file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from indicators.errors import BildungsampelError

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
        raise damaged(
            path,
            "the file is empty (0 bytes)",
            "die Datei ist leer (0 Byte)",
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as err:
        raise cannot_open(path, err) from None
    if len(header) < 100 or not header.startswith(MAGIC):
        raise damaged(
            path,
            f"the file is not an SQLite database (first bytes {header[:16]!r}, {size} bytes)",
            f"die Datei ist keine SQLite-Datenbank (erste Bytes {header[:16]!r}, {size} Byte)",
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count in the header is valid when the two change counters agree
    if header[24:28] == header[92:96] and pages and size < pages * page_size:
        raise damaged(
            path,
            f"the file is truncated ({size} bytes; its header says {pages * page_size})",
            f"die Datei ist abgeschnitten ({size} Byte; laut Kopf {pages * page_size})",
        )
    return False


def damaged(path: Path, what: str, what_de: str) -> StoreError:
    """Return the error for a damaged database file."""
    folder = path.parent
    return StoreError(
        f"the store {path} is damaged: {what}. Nothing was changed. Restore the last backup "
        f"with 'bildungsampel restore BACKUP --data-dir {folder}' (backups are made with "
        "'bildungsampel backup DEST'), or move the file away to start a new store",
        message_de=f"Der Datenbestand {path} ist beschädigt: {what_de}. Es wurde nichts "
        f"geändert. Bitte die letzte Sicherung mit 'bildungsampel restore SICHERUNG "
        f"--data-dir {folder}' zurückspielen (Sicherungen entstehen mit 'bildungsampel "
        "backup ZIEL') oder die Datei beiseitelegen und neu beginnen",
    )


def read_only(path: Path, detail: str = "") -> StoreError:
    """Return the error for a write refused because the store is read-only."""
    why = f" ({detail})" if detail else ""
    return StoreError(
        f"the store {path} cannot be written: the data directory or the database file is "
        f"read-only{why}. Nothing was changed. Give the user running Bildungsampel write "
        f"access to {path.parent} and the files in it, or use another --data-dir",
        message_de=f"Der Datenbestand {path} kann nicht geschrieben werden: Datenordner oder "
        f"Datenbankdatei sind schreibgeschützt{why}. Es wurde nichts geändert. Bitte dem "
        f"Benutzer, unter dem Bildungsampel läuft, Schreibrechte auf {path.parent} und die "
        "Dateien darin geben oder einen anderen --data-dir wählen",
    )


def disk_full(path: Path) -> StoreError:
    """Return the error for a write that found the disk full."""
    return StoreError(
        f"the disk holding {path} is full: nothing was written, the published version is "
        "unchanged. Free space on that disk and try again",
        message_de=f"Der Datenträger mit {path} ist voll: es wurde nichts geschrieben, die "
        "veröffentlichte Version ist unverändert. Bitte Platz schaffen und erneut versuchen",
    )


def cannot_open(path: Path, err: BaseException) -> StoreError:
    """Return the error for a database file or folder that cannot be opened or created."""
    return StoreError(
        f"the store {path} cannot be opened or created ({err}). Check that {path.parent} "
        "exists and that the user running Bildungsampel may read and write it",
        message_de=f"Der Datenbestand {path} kann nicht geöffnet oder angelegt werden ({err}). "
        f"Bitte prüfen, ob {path.parent} existiert und der Benutzer, unter dem Bildungsampel "
        "läuft, dort lesen und schreiben darf",
    )


def busy(path: Path) -> StoreError:
    """Return the error for a lock held too long by another process."""
    return StoreError(
        f"the store {path} is busy: another process has held its write lock for more than "
        "60 s. Nothing was changed; try again when the other publish has finished",
        message_de=f"Der Datenbestand {path} ist belegt: ein anderer Vorgang hält die "
        "Schreibsperre seit über 60 s. Es wurde nichts geändert; bitte später erneut versuchen",
    )


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
        return read_only(path, text)
    if "locked" in low or "busy" in low:
        return busy(path)
    if "unable to open" in low or isinstance(orig, OSError):
        return cannot_open(path, orig or err)
    if isinstance(orig, sqlite3.DatabaseError) or "malformed" in low:
        return damaged(path, text, text)
    return StoreError(
        f"the store {path} failed: {text}",
        message_de=f"Fehler im Datenbestand {path}: {text}",
    )
