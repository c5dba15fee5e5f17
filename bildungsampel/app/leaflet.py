"""The map component: a folium map prepared once, shown on every rerun without rebuilding it.

``st_folium`` turns the whole map into JavaScript on every rerun (it walks
every element, re-serialises the GeoJSON and hashes the multi-MB result:
0.6 s at 5,000 areas). :func:`prepare` does that once, when the map is
cached (:func:`bildungsampel.app.cache.choropleth`), and :func:`show` hands
the stored strings to streamlit-folium's component with the same arguments
``st_folium`` would pass (``tests/bildungsampel/app/test_leaflet.py`` checks
that against the installed streamlit-folium). The selected area is not part
of the map: it comes as the small script of a feature group
(:func:`selection_script`), which the component adds to the map already
drawn, so a click never redraws the map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import streamlit_folium as sf

#: What the map page asks the component to return (no rerun on pan or zoom).
RETURNED = ("last_active_drawing",)


@dataclass(frozen=True)
class PreparedMap:
    """A map turned into the strings streamlit-folium's component draws.

    Attributes
    ----------
    script : str
        The map's Leaflet JavaScript (with every area and tooltip record).
    header, html : str
        The map's header and body HTML (styles, the tooltip template).
    map_id : str
        The folium id of the map.
    css_links, js_links : tuple of str
        Local URLs of the stylesheets and scripts (Leaflet).
    bounds : list
        South-west and north-east corner ``[[lat, lng], [lat, lng]]``.
    zoom : int or None
        The map's initial zoom (as folium stores it).
    digest : str
        SHA-256 of the script: the component is mounted again only when it changes.
    """

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: list[list[float | None]]
    zoom: Any
    digest: str


def prepare(fmap: folium.Map) -> PreparedMap:
    """Render ``fmap`` once into what the component needs (as ``st_folium`` does per rerun)."""
    fmap.get_root().render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css = [href for elem in _walk(fmap) for _, href in getattr(elem, "default_css", [])]
    js = [src for elem in _walk(fmap) for _, src in getattr(elem, "default_js", [])]
    return PreparedMap(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(fmap),
        css_links=tuple(dict.fromkeys(css)),
        js_links=tuple(dict.fromkeys(js)),
        bounds=fmap.get_bounds(),
        zoom=fmap.options.get("zoom"),
        digest=hashlib.sha256(script.encode()).hexdigest(),
    )


def _walk(element: Any) -> list[Any]:
    """Return the elements carrying assets, as ``st_folium`` collects them."""
    found = [element] if isinstance(element, folium.elements.JSCSSMixin) else []
    for child in getattr(element, "_children", {}).values():
        found += _walk(child)
    return found


def selection_script(layer: folium.FeatureGroup) -> str:
    """Return the script that adds ``layer`` to the drawn map (a few KB for one area)."""
    return str(sf._get_feature_group_string(layer, map=folium.Map(tiles=None), idx=0))


def _bounds(bounds: list[list[float | None]]) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = bounds
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def show(
    prepared: PreparedMap,
    *,
    key: str,
    selection: str | None = None,
    height: int = 560,
    returned_objects: Sequence[str] = RETURNED,
) -> Any:
    """Draw a prepared map as wide as its column; return what the user last did on it.

    Parameters
    ----------
    prepared : PreparedMap
        From :func:`prepare` (cached).
    key : str
        Widget key; together with the map's digest it names the component, so
        a new map (another indicator) mounts a new one and a new selection does not.
    selection : str, optional
        :func:`selection_script` of the selected area.
    height : int
        Height in pixels.
    returned_objects : sequence of str
        Component values that rerun the app when they change.

    Returns
    -------
    dict or None
        The component's value, e.g. ``{"last_active_drawing": {...}}``.
    """
    defaults: dict[str, Any] = {"bounds": _bounds(prepared.bounds), "zoom": prepared.zoom}
    return sf._component_func(
        script=prepared.script,
        header=prepared.header,
        html=prepared.html,
        id=prepared.map_id,
        key=f"{key}_{prepared.digest[:16]}",
        height=height,
        width=None,
        returned_objects=list(returned_objects),
        default={k: defaults.get(k) for k in returned_objects},
        zoom=None,
        center=None,
        feature_group=selection,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(prepared.css_links),
        js_links=list(prepared.js_links),
        wrap_longitude=False,
    )
