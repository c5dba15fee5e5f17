"""Reading boundary files as they arrive from cities and open-data portals.

GeoJSON, GeoPackage and Shapefiles (plain or zipped) in any CRS are read with
pyogrio. Real-world quirks handled here: DBF text in cp1252 without a .cpg
file, .prj files with custom parameters (trusted, never replaced by a guessed
EPSG code), invalid geometries (repaired with ``make_valid`` and reported),
projected coordinates in a GeoJSON without CRS (refused with a clear message),
bare GeometryCollections without properties, ids with leading zeros (always
strings).
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings as pywarnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geodata import checks
from geodata.checks import Note
from indicators.errors import BildungsampelError

SUPPORTED = (".geojson", ".json", ".gpkg", ".shp", ".zip")
_ID_HINTS = ("area_id", "id", "nr", "schluessel", "schlüssel", "code", "spatial_na", "key")
_NAME_HINTS = ("area_name", "name", "bezeichnung", "stadtteil", "oteil", "ortsteil")
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


class BoundaryError(BildungsampelError):
    """A boundary file cannot be used as it is."""


class LayerChoiceError(BoundaryError):
    """The file holds several layers and none was chosen.

    Attributes
    ----------
    layers : list of str
        The layer names to choose from (give one as ``layer=``).
    """

    def __init__(self, message: str, *, message_de: str, layers: list[str]) -> None:
        super().__init__(message, message_de=message_de)
        self.layers = layers


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
    warnings : list of str
        Other things worth knowing (guessed columns, dropped empties).
    plausibility : list of Note
        Things that read fine but are probably wrong (coordinates outside the
        CRS's area of use or outside Europe, swapped axes, identical or
        overlapping areas, the antimeridian, duplicate names), in English and
        German; shown as warnings, never silently dropped.
    layer : str or None
        The layer read (file in a zip, layer of a GeoPackage) when there was a choice.
    """

    areas: gpd.GeoDataFrame
    source_crs: str
    encoding: str | None = None
    repaired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    plausibility: list[Note] = field(default_factory=list)
    layer: str | None = None

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


_LAYER_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json")


def _unzip(path: Path, tmp: Path) -> list[Path]:
    """Unpack a zip archive and return the layer files inside it (macOS extras skipped)."""
    try:
        with zipfile.ZipFile(path) as archive:
            _safe_extract(archive, tmp, path.name)
    except zipfile.BadZipFile:
        raise BoundaryError(
            f"{path.name}: not a valid zip archive; pack the shapefile's .shp, .shx, .dbf and "
            ".prj into a new zip",
            message_de=f"{path.name}: kein gültiges Zip-Archiv; bitte .shp, .shx, .dbf und .prj "
            "der Shape-Datei neu zippen",
        ) from None
    files = sorted(
        p
        for p in tmp.rglob("*")
        if p.is_file()
        and p.suffix.lower() in _LAYER_SUFFIXES
        and "__MACOSX" not in p.relative_to(tmp).parts
        and not p.name.startswith("._")
    )
    if not files:
        raise BoundaryError(
            f"{path.name}: the zip archive holds no .shp, .gpkg or .geojson file",
            message_de=f"{path.name}: das Zip-Archiv enthält keine .shp-, .gpkg- oder "
            ".geojson-Datei",
        )
    return files


def _candidates(path: Path, tmp: Path) -> list[tuple[str, Path, str | None]]:
    """Return (label, file, layer name) for every layer of ``path`` (a zip is unpacked)."""
    files = _unzip(path, tmp) if path.suffix.lower() == ".zip" else [path]
    out: list[tuple[str, Path, str | None]] = []
    for file in files:
        label = file.relative_to(tmp).as_posix() if file.is_relative_to(tmp) else file.name
        names: list[str] = []
        if file.suffix.lower() == ".gpkg":
            try:
                names = [str(n) for n in pyogrio.list_layers(file)[:, 0]]
            except Exception:
                names = []
        if len(names) > 1:
            prefix = f"{label}:" if len(files) > 1 else ""
            out.extend((f"{prefix}{n}", file, n) for n in names)
        else:
            out.append((label, file, None))
    return out


