"""The id, name and parent columns of a boundary file: given, guessed or from the file name.

Ids are always strings (leading zeros kept, ``12.0`` from a float column
becomes ``"12"``); duplicate ids and ids that differ only in leading zeros
are refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geodata import checks
from geodata import read_messages as _read_messages  # noqa: F401 - registers the notes
from geodata.errors import BoundaryError
from indicators.messages import Message

#: Column names (case-insensitive, exact first, then contained) taken for the area id.
ID_HINTS = ("area_id", "id", "nr", "schluessel", "schlüssel", "code", "spatial_na", "key")
#: Column names taken for the area name.
NAME_HINTS = ("area_name", "name", "bezeichnung", "stadtteil", "oteil", "ortsteil")
#: Column names GIS software gives its own feature numbers (case-insensitive).
TECHNICAL_IDS = ("fid", "objectid", "object_id", "oid", "gid", "ogc_fid", "ogr_fid", "index")
#: Column names of measures, never ids (case-insensitive, contained).
MEASURES = ("flaeche", "fläche", "shape_area", "shape_len", "area_m", "umfang", "einwohner")
#: Longest text value an id column may hold (longer ones are names or descriptions).
MAX_KEY_LENGTH = 24


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


def _is_key_column(series: pd.Series) -> bool:
    """Return whether ``series`` could hold ids: complete, unique, whole numbers or short keys."""
    if series.isna().any() or not series.is_unique or len(series) == 0:
        return False
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_integer_dtype(series):
        return True
    if pd.api.types.is_float_dtype(series):
        return bool(series.map(float.is_integer).all())
    if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
        return False
    text = series.map(lambda v: str(v).strip())
    return bool((text.str.len() <= MAX_KEY_LENGTH).all() and text.str.contains(r"\d").all())


def technical_range(name: str, series: pd.Series) -> tuple[int, int] | None:
    """Return (first, last) when ``series`` is a GIS feature number, else None.

    A feature number is named like one (:data:`TECHNICAL_IDS`) or counts
    0, 1, …, n−1 in file order.

    Examples
    --------
    >>> technical_range("FID", pd.Series([0, 1, 2])), technical_range("nr", pd.Series([1, 2, 3]))
    ((0, 2), None)
    """
    numbers = pd.to_numeric(series, errors="coerce")
    if numbers.isna().any() or len(numbers) == 0:
        return (0, 0) if name.casefold() in TECHNICAL_IDS else None
    low, high = int(numbers.min()), int(numbers.max())
    counting = numbers.tolist() == list(range(len(numbers)))
    return (low, high) if name.casefold() in TECHNICAL_IDS or counting else None


def _hint_rank(name: str) -> int:
    """Return 0 for a column named exactly like an id hint, 1 for containing one, else 2."""
    low = name.casefold()
    if low in ID_HINTS:
        return 0
    return 1 if any(hint in low for hint in ID_HINTS) else 2


def guess_id_column(
    frame: pd.DataFrame, columns: list[str], known_ids: Collection[str] | None = None
) -> tuple[str | None, list[Message]]:
    """Return the column most likely to hold the area ids and notes saying why.

    Candidates are complete columns with unique whole numbers or short keys.
    They are ranked by: the share of values that are ids of the published
    indicator tables (``known_ids``, when given); not being a GIS feature
    number (:func:`technical_range`: ``FID`` 0–8 loses to ``STADTBEZ`` 1–9);
    being named like an id (:data:`ID_HINTS`); the column order.

    Parameters
    ----------
    frame : pandas.DataFrame
        The attributes of the boundary file.
    columns : list of str
        The columns to consider.
    known_ids : collection of str, optional
        Area ids the indicator tables use.

    Returns
    -------
    tuple
        The column (None when there is no candidate) and notes
        (:class:`~indicators.messages.Message`): which column and why, and a
        feature number left aside or taken for want of a better one.

    Examples
    --------
    >>> frame = pd.DataFrame({"FID": [0, 1, 2], "STADTBEZ": [1, 2, 3], "NAME": ["a", "b", "c"]})
    >>> guess_id_column(frame, list(frame))[0]
    'STADTBEZ'
    """
    known = {str(k) for k in known_ids} if known_ids else set()
    ranked = []
    for position, col in enumerate(columns):
        if col.casefold() in ID_HINTS and not _is_key_column(frame[col]):
            # named exactly like an id but with gaps or repeats: taken, so that they are refused
            return col, [
                Message(
                    "geodata.read.id_guessed",
                    {"column": col, "why": Message("geodata.read.why.named")},
                )
            ]
        if not _is_key_column(frame[col]) or any(m in col.casefold() for m in MEASURES):
            continue
        ids = id_strings(frame[col])
        share = float(ids.isin(known).mean()) if known else 0.0
        technical = technical_range(col, frame[col])
        hint = _hint_rank(col)
        plain_number = _whole_numbers(frame[col]) and not pd.api.types.is_float_dtype(frame[col])
        if hint == 2 and technical is None and share < 0.5 and not plain_number:
            continue  # without an id-like name only whole numbers count: else codes or measures
        ranked.append(((-round(share, 2), technical is not None, hint, position), col, share))
    if not ranked:
        return None, []
    ranked.sort()
    (_, technical_first, hint, _), col, share = ranked[0]
    if share >= 0.5:
        why = Message("geodata.read.why.matches", {"percent": 100 * share})
    elif hint < 2:
        why = Message("geodata.read.why.named")
    else:
        plain = [c for key, c, _ in ranked if not key[1]]
        why = Message(
            "geodata.read.why.unique" if len(plain) == 1 else "geodata.read.why.first_unique"
        )
    notes = [Message("geodata.read.id_guessed", {"column": col, "why": why})]
    for key, other, _ in ranked[1:]:
        span = technical_range(other, frame[other])
        if key[1] and span is not None:
            notes.append(
                Message(
                    "geodata.read.technical_left",
                    {"column": other, "low": span[0], "high": span[1]},
                )
            )
    if technical_first:
        span = technical_range(col, frame[col]) or (0, 0)
        notes.append(
            Message(
                "geodata.read.technical_taken", {"column": col, "low": span[0], "high": span[1]}
            )
        )
    return col, notes


def _whole_numbers(series: pd.Series) -> bool:
    """Return whether every value of ``series`` is a whole number (as number or text)."""
    numbers = pd.to_numeric(series, errors="coerce")
    return bool(numbers.notna().all() and (numbers % 1 == 0).all())


def guess_name_column(frame: pd.DataFrame, columns: list[str]) -> str | None:
    """Return the column with the area names: named like one, else the first text column of names.

    A text column counts as names when it is not named like a key, its values
    are mostly different, hold letters and few digits (``gml_id`` values such
    as ``re_ortsteil.0101`` are keys, not names).

    Examples
    --------
    >>> frame = pd.DataFrame({"STADTBEZ": [1, 2], "BEZEICHNG": ["Mitte", "Nord"]})
    >>> guess_name_column(frame, list(frame))
    'BEZEICHNG'
    """
    named = guess_column(columns, NAME_HINTS, frame)
    if named is not None:
        return named
    for col in columns:
        series, low = frame[col], col.casefold()
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        if low in TECHNICAL_IDS or any(hint in low for hint in ID_HINTS if hint != "name"):
            continue  # gml_id, objectid …: technical keys, not names
        text = series.dropna().map(lambda v: str(v).strip())
        if len(text) < max(1, 0.9 * len(series)) or text.nunique() < 0.8 * len(text):
            continue
        digits = text.str.count(r"\d").sum() / max(1, text.str.len().sum())
        if digits < 0.2 and text.str.contains(r"[^\W\d_]").mean() > 0.9:
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
    warnings: list[Message],
    known_ids: Collection[str] | None = None,
) -> AreaColumns:
    """Return the ids and names of ``frame``, guessing columns not given.

    The id column is guessed by :func:`guess_id_column` (``known_ids``: the
    ids of the published tables), the name column by
    :func:`guess_name_column`. A file with one feature and no id column takes
    id and name from its file name; else features without an id column are
    numbered 1..n. Every guess, and a missing name column, is added to
    ``warnings``.

    Raises
    ------
    BoundaryError
        For a given column the file lacks, or a feature with an empty id.
    """
    source = path.name
    for label, col in (("id", id_column), ("name", name_column)):
        check_column(frame, source, label, col)
    columns = attribute_columns(frame)
    guessed: list[Message] = []
    id_col = id_column
    if id_col is None and len(frame) > 1:
        id_col, guessed = guess_id_column(frame, columns, known_ids)
    elif id_col is None:  # one feature: a column named like an id, else the file name
        id_col = guess_column(columns, ID_HINTS, frame)
    rest = [c for c in columns if c != id_col]
    name_col = name_column or guess_name_column(frame, rest)
    if id_col is None and len(frame) == 1:
        file_id, file_name = ids_from_file_name(path)
        names = pd.Series([(name_col and frame[name_col].iloc[0]) or file_name], dtype=object)
        warnings.append(
            Message("geodata.read.id_from_file_name", {"area_id": file_id, "name": file_name})
        )
        return AreaColumns(id_col, pd.Series([file_id], dtype=object), names)
    if id_col is None:
        ids = pd.Series([str(i + 1) for i in range(len(frame))], dtype=object)
        warnings.append(Message("geodata.read.no_id_column"))
    else:
        ids = id_strings(frame[id_col]).reset_index(drop=True)
    names = frame[name_col].astype(object).reset_index(drop=True) if name_col else ids
    if id_column is None and id_col is not None:
        warnings.extend(
            guessed
            or [
                Message(
                    "geodata.read.id_guessed",
                    {"column": id_col, "why": Message("geodata.read.why.named")},
                )
            ]
        )
    if name_column is None and name_col is not None:
        warnings.append(Message("geodata.read.name_guessed", {"column": name_col}))
    elif name_col is None:
        warnings.append(Message("geodata.read.no_name_column"))
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
