"""Choosing what to read: the files of a zip archive (unpacked safely) and GeoPackage layers."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NamedTuple

import pyogrio

from geodata.errors import BoundaryError, LayerChoiceError

#: Files inside an archive that can hold boundaries.
LAYER_SUFFIXES = (".shp", ".gpkg", ".geojson", ".json")
#: Largest total size a boundary zip may unpack to, and the largest packing ratio.
MAX_UNZIPPED = 500 * 1024 * 1024
MAX_RATIO = 200


class LayerFile(NamedTuple):
    """One readable layer of a boundary file.

    Attributes
    ----------
    label : str
        How the analyst names it (``"teile.shp"``, ``"stadtteile"``, ``"a.gpkg:bezirke"``).
    file : Path
        The file to open (inside the unpacked archive for a zip).
    name : str or None
        The GeoPackage layer to read, None for a file with one layer.
    """

    label: str
    file: Path
    name: str | None


def candidates(path: Path, tmp: Path) -> list[LayerFile]:
    """Return every layer of ``path``; a zip is unpacked into ``tmp`` first.

    Parameters
    ----------
    path : Path
        A boundary file or a zip archive of them.
    tmp : Path
        An empty directory that outlives the reading of the chosen layer.

    Returns
    -------
    list of LayerFile
        Files of a zip in name order; a GeoPackage with several layers gives
        one entry per layer.
    """
    files = unzip(path, tmp) if path.suffix.lower() == ".zip" else [path]
    out: list[LayerFile] = []
    for file in files:
        label = file.relative_to(tmp).as_posix() if file.is_relative_to(tmp) else file.name
        names = _gpkg_layers(file)
        if len(names) > 1:
            prefix = f"{label}:" if len(files) > 1 else ""
            out.extend(LayerFile(f"{prefix}{n}", file, n) for n in names)
        else:
            out.append(LayerFile(label, file, None))
    return out


def _gpkg_layers(file: Path) -> list[str]:
    """Return the layer names of a GeoPackage (none for other files or an unreadable one)."""
    if file.suffix.lower() != ".gpkg":
        return []
    try:
        return [str(n) for n in pyogrio.list_layers(file)[:, 0]]
    except Exception:  # unreadable: the reader reports it with its own message
        return []


def choose_layer(path: Path, tmp: Path, layer: str | None) -> tuple[LayerFile, str | None]:
    """Return the layer to read and its label when there was a choice.

    Parameters
    ----------
    path, tmp : Path
        As for :func:`candidates`.
    layer : str, optional
        The analyst's choice: a label, file name, file stem or GeoPackage
        layer name (case-insensitive).

    Raises
    ------
    LayerChoiceError
        When the file holds several layers and ``layer`` names none or
        several of them; its ``layers`` are the labels to choose from.
    """
    found = candidates(path, tmp)
    labels = [c.label for c in found]
    if layer is None:
        if len(found) == 1:
            return found[0], None
        raise LayerChoiceError("geodata.layer.choose", layers=labels, name=path.name, n=len(found))
    wanted = layer.strip().casefold()
    hits = [c for c in found if wanted in _names_of(c)]
    if len(hits) != 1:
        key = "geodata.layer.ambiguous" if hits else "geodata.layer.unknown"
        raise LayerChoiceError(key, layers=labels, name=path.name, layer=layer)
    return hits[0], hits[0].label


def _names_of(candidate: LayerFile) -> set[str]:
    """Return the names (case-folded) by which a layer may be chosen."""
    file = candidate.file
    return {
        candidate.label.casefold(),
        file.name.casefold(),
        file.stem.casefold(),
        (candidate.name or "").casefold(),
    }


def unzip(path: Path, tmp: Path) -> list[Path]:
    """Unpack a zip archive into ``tmp`` and return the layer files inside it.

    macOS extras (``__MACOSX``, ``._*``) are skipped.

    Raises
    ------
    BoundaryError
        For a damaged archive, an unsafe one (see :func:`safe_extract`) or
        one without a layer file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            safe_extract(archive, tmp, path.name)
    except zipfile.BadZipFile:
        raise BoundaryError("geodata.zip.invalid", name=path.name) from None
    files = sorted(
        p
        for p in tmp.rglob("*")
        if p.is_file()
        and p.suffix.lower() in LAYER_SUFFIXES
        and "__MACOSX" not in p.relative_to(tmp).parts
        and not p.name.startswith("._")
    )
    if not files:
        raise BoundaryError("geodata.zip.no_layer", name=path.name)
    return files


def safe_extract(archive: zipfile.ZipFile, target: Path, name: str) -> None:
    """Extract ``archive`` into ``target``, refusing path traversal, links and zip bombs.

    Raises
    ------
    BoundaryError
        For an entry outside the archive or a symbolic link, or when the
        archive unpacks to more than :data:`MAX_UNZIPPED` bytes or more than
        :data:`MAX_RATIO` times its packed size.
    """
    members = archive.infolist()
    for member in members:
        _check_member(member, name)
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_UNZIPPED or total / packed > MAX_RATIO:
        raise BoundaryError(
            "geodata.zip.bomb", name=name, unpacked=total / 1e6, packed=packed / 1e6
        )
    archive.extractall(target)


def _check_member(member: zipfile.ZipInfo, name: str) -> None:
    """Refuse an archive entry that points outside the archive or is a symbolic link."""
    parts = Path(member.filename).parts
    if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in member.filename:
        raise BoundaryError("geodata.zip.outside", name=name, entry=member.filename)
    if (member.external_attr >> 16) & 0o170000 == 0o120000:
        raise BoundaryError("geodata.zip.link", name=name, entry=member.filename)
