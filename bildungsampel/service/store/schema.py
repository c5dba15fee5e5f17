"""The tables of a store (SQLAlchemy Core metadata); nothing here touches a database.

A store holds versions; each version lists its areas, its catalogue entries and
the observation chunks it shares with other versions. ``state`` holds the
current pointer, ``digests`` the checksums of what each version holds.
"""

from __future__ import annotations

import sqlalchemy as sa

DB_NAME = "bildungsampel.sqlite"

metadata = sa.MetaData()
versions = sa.Table(
    "versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("source_name", sa.String(500), nullable=False, default=""),
    sa.Column("sha256", sa.String(64), nullable=False, default=""),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("based_on", sa.Integer, nullable=True),
    sa.Column("crs", sa.Text, nullable=False, default=""),
    sa.Column("source_crs", sa.Text, nullable=False, default=""),
    sa.Column("city_name", sa.String(200), nullable=False, default=""),
    sa.Column("n_areas", sa.Integer, nullable=False, default=0),
    sa.Column("n_indicators", sa.Integer, nullable=False, default=0),
    sa.Column("n_observations", sa.Integer, nullable=False, default=0),
    sa.Column("deleted_at", sa.String(40), nullable=True),
)
areas = sa.Table(
    "areas",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("area_name", sa.Text, nullable=False),
    sa.Column("parent_id", sa.Text, nullable=True),
    sa.Column("geometry", sa.LargeBinary, nullable=False),
    sa.PrimaryKeyConstraint("version_id", "area_id"),
)
#: The levels of a version in the city's words, lowest first (position 0: the areas above).
#: A version without rows here has the product's two levels (Stadtteile by ``parent_id``
#: in Stadtbezirke), as every version written before levels were data.
levels = sa.Table(
    "levels",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("level_id", sa.String(100), nullable=False),
    sa.Column("label", sa.Text, nullable=False, default=""),
    sa.PrimaryKeyConstraint("version_id", "position"),
)
#: The areas of the levels above the lowest: name and the area of the next level up
#: they lie in; geometry only when given (else dissolved from the lowest level's areas).
level_areas = sa.Table(
    "level_areas",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("level_id", sa.String(100), nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("area_name", sa.Text, nullable=False),
    sa.Column("parent_id", sa.Text, nullable=True),
    sa.Column("geometry", sa.LargeBinary, nullable=True),
    sa.PrimaryKeyConstraint("version_id", "level_id", "area_id"),
)
catalog_entries = sa.Table(
    "catalog_entries",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("indicator", sa.String(200), nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
    sa.PrimaryKeyConstraint("version_id", "indicator"),
)
#: Observations are stored in chunks, one per indicator and period; a version lists its
#: chunks. Publishing a table writes new chunks only for the indicator-periods it touches
#: (copy-on-write), so its cost follows the size of the upload, not of the city, and a
#: rollback copies a list of chunk ids. A chunk is never changed once written.
obs_chunks = sa.Table(
    "obs_chunks",
    metadata,
    sa.Column("chunk_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("indicator", sa.String(200), nullable=False),
    sa.Column("period", sa.String(20), nullable=False),
    sa.Column("n_rows", sa.Integer, nullable=False, default=0),
)
chunk_rows = sa.Table(
    "chunk_rows",
    metadata,
    sa.Column("chunk_id", sa.Integer, sa.ForeignKey("obs_chunks.chunk_id"), nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("value", sa.Float, nullable=True),
    sa.Column("numerator", sa.Float, nullable=True),
    sa.Column("denominator", sa.Float, nullable=True),
    sa.Column("missing_reason", sa.String(40), nullable=True),
    sa.PrimaryKeyConstraint("chunk_id", "area_id"),
    # rows stored in key order: a chunk is read as one range
    sqlite_with_rowid=False,
)
#: A chunk's rows once more, column by column (an Arrow IPC stream, compressed), written
#: with the chunk: a version of 2.5 million values is read in a fraction of a second
#: instead of row by row. Derived from ``chunk_rows`` and checked against the chunk's
#: checksum by ``check-store``; a chunk without it is read from its rows.
chunk_columns = sa.Table(
    "chunk_columns",
    metadata,
    sa.Column("chunk_id", sa.Integer, sa.ForeignKey("obs_chunks.chunk_id"), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)
version_chunks = sa.Table(
    "version_chunks",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("chunk_id", sa.Integer, sa.ForeignKey("obs_chunks.chunk_id"), nullable=False),
    sa.PrimaryKeyConstraint("version_id", "chunk_id"),
)
#: The layout of stores written before chunks (one full copy of the rows per version);
#: such a store is converted when opened.
LEGACY_OBSERVATIONS = "observations"
state = sa.Table(
    "state",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Integer, nullable=True),
)


#: Checksums of what a version holds ("areas" and "catalog" per version id, "chunk" per
#: chunk id), written with it and checked before a publish builds on it: damage that
#: SQLite's own checks cannot see (bytes changed inside a shape) is found before
#: anything is written on top.
digests = sa.Table(
    "digests",
    metadata,
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("key", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.PrimaryKeyConstraint("kind", "key"),
)


#: The areas as the map draws them (cleaned, simplified, EPSG:4326 WKB), per level and
#: tolerance, computed once when areas are published. Keyed by the areas checksum (with
#: the levels), not by version: a publish of values, a rollback or a second app instance
#: use the same rows. Derived data: a missing row is computed again, never an error.
display_geometry = sa.Table(
    "display_geometry",
    metadata,
    sa.Column("areas_sha256", sa.String(64), nullable=False),
    sa.Column("level_id", sa.String(100), nullable=False),
    sa.Column("tolerance_m", sa.Float, nullable=False),
    sa.Column("area_id", sa.String(100), nullable=False),
    sa.Column("geometry", sa.LargeBinary, nullable=False),
    sa.PrimaryKeyConstraint("areas_sha256", "level_id", "tolerance_m", "area_id"),
)

#: A version's dataset as assembled (the values of every level, the city values, the
#: dissolved upper levels) as Arrow streams, keyed by a checksum of everything it is
#: computed from (:func:`bildungsampel.service.datasets.content_key`). Derived data, like
#: ``display_geometry``: the two keys saved last are kept, a missing one is computed again.
derived_frames = sa.Table(
    "derived_frames",
    metadata,
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.PrimaryKeyConstraint("key", "name"),
)

#: The tables holding one version's content (copied by a rollback, removed by a purge).
VERSION_TABLES = (areas, levels, level_areas, catalog_entries, version_chunks)
