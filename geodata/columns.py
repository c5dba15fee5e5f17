"""The id, name and parent columns of a boundary file: given, guessed or from the file name.

Ids are always strings (leading zeros kept, ``12.0`` from a float column
becomes ``"12"``); duplicate ids and ids that differ only in leading zeros
are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geodata import checks
from geodata.errors import BoundaryError

#: Column names (case-insensitive, exact first, then contained) taken for the area id.
ID_HINTS = ("area_id", "id", "nr", "schluessel", "schlüssel", "code", "spatial_na", "key")
#: Column names taken for the area name.
NAME_HINTS = ("area_name", "name", "bezeichnung", "stadtteil", "oteil", "ortsteil")


class AreaColumns(NamedTuple):
    """The ids and names of a boundary file's areas.

    Attributes
    ----------
    id_column : str or None
        The column the ids come from (None: numbered or from the file name).
    ids : pandas.Series
        One string id per feature.
    names : pandas.Series
        One name per feature (the id where there is no name column).
    """

    id_column: str | None
    ids: pd.Series
    names: pd.Series


def attribute_columns(frame: gpd.GeoDataFrame) -> list[str]:
    """Return the columns of ``frame`` other than its geometry."""
    return [c for c in frame.columns if c != frame.geometry.name]


def check_column(frame: gpd.GeoDataFrame, source: str, label: str, col: str | None) -> None:
    """Refuse a column given by the user that ``frame`` does not have, listing those it has.

    Raises
    ------
    BoundaryError
        When ``col`` is given and not a column of ``frame``.
    """
    columns = attribute_columns(frame)
    if col is not None and col not in columns:
        key = "geodata.column.missing" if columns else "geodata.column.missing_no_columns"
        raise BoundaryError(key, source=source, label=label, column=col, columns=", ".join(columns))


def guess_column(columns: list[str], hints: tuple[str, ...], frame: pd.DataFrame) -> str | None:
    """Return the first column named like a hint, else the first unique one containing a hint.

    Examples
    --------
    >>> frame = pd.DataFrame({"STT_NR": [1, 2], "Name": ["a", "b"]})
    >>> guess_column(list(frame), NAME_HINTS, frame), guess_column(list(frame), ID_HINTS, frame)
    ('Name', 'STT_NR')
    """
    lowered = {c: c.casefold() for c in columns}
    for hint in hints:
        for col, low in lowered.items():
            if low == hint:
                return col
    for hint in hints:
        for col, low in lowered.items():
            if hint in low and frame[col].is_unique:
                return col
    return None


def id_strings(series: pd.Series) -> pd.Series:
    """Return ids as stripped strings (whole floats without ``.0``, missing ones missing).

    Examples
    --------
    >>> id_strings(pd.Series([1.0, 12.0])).tolist(), id_strings(pd.Series([" 007", "12 "])).tolist()
    (['1', '12'], ['007', '12'])
    """
    if pd.api.types.is_float_dtype(series) and series.dropna().map(float.is_integer).all():
        return series.map(lambda v: None if pd.isna(v) else str(int(v))).astype(object)
    if pd.api.types.is_integer_dtype(series):
        return series.astype(str).astype(object)
    return series.map(lambda v: None if v is None or pd.isna(v) else str(v).strip()).astype(object)


def ids_from_file_name(path: Path) -> tuple[str, str]:
    """Return (id, name) from a file name such as ``708_huettenheim.json``.

    Examples
    --------
    >>> ids_from_file_name(Path("708_huettenheim.json")), ids_from_file_name(Path("mitte.json"))
    (('708', 'huettenheim'), ('mitte', 'mitte'))
    """
    m = re.match(r"^(\d+)[_\- ](.+)$", path.stem)
    return (m.group(1), m.group(2)) if m else (path.stem, path.stem)


def ids_and_names(
    frame: gpd.GeoDataFrame,
    path: Path,
    *,
    id_column: str | None,
    name_column: str | None,
    warnings: list[str],
) -> AreaColumns:
    """Return the ids and names of ``frame``, guessing columns not given.

    A file with one feature and no id column takes id and name from its file
    name; else features without an id column are numbered 1..n. Every guess
    is added to ``warnings``.

    Raises
    ------
    BoundaryError
        For a given column the file lacks, or a feature with an empty id.
    """
    source = path.name
    for label, col in (("id", id_column), ("name", name_column)):
        check_column(frame, source, label, col)
    columns = attribute_columns(frame)
    id_col = id_column or guess_column(columns, ID_HINTS, frame)
    name_col = name_column or guess_column([c for c in columns if c != id_col], NAME_HINTS, frame)
    if id_col is None and len(frame) == 1:
        file_id, file_name = ids_from_file_name(path)
        names = pd.Series([(name_col and frame[name_col].iloc[0]) or file_name], dtype=object)
        warnings.append(f"id {file_id!r} and name {file_name!r} taken from the file name")
        return AreaColumns(id_col, pd.Series([file_id], dtype=object), names)
    if id_col is None:
        ids = pd.Series([str(i + 1) for i in range(len(frame))], dtype=object)
        warnings.append("no id column found: areas numbered 1..n; pass --id-column")
    else:
        ids = id_strings(frame[id_col]).reset_index(drop=True)
    names = frame[name_col].astype(object).reset_index(drop=True) if name_col else ids
    if id_column is None and id_col is not None:
        warnings.append(f"id column guessed: {id_col!r}")
    if name_column is None and name_col is not None:
        warnings.append(f"name column guessed: {name_col!r}")
    if ids.isna().any():
        row = int(ids.isna().to_numpy().argmax()) + 1
        raise BoundaryError("geodata.id.empty", source=source, row=row, column=id_col)
    return AreaColumns(id_col, ids, names)


def check_unique(ids: pd.Series, source: str, id_col: str | None) -> None:
    """Refuse repeated ids and ids that differ only in leading zeros.

    Raises
    ------
    BoundaryError
        Naming the first repeated id and its column.
    """
    dup = ids[ids.duplicated()]
    if len(dup):
        raise BoundaryError(
            "geodata.id.repeated",
            hint="id_column",
            source=source,
            area_id=dup.iloc[0],
            column=id_col,
        )
    checks.check_id_collisions(ids.tolist(), source=source, column=id_col, error=BoundaryError)


def parent_ids(frame: gpd.GeoDataFrame, source: str, parent_column: str | None) -> pd.Series:
    """Return the parent id of every feature (all None without ``parent_column``).

    Raises
    ------
    BoundaryError
        When ``parent_column`` is given and not a column of ``frame``.
    """
    check_column(frame, source, "parent", parent_column)
    if not parent_column:
        return pd.Series([None] * len(frame), dtype=object)
    return id_strings(frame[parent_column]).reset_index(drop=True)
