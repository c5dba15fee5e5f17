"""The versioned store of one municipality's published state (SQLAlchemy Core).

SQLite is the embedded default: one file ``bildungsampel.sqlite`` in the data
directory, WAL mode, ``synchronous=FULL``, every write one ``BEGIN IMMEDIATE``
transaction. PostgreSQL (``Store(url=...)``, ``BILDUNGSAMPEL_DATABASE_URL``) is
the multi-user store: the same tables, every write one transaction that first
locks ``state`` (:mod:`.postgres`). Geometries are stored as WKB. Nothing
outside this package writes SQL.

Every publish creates a complete version (areas, catalogue, observations),
built *inside* the write transaction from the version that is current at that
moment plus the new data. Observations live in immutable chunks (one per
indicator and period) that versions share, so a publish writes only the
indicator-periods it touches. Two analysts publishing at the same moment therefore
serialise, and neither write is lost. A process killed mid-publish leaves an
uncommitted transaction that the database rolls back: the previous version stays
current and readable.

The package in phases:

- :mod:`.schema`: the tables;
- :mod:`.connection`: opening a file (probe, engine, atomic creation), faults;
- :mod:`.postgres`: opening a PostgreSQL database, its write lock, its faults;
- :mod:`.dialects`: the :class:`~.dialects.Backend` both implement, the bulk insert;
- :mod:`.versions`: the current pointer, copying a version's rows, chunk counts;
- :mod:`.digests`: checksums and the whole-store check;
- :mod:`.publish`: :class:`Publication` and writing one version;
- :mod:`.reading`: version list, :class:`Snapshot`, comparing versions;
- :mod:`.admin`: rollback, delete, restore, purge;
- :mod:`.backup`, :mod:`.pgdump` and :mod:`.restore`: backups and restoring them;
- :mod:`.repository`: the :class:`Store` that opens connections for all of them.
"""

from bildungsampel.service.consistency import ConsistencyError
from bildungsampel.service.store.publish import Publication
from bildungsampel.service.store.reading import Snapshot
from bildungsampel.service.store.repository import Store, default_data_dir, default_database_url
from bildungsampel.service.store.restore import restore_backup
from bildungsampel.service.store.schema import DB_NAME
from bildungsampel.service.storefile import StoreError

__all__ = [
    "DB_NAME",
    "ConsistencyError",
    "Publication",
    "Snapshot",
    "Store",
    "StoreError",
    "default_data_dir",
    "default_database_url",
    "restore_backup",
]
