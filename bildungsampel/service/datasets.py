"""A version's dataset, assembled once and kept in the store for every later start.

Turning a stored version into a :class:`~bildungsampel.service.dataset.Dataset`
normalises and completes millions of values, aggregates them to every level
and dissolves the upper levels' shapes: seconds for a city of thousands of
areas, on every server start and in every app instance. The result depends
only on what the version holds and on the code that computes it, so it is
saved as Arrow streams under a checksum of both (:func:`content_key`) and read
back by :func:`load`. Values are never taken from anything but the version:
a missing, outdated or unreadable copy is computed again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from bildungsampel.service import dataset as ds
from bildungsampel.service import mapgeometry
from bildungsampel.service.store import Store, StoreError

log = logging.getLogger(__name__)

#: The modules whose code the saved frames come from: a change to any of them
#: (an upgrade, a fix of the aggregation) gives new keys, so nothing stale is read.
_SOURCES = (
    "bildungsampel/service/dataset.py",
    "bildungsampel/service/datasets.py",
    "indicators/aggregate.py",
    "indicators/observations.py",
    "indicators/classify.py",
    "indicators/catalog_entries.py",
    "geodata/hierarchy.py",
    "geodata/crs.py",
)
_ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def _code_digest() -> str:
    digest = hashlib.sha256()
    for name in _SOURCES:
        digest.update((_ROOT / name).read_bytes())
    return digest.hexdigest()


def content_key(store: Store, version_id: int) -> str | None:
    """Return the key of a version's saved dataset: its content and the code computing it.

    None for a store without checksums (written before them, or read-only and
    old): its dataset is computed on every start.
    """
    parts = store.content_key(version_id)
    if parts is None:
        return None
    return hashlib.sha256(f"{parts}:{_code_digest()}".encode()).hexdigest()


def load(store: Store, version_id: int | None = None) -> ds.Dataset:
    """Return the dataset of a version (default: the published one), saved or computed.

    The same dataset as :func:`bildungsampel.service.dataset.from_store`;
    computed once per content and code, then read from the store.
    """
    vid = version_id if version_id is not None else store.current_id()
    if vid is None:
        return ds.empty_dataset()
    key = content_key(store, vid)
    saved = store.derived_frames(key) if key is not None else {}
    if saved:
        try:
            return _decode(store, vid, saved)
        except (KeyError, ValueError, pa.ArrowException) as err:  # computed again below
            log.warning("saved dataset of version %s unreadable: %s", vid, err)
    data = ds.from_store(store, vid)
    if key is not None:
        try:
            store.save_derived_frames(key, encode(data))
        except StoreError as err:  # busy or full: computed again next time
            log.warning("dataset of version %s not saved: %s", vid, err)
    return data


def prepare(store: Store, version_id: int | None = None, *, tolerance_m: float) -> list[str]:
    """Do now what the first viewer of a new version would wait for; return its map levels.

    Called after every publish: assembles and saves the dataset
    (:func:`load`) and the display geometry of every level
    (:func:`bildungsampel.service.mapgeometry.prepare`), unless saved already.
    """
    data = load(store, version_id)
    return mapgeometry.prepare(store, version_id, tolerance_m=tolerance_m, data=data)


def encode(data: ds.Dataset) -> dict[str, bytes]:
    """Return the computed frames of ``data`` as Arrow streams by name."""
    frames: dict[str, bytes] = {}
    lowest = data.levels.lowest.id
    for level in data.levels.ids:
        frames[f"obs/{level}"] = _frame_bytes(data.obs(level))
        if level != lowest:
            frames[f"areas/{level}"] = _frame_bytes(data.areas(level))
    if data.city is not None:
        frames["city"] = _frame_bytes(data.city)
    if data.totals is not None:
        frames["totals"] = _frame_bytes(data.totals)
    return frames


def _decode(store: Store, vid: int, saved: dict[str, bytes]) -> ds.Dataset:
    snap = store.snapshot(vid, with_observations=False)
    bnd, cat = ds.parts_of(snap)
    levels = bnd.levels_of()
    lowest = levels.levels.lowest.id
    areas = {
        lv: bnd.areas if lv == lowest else _frame(saved[f"areas/{lv}"]) for lv in levels.levels.ids
    }
    obs = {lv: _frame(saved[f"obs/{lv}"]) for lv in levels.levels.ids}
    return ds.Dataset(
        boundaries=bnd,
        catalog=cat,
        levels=levels.levels,
        areas_by_level=areas,
        obs_by_level=obs,
        totals=_frame(saved["totals"]) if "totals" in saved else None,
        city=_frame(saved["city"]) if "city" in saved else None,
        **ds.version_fields(snap.version),
    )


def _frame_bytes(frame: pd.DataFrame) -> bytes:
    """Return a frame as one Arrow stream that :func:`_frame` turns back into it exactly."""
    plain = pd.DataFrame(frame)
    meta: dict[str, object] = {"dtypes": {c: str(t) for c, t in frame.dtypes.items()}}
    if isinstance(frame, gpd.GeoDataFrame):
        name = frame.geometry.name
        meta["geometry"] = name
        meta["crs"] = frame.crs.to_wkt() if frame.crs else None
        plain = plain.assign(**{name: shapely.to_wkb(frame.geometry.to_numpy())})
    table = pa.Table.from_pandas(plain, preserve_index=False)
    # ids, indicators and periods repeat millions of times: stored once each
    for n, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            table = table.set_column(n, field.name, table.column(n).dictionary_encode())
    table = table.replace_schema_metadata({"bildungsampel": json.dumps(meta)})
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_stream(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _frame(data: bytes) -> pd.DataFrame:
    table = pa.ipc.open_stream(data).read_all()
    meta = json.loads(table.schema.metadata[b"bildungsampel"])
    geometry = meta.get("geometry")
    columns: dict[str, object] = {}
    for name, dtype in meta["dtypes"].items():
        column = table.column(name)
        if dtype == "object" and pa.types.is_dictionary(column.type):
            columns[name] = _objects(column.to_pandas())
            continue
        if pa.types.is_dictionary(column.type) and dtype != "category":
            column = column.cast(column.type.value_type)
        if name == geometry:
            columns[name] = shapely.from_wkb(column.to_numpy(zero_copy_only=False))
        elif dtype == "object":  # None stays None (to_pandas would make strings with NaN)
            columns[name] = pd.Series(column.to_numpy(zero_copy_only=False), dtype=object)
        elif dtype == "category":  # the categories in their order
            columns[name] = column.to_pandas()
        else:
            columns[name] = column.to_pandas().astype(dtype)
    frame = pd.DataFrame(columns)
    if geometry is not None:
        shaped: pd.DataFrame = gpd.GeoDataFrame(frame, geometry=geometry, crs=meta["crs"])
        return shaped
    return frame


def _objects(labels: pd.Series) -> pd.Series:
    """Return a categorical column as objects, each distinct text one shared object.

    2.5 million ids as separate Python strings would take 130 MB; as
    references to their few thousand distinct strings, 20 MB. Missing cells
    are None, as in the frame that was saved.
    """
    codes = labels.cat.codes.to_numpy()
    table = np.empty(len(labels.cat.categories) + 1, dtype=object)
    table[:-1] = labels.cat.categories.to_numpy(dtype=object)
    table[-1] = None
    return pd.Series(table[codes], index=labels.index, dtype=object)