def boundary_layers(path: str | Path) -> list[str]:
    """Return the layers of a boundary file (files in a zip, GeoPackage layers).

    A file with more than one must be read with ``layer=`` one of them.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        return [label for label, _, _ in _candidates(path, Path(tmp))]


def _open_layer(path: Path, tmp: Path, layer: str | None) -> tuple[Path, str | None, str | None]:
    """Return the file and layer to read, refusing to choose among several silently."""
    found = _candidates(path, tmp)
    labels = [label for label, _, _ in found]
    if layer is None:
        if len(found) == 1:
            return found[0][1], found[0][2], None
        raise LayerChoiceError(
            f"{path.name}: holds {len(found)} layers ({', '.join(labels)}); choose one with "
            "--layer NAME (on the upload page: the layer field)",
            message_de=f"{path.name}: enthält {len(found)} Ebenen ({', '.join(labels)}); bitte "
            "eine mit --layer NAME wählen (auf der Upload-Seite: Feld Ebene)",
            layers=labels,
        )
    wanted = layer.strip().casefold()
    hits = [
        (label, file, name)
        for label, file, name in found
        if wanted
        in {label.casefold(), file.name.casefold(), file.stem.casefold(), (name or "").casefold()}
    ]
    if len(hits) != 1:
        raise LayerChoiceError(
            f"{path.name}: layer {layer!r} "
            f"{'is not in the file' if not hits else 'is ambiguous'}; layers are "
            f"{', '.join(labels)}",
            message_de=f"{path.name}: Ebene {layer!r} "
            f"{'gibt es in der Datei nicht' if not hits else 'ist nicht eindeutig'}; Ebenen: "
            f"{', '.join(labels)}",
            layers=labels,
        )
    return hits[0][1], hits[0][2], hits[0][0]


#: Largest total size a boundary zip may unpack to, and the largest packing ratio.
MAX_UNZIPPED = 500 * 1024 * 1024
MAX_RATIO = 200


def _safe_extract(archive: zipfile.ZipFile, target: Path, name: str) -> None:
    """Extract ``archive`` refusing path traversal, links and zip bombs."""
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    for member in members:
        parts = Path(member.filename).parts
        if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in member.filename:
            raise BoundaryError(
                f"{name}: the archive entry {member.filename!r} points outside the archive; "
                "such files are refused — pack the shapefile again without folders",
                message_de=f"{name}: der Eintrag {member.filename!r} zeigt aus dem Archiv "
                "heraus; solche Dateien werden abgelehnt — bitte die Shape-Datei ohne Ordner "
                "neu packen",
            )
        if (member.external_attr >> 16) & 0o170000 == 0o120000:
            raise BoundaryError(
                f"{name}: the archive entry {member.filename!r} is a symbolic link; refused",
                message_de=f"{name}: der Eintrag {member.filename!r} ist ein symbolischer Link; "
                "abgelehnt",
            )
    if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
        raise BoundaryError(
            f"{name}: the archive would unpack to {total / 1e6:.0f} MB (packed "
            f"{packed / 1e6:.1f} MB); refused as a possible zip bomb — send the shapefile "
            "unpacked or split it",
            message_de=f"{name}: das Archiv würde auf {total / 1e6:.0f} MB anwachsen (gepackt "
            f"{packed / 1e6:.1f} MB); als mögliche Zip-Bombe abgelehnt — bitte ungepackt senden "
            "oder aufteilen",
        )
    archive.extractall(target)


def _check_crs_option(crs: str | int, source: str) -> CRS:
    """Return the CRS given by the user, refusing an unknown one."""
    try:
        return CRS.from_user_input(crs)
    except CRSError:
        raise BoundaryError(
            f"{source}: the CRS {crs!r} given with --crs is unknown; use an EPSG code such as "
            "EPSG:25832 (UTM 32N), EPSG:25833 or EPSG:4326",
            message_de=f"{source}: das mit --crs angegebene Bezugssystem {crs!r} ist unbekannt; "
            "bitte einen EPSG-Code wie EPSG:25832 (UTM 32N), EPSG:25833 oder EPSG:4326 angeben",
        ) from None


_CRS_MEMBER = re.compile(rb'"crs"\s*:\s*\{')


def _check_geojson_crs(layer: Path, source: str) -> None:
    """Refuse a GeoJSON ``crs`` member naming an unknown CRS (GDAL would read it as WGS 84)."""
    if layer.suffix.lower() not in (".geojson", ".json"):
        return
    data = layer.read_bytes()
    match = _CRS_MEMBER.search(data)
    if match is None:
        return
    try:
        text = data[match.end() - 1 :].decode("utf-8", errors="replace")
        member, _ = json.JSONDecoder().raw_decode(text)
        props = member.get("properties") or {}
        name = props.get("name") or (
            f"{props.get('type', 'EPSG')}:{props['code']}" if "code" in props else None
        )
    except (ValueError, AttributeError, TypeError):
        return  # not a readable crs member: GDAL decides
    if not isinstance(name, str):
        return
    try:
        CRS.from_user_input(name)
    except CRSError:
        raise BoundaryError(
            f"{source}: the file's crs member names {name!r}, which is not a known coordinate "
            "reference system; correct it or give the CRS with --crs, e.g. --crs EPSG:25832",
            message_de=f"{source}: die crs-Angabe der Datei nennt {name!r}, kein bekanntes "
            "Koordinatenbezugssystem; bitte korrigieren oder mit --crs angeben, z. B. "
            "--crs EPSG:25832",
        ) from None


def _read_frame(
    layer: Path, source: str, crs: str | int | None, layer_name: str | None = None
) -> tuple[gpd.GeoDataFrame, str | None]:
    encoding_note = None
    kwargs: dict[str, object] = {}
    if layer_name is not None:
        kwargs["layer"] = layer_name
    if crs is None:
        _check_geojson_crs(layer, source)
    if layer.suffix.lower() == ".shp":
        siblings = {p.suffix.lower() for p in layer.parent.glob(layer.stem + ".*")}
        missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
        if missing:
            raise BoundaryError(
                f"{source}: the shapefile lacks its {' and '.join(missing)} file(s); a shapefile "
                "is several files — upload .shp, .shx, .dbf and .prj together as one zip",
                message_de=f"{source}: der Shape-Datei fehlen {' und '.join(missing)}; eine "
                "Shape-Datei besteht aus mehreren Dateien — bitte .shp, .shx, .dbf und .prj "
                "zusammen als Zip hochladen",
            )
        encoding, how = detect_dbf_encoding(layer)
        kwargs["encoding"] = encoding
        encoding_note = f"{encoding} ({how})"
    try:
        with pywarnings.catch_warnings():  # NaN coordinates: refused with a message below
            pywarnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
            frame = pyogrio.read_dataframe(layer, **kwargs)
    except Exception as err:  # pyogrio raises several DataSource errors
        # GDAL names the path it opened: an upload's temporary folder is nobody's business
        detail = str(err).replace(str(layer), layer.name)
        raise BoundaryError(
            f"{source}: cannot be read as a boundary file ({detail}); supported are "
            f"{', '.join(SUPPORTED)}",
            message_de=f"{source}: kann nicht als Grenzdatei gelesen werden ({detail}); "
            f"unterstützt: {', '.join(SUPPORTED)}",
        ) from None
    if crs is not None:
        frame = frame.set_crs(_check_crs_option(crs, source), allow_override=True)
    return frame, encoding_note


def _check_crs(frame: gpd.GeoDataFrame, source: str) -> None:
    if frame.crs is None:
        raise BoundaryError(
            f"{source}: the file has no coordinate reference system (no .prj or crs member); "
            "give it, e.g. --crs EPSG:25832",
            message_de=f"{source}: die Datei hat kein Koordinatenbezugssystem (keine .prj-Datei "
            "oder crs-Angabe); bitte angeben, z. B. --crs EPSG:25832",
        )
    if frame.crs.is_geographic and len(frame):
        minx, miny, maxx, maxy = frame.total_bounds
        if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
            raise BoundaryError(
                f"{source}: coordinates up to ({maxx:.0f}, {maxy:.0f}) are projected metres, "
                "but the file declares no projected CRS (GeoJSON without a 'crs' member is "
                "read as longitude/latitude); give the CRS, e.g. --crs EPSG:25832",
                message_de=f"{source}: Koordinaten bis ({maxx:.0f}, {maxy:.0f}) sind projizierte "
                "Meter, die Datei nennt aber kein projiziertes Bezugssystem (GeoJSON ohne "
                "'crs' wird als Länge/Breite gelesen); bitte das System angeben, z. B. "
                "--crs EPSG:25832",
            )


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only polygon parts (from collections or make_valid output)."""
    out = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            out.append(geom)
            continue
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            out.append(geom)
            continue
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
        parts = [q for p in parts for q in shapely.get_parts(p)]
        out.append(
            shapely.MultiPolygon(parts)
            if len(parts) > 1
            else (parts[0] if parts else shapely.Polygon())
        )
    return np.array(out, dtype=object)


