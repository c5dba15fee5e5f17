"""Choropleth maps built by pure functions: a prepared frame in, a folium.Map out.

The map loads only the assets it is given (served locally, never from a CDN),
draws no tiles unless a tile URL is configured, and uses a plain GeoJson with
a style function (no branca colormap, which would make streamlit-folium fetch
d3 from the internet). Tooltip texts must already be escaped
(:func:`geodata.markup.escape`): the browser inserts them as HTML. The
selected area is not part of the map: :func:`selection_layer` draws it on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import shapely.geometry
from branca.element import MacroElement
from folium.template import Template

from geodata import maptips
from geodata.errors import BoundaryError

#: Columns a frame handed to :func:`build_map` must have.
MAP_COLUMNS: tuple[str, ...] = ("idx", "fill", "tooltip", "geometry")


@dataclass(frozen=True)
class MapAssets:
    """Leaflet's script and stylesheet, as URLs the browser can reach offline."""

    js: tuple[tuple[str, str], ...]
    css: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Tiles:
    """An optional basemap (an intranet tile server or WMS-as-tiles URL)."""

    url: str
    attribution: str = ""


def _check_frame(areas: gpd.GeoDataFrame) -> None:
    missing = [c for c in MAP_COLUMNS if c not in areas.columns]
    if missing:
        raise BoundaryError(
            "geodata.map.columns_missing",
            missing=", ".join(missing),
            expected=", ".join(MAP_COLUMNS),
        )
    if areas.crs is None or areas.crs.to_epsg() != 4326:
        raise BoundaryError("geodata.map.not_4326", crs=areas.crs)


#: From this many areas the map draws on a canvas: panning 5,000 areas takes 0.4–0.5 s
#: instead of 0.9–1.9 s as SVG in Chromium (issue 12); smaller maps stay SVG (one DOM
#: path per area, which the browser tests address).
CANVAS_FROM_AREAS = 1000

#: The outline of the selected area (drawn over the map, not clickable).
SELECTED_STYLE: dict[str, Any] = {"fill": False, "color": "#000000", "weight": 4}


