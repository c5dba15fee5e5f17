"""Reading boundary files as they arrive from cities and open-data portals.

GeoJSON, GeoPackage and Shapefiles (plain or zipped) in any CRS are read with
pyogrio. Real-world quirks handled here: DBF text in cp1252 without a .cpg
file, .prj files with custom parameters (trusted, never replaced by a guessed
EPSG code), invalid geometries (repaired with ``make_valid`` and reported),
projected coordinates in a GeoJSON without CRS (refused with a clear message),
bare GeometryCollections without properties, ids with leading zeros (always
strings).

:func:`read_boundaries` runs the phases, each in its own module: choosing the
layer (:mod:`geodata.layers`), reading it (here), the id, name and parent
columns (:mod:`geodata.columns`), the CRS (:mod:`geodata.crs`), repairing
geometries (:mod:`geodata.repair`) and the plausibility notes
(:mod:`geodata.checks`).
"""

from __future__ import annotations

import tempfile
import warnings as pywarnings
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geodata import checks, columns, layers, repair
from geodata.checks import Note
from geodata.crs import check_declared_crs, check_geojson_crs, crs_label, to_metric, user_crs
from geodata.errors import BoundaryError, collect
from geodata.hierarchy import DEFAULT_LEVELS, Hierarchy, Level, Levels, level_id
from geodata.keytable import HierarchySpec, hierarchy_from_table
from indicators.messages import Message

SUPPORTED = (".geojson", ".json", ".gpkg", ".shp", ".zip")
# DBF language-driver ids (byte 29) that mean a Windows/ANSI code page.
_LDID = {
    0x01: "cp437",
    0x02: "cp850",
    0x03: "cp1252",
    0x57: "cp1252",
    0x58: "cp1252",
    0x59: "cp1252",
    0x64: "cp852",
    0xC8: "cp1250",
    0x4D: "cp936",
}


@dataclass
class Boundaries:
    """Areas read from a boundary file.

    Attributes
    ----------
    areas : geopandas.GeoDataFrame
        Columns ``area_id`` (str), ``area_name`` (str), ``parent_id`` (str or
        None) and geometry, in a metric CRS (the file's own if projected in
        metres, else the matching UTM zone).
    source_crs : str
        The CRS of the file as read (name and, where it has one, EPSG code).
    encoding : str or None
        Text encoding of the attributes (shapefiles), with how it was found.
    repaired : list of str
        Ids of areas whose geometry was invalid and repaired.
    warnings : list of Message
        Other things worth knowing (guessed columns and why, repairs, dropped
        empties and Z/M coordinates, the file reader's own warnings), one
        note per kind; ``note.text(lang)`` renders one.
    plausibility : list of Note
        Things that read fine but are probably wrong (coordinates outside the
        CRS's area of use or outside Europe, swapped axes, identical or
        overlapping areas, the antimeridian, duplicate names), in English and
        German; shown as warnings, never silently dropped.
    layer : str or None
        The layer read (file in a zip, layer of a GeoPackage) when there was a choice.
    features : int or None
        Features in the file (``len(areas)`` is fewer when some held no polygon).
    hierarchy : Hierarchy or None
        The levels in the city's words and which areas the file's areas lie
        in (from ``--level-name`` and ``--parent``); None: the product's two
        levels by ``parent_id`` (:meth:`Hierarchy.from_parents`).
    """

    areas: gpd.GeoDataFrame
    source_crs: str
    encoding: str | None = None
    repaired: list[str] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)
    plausibility: list[Note] = field(default_factory=list)
    layer: str | None = None
    features: int | None = None
    hierarchy: Hierarchy | None = None

    def levels_of(self) -> Hierarchy:
        """Return the hierarchy of these areas (the product's two levels when none was read)."""
        return self.hierarchy or Hierarchy.from_parents(self.areas)

    def to_display(self) -> gpd.GeoDataFrame:
        """Return a copy in EPSG:4326 for maps."""
        return self.areas.to_crs(4326)

    @property
    def bounds_4326(self) -> tuple[float, float, float, float]:
        """Return (min lon, min lat, max lon, max lat)."""
        b = self.areas.to_crs(4326).total_bounds
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def detect_dbf_encoding(shp_path: Path) -> tuple[str, str]:
    """Return the text encoding of a shapefile's DBF and how it was decided.

    Order: a .cpg file; the DBF language-driver byte; else strict UTF-8 on the
    record bytes, falling back to cp1252 (what German municipal software writes).
    """
    cpg = shp_path.with_suffix(".cpg")
    if not cpg.exists():
        cpg = next(
            (p for p in shp_path.parent.glob(shp_path.stem + ".*") if p.suffix.lower() == ".cpg"),
            cpg,
        )
    if cpg.exists():
        name = cpg.read_text(errors="replace").strip() or "utf-8"
        return name, ".cpg file"
    dbf = next(
        (p for p in shp_path.parent.glob(shp_path.stem + ".*") if p.suffix.lower() == ".dbf"), None
    )
    if dbf is None:
        return "utf-8", "no .dbf"
    data = dbf.read_bytes()
    if len(data) > 29 and data[29] in _LDID:
        return _LDID[data[29]], f"DBF language driver 0x{data[29]:02X}"
    header_len = int.from_bytes(data[8:10], "little") if len(data) > 10 else 0
    try:
        data[header_len:].decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252", "not valid UTF-8"
    return "utf-8", "valid UTF-8"


