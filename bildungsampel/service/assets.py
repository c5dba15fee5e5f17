"""Leaflet served locally: copied from XStatic-Leaflet into Streamlit's static folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

from geodata.mapview import MapAssets

LEAFLET_VERSION: str = xleaflet.VERSION
_FILES = ("leaflet.js", "leaflet.css", "images")


def vendor_dir(static_dir: Path) -> Path:
    """Return the folder holding this Leaflet version below ``static_dir``."""
    return static_dir / "vendor" / f"leaflet-{LEAFLET_VERSION}"


def ensure_leaflet(static_dir: Path) -> Path:
    """Copy Leaflet's JS, CSS and images into ``static_dir`` once; return the folder.

    The copy goes to a temporary sibling first and is renamed into place, so
    a second server process starting at the same moment never sees half a copy.
    """
    target = vendor_dir(static_dir)
    if (target / "leaflet.js").is_file():
        return target
    source = Path(xleaflet.BASE_DIR)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in _FILES:
        item = source / name
        if item.is_dir():
            shutil.copytree(item, tmp / name)
        else:
            shutil.copy2(item, tmp / name)
    try:
        tmp.rename(target)
    except OSError:  # another process won the race
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def leaflet_assets(base_url_path: str = "") -> MapAssets:
    """Return the URLs under which Streamlit serves the local Leaflet copy.

    Parameters
    ----------
    base_url_path : str
        Streamlit's ``server.baseUrlPath`` (empty when served at the root).
    """
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    root = f"{base}/app/static/vendor/leaflet-{LEAFLET_VERSION}"
    return MapAssets(
        js=(("leaflet", f"{root}/leaflet.js"),),
        css=(("leaflet_css", f"{root}/leaflet.css"),),
    )