class OutlineOnClick(MacroElement):
    """Draw the clicked area's outline at once, before the app answers the click.

    Added to the areas' GeoJson: a click removes the outlines drawn so far
    (streamlit-folium keeps them in ``window.feature_group``) and draws the
    clicked area's in :data:`SELECTED_STYLE`. The app's selection layer
    (:func:`selection_layer`) replaces it when the rerun arrives.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.on('click', function (e) {
            var map = e.target._map, clicked = e.propagatedFrom || e.layer;
            if (!map || !clicked || !clicked.feature) { return; }
            window.feature_group = window.feature_group || [];
            window.feature_group.forEach(function (g) { map.removeLayer(g); });
            var outline = L.geoJson(clicked.feature, {
                style: {{ this.style|tojson }}, interactive: false
            }).addTo(map);
            window.feature_group.push(outline);
        });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "OutlineOnClick"
        self.style = SELECTED_STYLE


def _style(feature: dict[str, Any]) -> dict[str, Any]:
    return {
        "fillColor": feature["properties"]["fill"],
        "fillOpacity": 0.85,
        "color": "#ffffff",
        "weight": 1,
    }


def _features(areas: gpd.GeoDataFrame, records: list[list[int]]) -> dict[str, Any]:
    """Return the areas as GeoJSON: ``idx`` (also the feature id), ``fill``, ``tip``."""
    features = [
        {
            "type": "Feature",
            "id": int(idx),
            "properties": {"idx": int(idx), "fill": str(fill), "tip": tip},
            "geometry": shapely.geometry.mapping(geom),
        }
        for idx, fill, tip, geom in zip(
            areas["idx"], areas["fill"], records, areas.geometry, strict=True
        )
    ]
    return {"type": "FeatureCollection", "features": features}


def build_map(
    areas: gpd.GeoDataFrame,
    *,
    assets: MapAssets,
    overlay: gpd.GeoDataFrame | None = None,
    tiles: Tiles | None = None,
    height: int = 560,
    canvas: bool | None = None,
) -> folium.Map:
    """Return a choropleth map of prepared areas (the selection is drawn apart from it).

    The map does not depend on the selected area: :func:`selection_layer`
    draws its outline as a small layer on top, so a click never rebuilds the
    map; a click outlines the clicked area at once (:class:`OutlineOnClick`).
    Tooltips are sent compactly (:mod:`geodata.maptips`).

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        EPSG:4326, columns :data:`MAP_COLUMNS`: ``idx`` (int, returned on
        click), ``fill`` (hex colour), ``tooltip`` (escaped HTML, lines
        separated by ``<br>``).
    assets : MapAssets
        Local URLs of Leaflet's JS and CSS; the map references nothing else.
    overlay : geopandas.GeoDataFrame, optional
        Parent borders (EPSG:4326) drawn as lines on top, not clickable.
    tiles : Tiles, optional
        Basemap; none by default, so no request leaves the server.
    height : int
        Map height in pixels.
    canvas : bool, optional
        Draw on a canvas instead of SVG; by default from
        :data:`CANVAS_FROM_AREAS` areas on.

    Returns
    -------
    folium.Map
    """
    _check_frame(areas)
    fmap = folium.Map(
        tiles=None,
        control_scale=True,
        height=height,
        zoom_snap=0.25,
        prefer_canvas=len(areas) >= CANVAS_FROM_AREAS if canvas is None else canvas,
    )
    fmap.default_js = list(assets.js)
    fmap.default_css = list(assets.css)
    if tiles is not None:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution or " ", name="basemap").add_to(
            fmap
        )
    lines, records = maptips.encode([str(tip) for tip in areas["tooltip"]])
    layer = folium.GeoJson(
        _features(areas, records),
        name="areas",
        style_function=_style,
        highlight_function=lambda _f: {"weight": 3, "color": "#333333"},
        zoom_on_click=False,
    )
    layer.add_child(maptips.AreaTooltips(lines))
    layer.add_child(OutlineOnClick())
    layer.add_to(fmap)
    if overlay is not None and len(overlay):
        folium.GeoJson(
            overlay[["geometry"]],
            name="overlay",
            style_function=lambda _f: {"fill": False, "color": "#222222", "weight": 2.5},
            interactive=False,
        ).add_to(fmap)
    minx, miny, maxx, maxy = areas.total_bounds
    fmap.fit_bounds([[float(miny), float(minx)], [float(maxy), float(maxx)]])
    return fmap


def selection_layer(area: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Return the outline of the selected area as a layer to draw over a :func:`build_map` map.

    Parameters
    ----------
    area : geopandas.GeoDataFrame
        The selected area (EPSG:4326, the same display geometry as the map's).

    Returns
    -------
    folium.FeatureGroup
        One non-interactive GeoJson outline (:data:`SELECTED_STYLE`): clicks
        go through to the area below.
    """
    if area.crs is None or area.crs.to_epsg() != 4326:
        raise BoundaryError("geodata.map.not_4326", crs=area.crs)
    group = folium.FeatureGroup(name="selection")
    folium.GeoJson(
        area[["geometry"]],
        name="selected",
        style_function=lambda _f: dict(SELECTED_STYLE),
        interactive=False,
    ).add_to(group)
    return group


def external_urls(html: str, *, allowed_hosts: Sequence[str] = ()) -> list[str]:
    """Return the http(s) URLs a rendered map would load from other hosts.

    Only ``src=`` and ``href=`` attributes and CSS ``url(...)`` count; plain
    text such as a licence comment does not.
    """
    import re

    urls = re.findall(
        r"""(?:src|href)\s*=\s*["'](https?://[^"']+)|url\(\s*["']?(https?://[^)"']+)""", html
    )
    found = [a or b for a, b in urls]
    return [u for u in found if not any(u.startswith(h) for h in allowed_hosts)]