def _guess(columns: list[str], hints: tuple[str, ...], frame: pd.DataFrame) -> str | None:
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


def _id_strings(series: pd.Series) -> pd.Series:
    if pd.api.types.is_float_dtype(series) and series.dropna().map(float.is_integer).all():
        return series.map(lambda v: None if pd.isna(v) else str(int(v))).astype(object)
    if pd.api.types.is_integer_dtype(series):
        return series.astype(str).astype(object)
    return series.map(lambda v: None if v is None or pd.isna(v) else str(v).strip()).astype(object)


def _file_ids(path: Path) -> tuple[str, str]:
    m = re.match(r"^(\d+)[_\- ](.+)$", path.stem)
    return (m.group(1), m.group(2)) if m else (path.stem, path.stem)


def read_boundaries(
    path: str | Path,
    *,
    id_column: str | None = None,
    name_column: str | None = None,
    parent_column: str | None = None,
    crs: str | int | None = None,
    layer: str | None = None,
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
        refused with the list of layers (:class:`LayerChoiceError`).

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
    if not path.exists():
        raise BoundaryError(f"{path} does not exist", message_de=f"{path} existiert nicht")
    if path.suffix.lower() not in SUPPORTED:
        raise BoundaryError(
            f"{source}: unsupported file type {path.suffix!r}; use {', '.join(SUPPORTED)}",
            message_de=f"{source}: Dateityp {path.suffix!r} wird nicht unterstützt; "
            f"erlaubt: {', '.join(SUPPORTED)}",
        )
    with tempfile.TemporaryDirectory() as tmp:
        file, layer_name, chosen = _open_layer(path, Path(tmp), layer)
        frame, encoding = _read_frame(file, source, crs, layer_name)
    warnings: list[str] = []
    if chosen is not None:
        warnings.append(f"layer {chosen!r} read")
    id_col, ids, names = _ids_and_names(
        frame, path, id_column=id_column, name_column=name_column, warnings=warnings
    )
    checks.check_finite(frame.geometry.to_numpy(), ids.tolist(), source=source, error=BoundaryError)
    _check_crs(frame, source)
    for label, col in (("parent", parent_column),):
        _check_column(frame, source, label, col)
    _check_unique(ids, source, id_col)
    geoms = frame.geometry.to_numpy()
    valid = shapely.is_valid(geoms)
    repaired = [str(i) for i in ids[~valid]]
    for area_id, geom in zip(ids[~valid], geoms[~valid], strict=True):
        warnings.append(
            f"area {area_id}: invalid geometry repaired ({shapely.is_valid_reason(geom)})"
        )
    geoms = np.where(valid, geoms, shapely.make_valid(geoms))
    geoms = _polygonal(geoms)
    empty = shapely.is_empty(geoms) | pd.isna(geoms)
    if empty.all():
        raise BoundaryError(
            f"{source}: the file contains no polygons",
            message_de=f"{source}: die Datei enthält keine Flächen",
        )
    for area_id in ids[empty]:
        warnings.append(f"area {area_id}: no polygon, left out")
    parents = (
        _id_strings(frame[parent_column]).reset_index(drop=True)
        if parent_column
        else pd.Series([None] * len(frame), dtype=object)
    )
    areas = gpd.GeoDataFrame(
        {
            "area_id": ids,
            "area_name": names.map(lambda n: str(n).strip()),
            "parent_id": parents,
        },
        geometry=list(geoms),
        crs=frame.crs,
    )[~empty].reset_index(drop=True)
    metric = to_metric(areas)
    return Boundaries(
        areas=metric,
        source_crs=_crs_label(frame.crs),
        encoding=encoding,
        repaired=repaired,
        warnings=warnings,
        plausibility=_plausibility(areas, metric),
        layer=chosen,
    )


def _check_column(frame: gpd.GeoDataFrame, source: str, label: str, col: str | None) -> None:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if col is not None and col not in columns:
        raise BoundaryError(
            f"{source}: {label} column {col!r} not found; columns are "
            f"{', '.join(columns) or '(none)'}",
            message_de=f"{source}: {label}-Spalte {col!r} nicht gefunden; Spalten: "
            f"{', '.join(columns) or '(keine)'}",
        )


def _ids_and_names(
    frame: gpd.GeoDataFrame,
    path: Path,
    *,
    id_column: str | None,
    name_column: str | None,
    warnings: list[str],
) -> tuple[str | None, pd.Series, pd.Series]:
    """Return the id column used, the ids (strings) and the names of ``frame``."""
    source = path.name
    for label, col in (("id", id_column), ("name", name_column)):
        _check_column(frame, source, label, col)
    columns = [c for c in frame.columns if c != frame.geometry.name]
    id_col = id_column or _guess(columns, _ID_HINTS, frame)
    name_col = name_column or _guess([c for c in columns if c != id_col], _NAME_HINTS, frame)
    if id_col is None and len(frame) == 1:
        file_id, file_name = _file_ids(path)
        ids = pd.Series([file_id], dtype=object)
        names = pd.Series([(name_col and frame[name_col].iloc[0]) or file_name], dtype=object)
        warnings.append(f"id {file_id!r} and name {file_name!r} taken from the file name")
        return id_col, ids, names
    if id_col is None:
        ids = pd.Series([str(i + 1) for i in range(len(frame))], dtype=object)
        warnings.append("no id column found: areas numbered 1..n; pass --id-column")
    else:
        ids = _id_strings(frame[id_col]).reset_index(drop=True)
    names = frame[name_col].astype(object).reset_index(drop=True) if name_col else ids
    if id_column is None and id_col is not None:
        warnings.append(f"id column guessed: {id_col!r}")
    if name_column is None and name_col is not None:
        warnings.append(f"name column guessed: {name_col!r}")
    if ids.isna().any():
        row = int(ids.isna().to_numpy().argmax()) + 1
        raise BoundaryError(
            f"{source}, feature {row}: empty id in column {id_col!r}",
            message_de=f"{source}, Objekt {row}: leere ID in Spalte {id_col!r}",
        )
    return id_col, ids, names


def _check_unique(ids: pd.Series, source: str, id_col: str | None) -> None:
    dup = ids[ids.duplicated()]
    if len(dup):
        raise BoundaryError(
            f"{source}: id {dup.iloc[0]!r} appears more than once in column {id_col!r}; "
            "choose a unique id column with --id-column",
            message_de=f"{source}: ID {dup.iloc[0]!r} kommt in Spalte {id_col!r} mehrfach vor; "
            "bitte eine eindeutige ID-Spalte mit --id-column wählen",
        )
    checks.check_id_collisions(ids.tolist(), source=source, column=id_col, error=BoundaryError)


def plausibility_notes(areas: gpd.GeoDataFrame) -> list[Note]:
    """Return the plausibility warnings of read boundaries (e.g. of a stored version).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        Areas with ``area_id``, ``area_name`` and a CRS.

    Returns
    -------
    list of Note
        The warnings :func:`read_boundaries` gives for the same areas.
    """
    if not len(areas) or areas.crs is None:
        return []
    return _plausibility(areas, to_metric(areas))


def _plausibility(areas: gpd.GeoDataFrame, metric: gpd.GeoDataFrame) -> list[Note]:
    """Warnings on what reads fine but is probably wrong (see :mod:`geodata.checks`)."""
    ids = areas["area_id"].tolist()
    bounds = tuple(float(v) for v in areas.total_bounds)
    return [
        *checks.extent_notes((bounds[0], bounds[1], bounds[2], bounds[3]), areas.crs),
        *checks.antimeridian_notes(areas.geometry.to_numpy(), ids, areas.crs),
        *checks.overlap_notes(metric.geometry.to_numpy(), ids),
        *checks.duplicate_name_notes(ids, areas["area_name"].tolist()),
    ]


def _crs_label(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"{crs.name} (EPSG:{epsg})" if epsg else f"{crs.name} (custom, from file)"


def to_metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep a projected CRS in metres; move geographic data to its UTM zone."""
    crs = frame.crs
    if crs.is_projected and crs.axis_info[0].unit_name in ("metre", "meter"):
        return frame
    return frame.to_crs(frame.estimate_utm_crs())


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
        raise BoundaryError(
            f"id {dup.iloc[0]!r} comes from more than one file",
            message_de=f"ID {dup.iloc[0]!r} stammt aus mehreren Dateien",
        )
    return Boundaries(
        areas=areas,
        source_crs=parts[0].source_crs,
        repaired=[r for p in parts for r in p.repaired],
        warnings=[w for p in parts for w in p.warnings],
        plausibility=[n for p in parts for n in p.plausibility],
    )