def boundary_layers(path: str | Path) -> list[str]:
    """Return the layers of a boundary file (files in a zip, GeoPackage layers).

    A file with more than one must be read with ``layer=`` one of them.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        return [c.label for c in layers.candidates(path, Path(tmp))]


def _check_path(path: Path) -> None:
    """Refuse a missing file or one of an unsupported type."""
    if not path.exists():
        raise BoundaryError("geodata.file.missing", path=path)
    if path.suffix.lower() not in SUPPORTED:
        raise BoundaryError(
            "geodata.file.type", name=path.name, suffix=path.suffix, supported=", ".join(SUPPORTED)
        )


def _shapefile_encoding(layer: Path, source: str) -> tuple[str, str]:
    """Return the DBF encoding and how it was found, refusing a shapefile without .shx/.dbf."""
    siblings = {p.suffix.lower() for p in layer.parent.glob(layer.stem + ".*")}
    missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
    if missing:
        key = "geodata.shapefile.incomplete" + ("_both" if len(missing) == 2 else "")
        raise BoundaryError(key, source=source, missing=missing[0])
    encoding, how = detect_dbf_encoding(layer)
    return encoding, f"{encoding} ({how})"


def reader_notes(caught: list[pywarnings.WarningMessage], path: Path) -> list[Message]:
    """Return the file reader's (GDAL's) warnings as notes, one per distinct warning.

    GDAL names the path it opened (an upload's temporary folder); the note
    names the file only. Positions with a fourth ordinate are one known note.
    """
    notes: list[Message] = []
    seen: set[str] = set()
    for warning in caught:
        detail = str(warning.message).replace(str(path), path.name).strip()
        if "invalid value encountered" in detail:
            continue  # NaN coordinates: refused with a message later
        key = "geodata.read.extra_ordinates" if "too many members in array" in detail else None
        detail = detail.split(". Further messages of this type")[0]
        if (key or detail) in seen:
            continue
        seen.add(key or detail)
        notes.append(
            Message(key) if key else Message("geodata.read.reader_note", {"detail": detail})
        )
    return notes


def drop_extra_dimensions(geoms: gpd.GeoSeries) -> tuple[gpd.GeoSeries, list[Message]]:
    """Return ``geoms`` with Z and M coordinates dropped, and a note per dimension dropped.

    Examples
    --------
    >>> flat, notes = drop_extra_dimensions(gpd.GeoSeries([shapely.Point(1, 2, 3)]))
    >>> flat[0].has_z, [n.params["what"] for n in notes]
    (False, ['Z'])
    """
    values = geoms.to_numpy()
    notes = []
    for what, has in (("Z", shapely.has_z(values)), ("M", shapely.has_m(values))):
        if has.any():
            notes.append(
                Message("geodata.read.dimensions_dropped", {"what": what, "n": int(has.sum())})
            )
    if not notes:
        return geoms, notes
    flat = shapely.force_2d(values)
    return gpd.GeoSeries(flat, index=geoms.index, crs=geoms.crs), notes


def _read_frame(
    chosen: layers.LayerFile, source: str, crs: str | int | None
) -> tuple[gpd.GeoDataFrame, str | None, list[Message]]:
    """Read one layer with pyogrio; return it (``crs`` set when given, 2-D), its encoding, notes."""
    encoding_note = None
    kwargs: dict[str, object] = {}
    if chosen.name is not None:
        kwargs["layer"] = chosen.name
    if crs is None:
        check_geojson_crs(chosen.file, source)
    if chosen.file.suffix.lower() == ".shp":
        kwargs["encoding"], encoding_note = _shapefile_encoding(chosen.file, source)
    try:
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            frame = pyogrio.read_dataframe(chosen.file, **kwargs)
    except Exception as err:  # pyogrio raises several DataSource errors
        # GDAL names the path it opened: an upload's temporary folder is nobody's business
        detail = str(err).replace(str(chosen.file), chosen.file.name)
        raise BoundaryError(
            "geodata.file.unreadable", source=source, detail=detail, supported=", ".join(SUPPORTED)
        ) from None
    if crs is not None:
        frame = frame.set_crs(user_crs(crs, source), allow_override=True)
    notes = reader_notes(caught, chosen.file)
    flat, dropped = drop_extra_dimensions(frame.geometry)
    if dropped:
        frame = frame.set_geometry(flat)
    return frame, encoding_note, notes + dropped


def read_boundaries(
    path: str | Path,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    parent_column: str | None = None,
    crs: str | int | None = None,
    layer: str | None = None,
    known_ids: Collection[str] | None = None,
    levels: HierarchySpec | None = None,
) -> Boundaries:
    """Read a boundary file into areas with string ids in a metric CRS.

    Parameters
    ----------
    path : str or Path
        GeoJSON, GeoPackage, Shapefile or a zip archive holding one.
    id_column, name_column : str, optional
        Columns with the area id and name; guessed when not given (and, for a
        file without attributes, taken from the file name "708_huettenheim").
    parent_column : str, optional
        Column with the parent (Stadtbezirk) id or name.
    crs : str or int, optional
        CRS to assume, overriding the file's (needed for a GeoJSON in metres).
        An unknown code (``EPSG:999999``) is refused.
    layer : str, optional
        Which layer to read when the file holds several: a file in the zip
        (name or stem) or a GeoPackage layer. Without it such a file is
        refused with the list of layers (:class:`~geodata.errors.LayerChoiceError`).
    known_ids : collection of str, optional
        Area ids the indicator tables use: the id guess prefers a column
        holding them (:func:`geodata.columns.guess_id_column`).
    levels : HierarchySpec, optional
        The city's word for the file's areas ("Planungsraum"; default
        Stadtteil) and the levels above, nearest first, each with its id (and
        name) column of the file (``--parent "Bezirk=BEZ_NR:BEZ_NAME"``);
        parents given here replace ``parent_column``.

    Returns
    -------
    Boundaries
        With plausibility warnings (extent, swapped axes, overlaps,
        antimeridian, duplicate names) in ``plausibility``.

    Raises
    ------
    BoundaryError
        For a missing file, unknown columns, duplicate ids or ids that differ
        only in leading zeros, a missing, unknown or implausible CRS,
        non-finite coordinates, several layers and none chosen, or no polygon.
    """
    path = Path(path)
    source = path.name
    _check_path(path)
    with tempfile.TemporaryDirectory() as tmp:
        chosen, label = layers.choose_layer(path, Path(tmp), layer)
        frame, encoding, read_notes = _read_frame(chosen, source, crs)
    notes = [Message("geodata.read.layer", {"layer": label})] if label is not None else []
    notes.extend(read_notes)
    found = columns.ids_and_names(
        frame,
        path,
        id_column=id_column,
        name_column=name_column,
        warnings=notes,
        known_ids=known_ids,
    )
    ids = found.ids
    # independent checks: a file with several problems gets all of them at once
    collect(
        lambda: checks.check_finite(
            frame.geometry.to_numpy(), ids.tolist(), source=source, error=BoundaryError
        ),
        lambda: check_declared_crs(frame, source),
        lambda: columns.check_unique(ids, source, found.id_column),
        lambda: columns.check_column(frame, source, "parent", parent_column),
    )
    hierarchy = _hierarchy(frame, ids, source, levels, notes)
    parents_found = (
        pd.Series(hierarchy.lowest_parents(), dtype=object)
        if hierarchy is not None
        else columns.parent_ids(frame, source, parent_column)
    )
    fixed = repair.repair(frame.geometry.to_numpy(), ids)
    notes.extend(fixed.warnings)
    kept = repair.polygons_kept(fixed.geoms, ids.tolist(), source=source, warnings=notes)
    areas = gpd.GeoDataFrame(
        {
            "area_id": ids,
            "area_name": found.names.map(lambda n: str(n).strip()),
            "parent_id": parents_found.to_numpy(),
        },
        geometry=list(fixed.geoms),
        crs=frame.crs,
    )[kept].reset_index(drop=True)
    metric = to_metric(areas)
    if hierarchy is not None:  # the areas kept (features without polygon are left out)
        hierarchy = replace(hierarchy, assignment=hierarchy.assignment.loc[list(metric["area_id"])])
    return Boundaries(
        areas=metric,
        source_crs=crs_label(frame.crs),
        encoding=encoding,
        repaired=fixed.repaired,
        warnings=notes,
        plausibility=checks.plausibility(areas, metric),
        layer=label,
        features=len(frame),
        hierarchy=hierarchy,
    )


def _hierarchy(
    frame: gpd.GeoDataFrame,
    ids: pd.Series,
    source: str,
    spec: HierarchySpec | None,
    notes: list[Message],
) -> Hierarchy | None:
    """Return the levels named by ``spec`` (None when it names none)."""
    if spec is None or (not spec.parents and not spec.lowest):
        return None
    level_name, parents = spec.lowest, spec.parents
    lowest = (
        Level(level_id(level_name), label=level_name.strip())
        if level_name
        else DEFAULT_LEVELS.lowest
    )
    if not parents:
        return Hierarchy(
            levels=Levels((lowest,)),
            assignment=pd.DataFrame(index=pd.Index(ids, name="area_id")),
            names={},
        )
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    table["__area_id__"] = ids.to_numpy()  # hidden from messages (keytable.find_column)
    hierarchy, found = hierarchy_from_table(
        table,
        area_column="__area_id__",
        parents=parents,
        area_ids=list(ids),
        lowest=lowest,
        source=source,
    )
    notes.extend(found)
    # the rows are the file's own features: the order of ``ids`` is kept
    return replace(hierarchy, assignment=hierarchy.assignment.loc[list(ids)])


def read_boundary_files(paths: list[str | Path], *, crs: str | int | None = None) -> Boundaries:
    """Assemble one layer from many single-area files (id and name from the file name).

    Open-data portals sometimes publish one GeoJSON per district
    ("708_huettenheim.json"), each a bare GeometryCollection.
    """
    parts = [read_boundaries(p, crs=crs) for p in sorted(map(Path, paths))]
    first = parts[0].areas.crs
    frame = pd.concat([p.areas.to_crs(first) for p in parts], ignore_index=True)
    areas = gpd.GeoDataFrame(frame, geometry="geometry", crs=first)
    dup = areas["area_id"][areas["area_id"].duplicated()]
    if len(dup):
        raise BoundaryError("geodata.ids.several_files", area_id=dup.iloc[0])
    return Boundaries(
        areas=areas,
        source_crs=parts[0].source_crs,
        repaired=[r for p in parts for r in p.repaired],
        warnings=[w for p in parts for w in p.warnings],
        plausibility=[n for p in parts for n in p.plausibility],
    )
