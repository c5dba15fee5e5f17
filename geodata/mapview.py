"""Choropleth maps built by pure functions: a prepared frame in, a folium.Map out.

The map loads only the assets it is given (served locally, never from a CDN),
draws no tiles unless a tile URL is configured, and uses a plain GeoJson with
a style function (no branca colormap, which would make streamlit-folium fetch
d3 from the internet). Tooltip texts must already be escaped
(:func:`geodata.markup.escape`): folium inserts them as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd

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


def _style(feature: dict[str, Any], selected: int | None) -> dict[str, Any]:
    props = feature["properties"]
    chosen = props["idx"] == selected
    return {
        "fillColor": props["fill"],
        "fillOpacity": 0.85,
        "color": "#000000" if chosen else "#ffffff",
        "weight": 4 if chosen else 1,
    }


class _RenderedOnce(folium.Map):
    """A map whose HTML is rendered once; later ``render`` calls reuse it.

    streamlit-folium renders the map on every rerun, and for thousands of
    areas most of that time goes into re-serialising the same GeoJSON. A
    map from :func:`build_map` never changes after it is built, so caching
    it (see ``bildungsampel.app.cache``) and rendering it once is safe.
    """

    _rendered = False

    def render(self, **kwargs: Any) -> Any:
        if not self._rendered:
            super().render(**kwargs)  # type: ignore[no-untyped-call]
            self._rendered = True


def build_map(
    areas: gpd.GeoDataFrame,
    *,
    assets: MapAssets,
    overlay: gpd.GeoDataFrame | None = None,
    selected: int | None = None,
    tiles: Tiles | None = None,
    height: int = 560,
) -> folium.Map:
    """Return a choropleth map of prepared areas.

    Parameters
    ----------
    areas : geopandas.GeoDataFrame
        EPSG:4326, columns :data:`MAP_COLUMNS`: ``idx`` (int, returned on
        click), ``fill`` (hex colour), ``tooltip`` (escaped HTML).
    assets : MapAssets
        Local URLs of Leaflet's JS and CSS; the map references nothing else.
    overlay : geopandas.GeoDataFrame, optional
        Parent borders (EPSG:4326) drawn as lines on top, not clickable.
    selected : int, optional
        ``idx`` of the area drawn with a bold outline.
    tiles : Tiles, optional
        Basemap; none by default, so no request leaves the server.
    height : int
        Map height in pixels.

    Returns
    -------
    folium.Map
    """
    _check_frame(areas)
    fmap = _RenderedOnce(tiles=None, control_scale=True, height=height, zoom_snap=0.25)
    fmap.default_js = list(assets.js)
    fmap.default_css = list(assets.css)
    if tiles is not None:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution or " ", name="basemap").add_to(
            fmap
        )
    data = areas[list(MAP_COLUMNS)]
    folium.GeoJson(
        data,
        name="areas",
        style_function=lambda f: _style(f, selected),
        highlight_function=lambda _f: {"weight": 3, "color": "#333333"},
        tooltip=folium.GeoJsonTooltip(
            fields=["tooltip"],
            labels=False,
            sticky=True,
            style="white-space: normal; width: 320px; max-width: 340px; font-size: 13px;",
        ),
        zoom_on_click=False,
    ).add_to(fmap)
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
