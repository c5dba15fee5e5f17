"""Generate the Gelsenkirchen sample city reproducibly.

Run ``python -m sample_data.generate`` to rewrite the files next to this
script. The boundaries are SCHEMATIC (a Voronoi tessellation of approximate
Stadtteil centres clipped to an approximate city outline); the indicator values
are SYNTHETIC, anchored on public city-wide figures (see README.md here).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

HERE = Path(__file__).resolve().parent
SEED = 20231
YEARS = list(range(2016, 2024))
CITY_AREA_KM2 = 105.0

# id, name, Stadtbezirk, lat, lon, inhabitants (2023), deprivation 0 (favourable)..1
STADTTEILE: list[tuple[str, str, str, float, float, int, float]] = [
    ("11", "Altstadt", "Mitte", 51.512, 7.097, 10_000, 0.85),
    ("12", "Schalke", "Mitte", 51.526, 7.083, 20_500, 0.75),
    ("13", "Schalke-Nord", "Mitte", 51.540, 7.070, 5_500, 0.95),
    ("14", "Bismarck", "Mitte", 51.535, 7.110, 16_500, 0.72),
    ("15", "Bulmke-Hüllen", "Mitte", 51.515, 7.125, 15_000, 0.70),
    ("16", "Feldmark", "Mitte", 51.515, 7.068, 6_000, 0.40),
    ("17", "Heßler", "Mitte", 51.530, 7.045, 4_000, 0.60),
    ("21", "Neustadt", "Süd", 51.498, 7.090, 9_500, 0.92),
    ("22", "Ückendorf", "Süd", 51.490, 7.115, 19_500, 0.68),
    ("23", "Rotthausen", "Süd", 51.478, 7.085, 13_500, 0.50),
    ("31", "Horst", "West", 51.545, 7.028, 19_000, 0.55),
    ("32", "Beckhausen", "West", 51.563, 7.048, 13_000, 0.35),
    ("41", "Buer", "Nord", 51.578, 7.056, 33_000, 0.08),
    ("42", "Hassel", "Nord", 51.600, 7.062, 15_000, 0.55),
    ("43", "Scholven", "Nord", 51.603, 7.020, 9_000, 0.45),
    ("51", "Erle", "Ost", 51.560, 7.092, 26_000, 0.40),
    ("52", "Resse", "Ost", 51.573, 7.120, 13_500, 0.30),
    ("53", "Resser Mark", "Ost", 51.560, 7.138, 5_000, 0.05),
]
BEZIRKE = {"Mitte": "1", "Süd": "2", "West": "3", "Nord": "4", "Ost": "5"}


def boundaries() -> gpd.GeoDataFrame:
    """Voronoi cells of the centres, clipped to a buffered hull of ~105 km²."""
    pts = gpd.GeoSeries(
        gpd.points_from_xy([s[4] for s in STADTTEILE], [s[3] for s in STADTTEILE]), crs=4326
    ).to_crs(25832)
    hull = shapely.convex_hull(shapely.MultiPoint(list(pts)))
    low, high = 0.0, 5000.0
    for _ in range(60):  # bisection for the buffer giving the city area
        mid = (low + high) / 2
        if shapely.buffer(hull, mid, quad_segs=4).area / 1e6 < CITY_AREA_KM2:
            low = mid
        else:
            high = mid
    outline = shapely.buffer(hull, low, quad_segs=4)
    # a little irregularity so the outline does not look machine-made
    rng = np.random.default_rng(SEED)
    coords = np.asarray(outline.exterior.coords)[:-1]
    centre = np.asarray(outline.centroid.coords)[0]
    coords = centre + (coords - centre) * rng.uniform(0.97, 1.03, (len(coords), 1))
    outline = shapely.Polygon(coords)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(pts)), extend_to=outline)
    rows = []
    for (sid, name, bezirk, *_), point in zip(STADTTEILE, pts, strict=True):
        cell = next(c for c in cells.geoms if c.contains(point))
        geom = shapely.segmentize(cell.intersection(outline), 25.0)
        rows.append(
            {
                "stadtteil_nr": sid,
                "stadtteil": name,
                "stadtbezirk": bezirk,
                "stadtbezirk_nr": BEZIRKE[bezirk],
                "geometry": geom,
            }
        )
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs=25832)
    gdf.geometry = shapely.set_precision(gdf.geometry.to_numpy(), 0.01)
    return gdf


# id, label_de, label_en, domain, unit, polarity, kind, multiplier, school year?,
# city level 2016, city level 2023, spread by deprivation, denominator basis (share of pop)
INDICATORS: list[dict[str, object]] = [
    {
        "id": "gymnasium",
        "label_de": "Übergang aufs Gymnasium",
        "label_en": "Transition to Gymnasium",
        "domain": "Formale Bildung",
        "unit": "%",
        "polarity": "higher_is_better",
        "kind": "proportion",
        "school": True,
        "start": 31.0,
        "end": 30.0,
        "spread": -26.0,
        "base": 0.009,
        "source": "Schulstatistik (IT.NRW)",
        "description": "Anteil der Kinder der 4. Klasse, die auf ein Gymnasium wechseln",
    },
    {
        "id": "ohne_abschluss",
        "label_de": "Schulabgänge ohne Abschluss",
        "label_en": "School leavers without qualification",
        "domain": "Formale Bildung",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": True,
        "start": 7.5,
        "end": 8.5,
        "spread": 9.0,
        "base": 0.011,
        "source": "Schulstatistik (IT.NRW)",
        "description": "Anteil der Schulabgängerinnen und -abgänger ohne Hauptschulabschluss",
    },
    {
        "id": "hochschulreife",
        "label_de": "Abgänge mit Hochschulreife",
        "label_en": "Leavers with university entrance qualification",
        "domain": "Formale Bildung",
        "unit": "%",
        "polarity": "higher_is_better",
        "kind": "proportion",
        "school": True,
        "start": 30.0,
        "end": 32.0,
        "spread": -28.0,
        "base": 0.011,
        "source": "Schulstatistik (IT.NRW)",
        "description": "Anteil der Schulabgänge mit allgemeiner Hochschulreife",
    },
    {
        "id": "kita_u3",
        "label_de": "Betreuungsquote unter 3-Jährige",
        "label_en": "Childcare rate under 3",
        "domain": "Formale Bildung",
        "unit": "%",
        "polarity": "higher_is_better",
        "kind": "proportion",
        "school": False,
        "start": 20.0,
        "end": 27.0,
        "spread": -10.0,
        "base": 0.03,
        "source": "Jugendamt Gelsenkirchen",
        "description": "Betreute Kinder unter 3 Jahren je 100 Kinder dieses Alters",
        "rule": {"method": "thresholds", "target": 35.0, "tolerance": 0.25},
    },
    {
        "id": "sprache",
        "label_de": "Unzureichende Deutschkenntnisse bei Einschulung",
        "label_en": "Insufficient German at school entry",
        "domain": "Entwicklungskompetenzen",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": True,
        "start": 33.0,
        "end": 43.0,
        "spread": 45.0,
        "base": 0.009,
        "source": "Schuleingangsuntersuchung (Gesundheitsamt)",
        "description": "Kinder ohne oder mit unzureichenden "
        "Deutschkenntnissen bei der Schuleingangsuntersuchung",
    },
    {
        "id": "uebergewicht",
        "label_de": "Übergewicht bei Einschulung",
        "label_en": "Overweight at school entry",
        "domain": "Entwicklungskompetenzen",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": True,
        "start": 12.5,
        "end": 13.0,
        "spread": 14.0,
        "base": 0.009,
        "source": "Schuleingangsuntersuchung (Gesundheitsamt)",
        "description": "Übergewichtige und adipöse Kinder (BMI > 90. Perzentil)",
    },
    {
        "id": "koordination",
        "label_de": "Auffällige Körperkoordination",
        "label_en": "Impaired motor coordination",
        "domain": "Entwicklungskompetenzen",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": True,
        "start": 18.0,
        "end": 21.0,
        "spread": 12.0,
        "base": 0.009,
        "source": "Schuleingangsuntersuchung (Gesundheitsamt)",
        "description": "Kinder mit auffälligem Befund der Körperkoordination",
    },
    {
        "id": "vorsorge_u8",
        "label_de": "Vollständige Früherkennung U1–U8",
        "label_en": "Complete check-ups U1–U8",
        "domain": "Entwicklungskompetenzen",
        "unit": "%",
        "polarity": "higher_is_better",
        "kind": "proportion",
        "school": True,
        "start": 82.0,
        "end": 84.0,
        "spread": -18.0,
        "base": 0.009,
        "source": "Schuleingangsuntersuchung (Gesundheitsamt)",
        "description": "Kinder mit vollständig dokumentierten Früherkennungsuntersuchungen",
    },
    {
        "id": "einwohner",
        "label_de": "Einwohnerinnen und Einwohner",
        "label_en": "Inhabitants",
        "domain": "Demografie",
        "unit": "",
        "polarity": "no_judgement",
        "kind": "count",
        "school": False,
        "source": "Einwohnermelderegister",
        "description": "Personen mit Hauptwohnsitz am 31.12.",
    },
    {
        "id": "anteil_u18",
        "label_de": "Anteil unter 18-Jährige",
        "label_en": "Share under 18",
        "domain": "Demografie",
        "unit": "%",
        "polarity": "no_judgement",
        "kind": "proportion",
        "school": False,
        "start": 16.5,
        "end": 18.0,
        "spread": 5.0,
        "base": 1.0,
        "source": "Einwohnermelderegister",
        "description": "Anteil der unter 18-Jährigen an allen Einwohnerinnen und Einwohnern",
    },
    {
        "id": "anteil_65plus",
        "label_de": "Anteil 65-Jährige und Ältere",
        "label_en": "Share 65 and older",
        "domain": "Demografie",
        "unit": "%",
        "polarity": "no_judgement",
        "kind": "proportion",
        "school": False,
        "start": 22.0,
        "end": 21.5,
        "spread": -7.0,
        "base": 1.0,
        "source": "Einwohnermelderegister",
        "description": "Anteil der 65-Jährigen und Älteren",
    },
    {
        "id": "auslaender",
        "label_de": "Ausländeranteil",
        "label_en": "Share of foreign nationals",
        "domain": "Migration",
        "unit": "%",
        "polarity": "no_judgement",
        "kind": "proportion",
        "school": False,
        "start": 13.0,
        "end": 19.5,
        "spread": 34.0,
        "base": 1.0,
        "source": "Einwohnermelderegister",
        "description": "Personen ohne deutsche Staatsangehörigkeit",
    },
    {
        "id": "migration_u6",
        "label_de": "Kinder unter 6 mit Migrationshintergrund",
        "label_en": "Children under 6 with migration background",
        "domain": "Migration",
        "unit": "%",
        "polarity": "no_judgement",
        "kind": "proportion",
        "school": False,
        "start": 45.0,
        "end": 55.0,
        "spread": 45.0,
        "base": 0.06,
        "source": "Einwohnermelderegister (Migrationshintergrund abgeleitet)",
        "description": "Anteil der unter 6-Jährigen mit Migrationshintergrund",
    },
    {
        "id": "sgb2_u15",
        "label_de": "Unter 15-Jährige in SGB-II-Bedarfsgemeinschaften",
        "label_en": "Children under 15 receiving SGB II benefits",
        "domain": "Sozioökonomische Lage",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": False,
        "start": 38.0,
        "end": 40.0,
        "spread": 48.0,
        "base": 0.14,
        "source": "Bundesagentur für Arbeit",
        "description": (
            "Anteil der unter 15-Jährigen, die in Bedarfsgemeinschaften nach SGB II leben"
        ),
    },
    {
        "id": "arbeitslos",
        "label_de": "Arbeitslosenanteil",
        "label_en": "Unemployment share",
        "domain": "Sozioökonomische Lage",
        "unit": "%",
        "polarity": "lower_is_better",
        "kind": "proportion",
        "school": False,
        "start": 13.0,
        "end": 12.0,
        "spread": 12.0,
        "base": 0.65,
        "source": "Bundesagentur für Arbeit",
        "description": "Arbeitslose je 100 Personen von 15 bis unter 65 Jahren",
    },
    {
        "id": "einkommen",
        "label_de": "Durchschnittseinkommen je Steuerpflichtigen",
        "label_en": "Average income per taxpayer",
        "domain": "Sozioökonomische Lage",
        "unit": "€",
        "polarity": "higher_is_better",
        "kind": "mean",
        "school": False,
        "start": 29_000.0,
        "end": 33_500.0,
        "spread": -14_000.0,
        "base": 0.45,
        "source": "Lohn- und Einkommensteuerstatistik",
        "description": "Gesamtbetrag der Einkünfte je Steuerpflichtigen",
    },
    {
        "id": "sozialindex",
        "label_de": "Schulsozialindex (Mittel der Grundschulen)",
        "label_en": "School social index (primary school mean)",
        "domain": "Sozioökonomische Lage",
        "unit": "",
        "polarity": "lower_is_better",
        "kind": "index",
        "school": True,
        "start": 5.5,
        "end": 6.0,
        "spread": 6.0,
        "base": 0.0,
        "source": "MSB NRW",
        "description": (
            "Mittlerer Sozialindex der Grundschulen im Stadtteil (1 günstig … 9 ungünstig)"
        ),
        "rule": {"method": "quantiles"},
    },
]


def _period(year: int, school: bool) -> str:
    return f"{year - 1}/{year % 100:02d}" if school else str(year)


def observations(rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic values per Stadtteil, indicator and year."""
    rows: list[dict[str, object]] = []
    dep = np.array([s[6] for s in STADTTEILE])
    dep_c = dep - np.average(dep, weights=[s[5] for s in STADTTEILE])
    pop23 = np.array([s[5] for s in STADTTEILE], dtype=float)
    growth = rng.normal(0.0, 0.004, len(STADTTEILE))
    for spec in INDICATORS:
        school = bool(spec["school"])
        area_effect = rng.normal(0, 0.12, len(STADTTEILE))
        for year in YEARS:
            t = (year - YEARS[0]) / (YEARS[-1] - YEARS[0])
            pop = np.round(pop23 * (1 - growth * (YEARS[-1] - year)))
            period = _period(year, school)
            if spec["id"] == "einwohner":
                for (sid, *_), p in zip(STADTTEILE, pop, strict=True):
                    rows.append(
                        {
                            "area_id": sid,
                            "indicator": "einwohner",
                            "period": period,
                            "value": p,
                            "numerator": p,
                            "denominator": np.nan,
                        }
                    )
                continue
            level = float(spec["start"]) + t * (float(spec["end"]) - float(spec["start"]))
            spread = float(spec["spread"])
            values = level + spread * (dep_c + area_effect * 0.3)
            if spec["kind"] == "index":
                vals = np.clip(values + rng.normal(0, 0.2, len(values)), 1, 9)
                for (sid, *_), v in zip(STADTTEILE, vals, strict=True):
                    rows.append(
                        {
                            "area_id": sid,
                            "indicator": spec["id"],
                            "period": period,
                            "value": round(float(v), 1),
                            "numerator": np.nan,
                            "denominator": np.nan,
                        }
                    )
                continue
            den = np.maximum(np.round(pop * float(spec["base"])), 1)
            if spec["kind"] == "mean":
                num = np.round(values * den * rng.normal(1, 0.01, len(den)))
            else:
                share = np.clip(values / 100, 0.01, 0.95)
                num = rng.binomial(den.astype(int), share).astype(float)
            for (sid, *_), n, d in zip(STADTTEILE, num, den, strict=True):
                rows.append(
                    {
                        "area_id": sid,
                        "indicator": spec["id"],
                        "period": period,
                        "value": np.nan,
                        "numerator": n,
                        "denominator": d,
                    }
                )
    frame = pd.DataFrame(rows)
    frame["missing_reason"] = None
    _holes(frame)
    return frame


def _holes(frame: pd.DataFrame) -> None:
    """Punch a few realistic gaps and one small denominator, so grey appears."""

    def at(area: str, ind: str, period: str) -> pd.Series:
        return (frame.area_id == area) & (frame.indicator == ind) & (frame.period == period)

    # Heßler: too few school leavers in 2022/23 to rate
    frame.loc[at("17", "ohne_abschluss", "2022/23"), ["numerator", "denominator"]] = [1, 12]
    # suppressed for confidentiality
    frame.loc[at("53", "koordination", "2022/23"), ["numerator", "denominator"]] = np.nan
    frame.loc[at("53", "koordination", "2022/23"), "missing_reason"] = "suppressed"
    # delivered late
    frame.loc[at("13", "kita_u3", "2023"), ["numerator", "denominator"]] = np.nan
    frame.loc[at("13", "kita_u3", "2023"), "missing_reason"] = "not_yet_available"
    frame.loc[at("43", "einkommen", "2019"), ["numerator", "denominator"]] = np.nan
    frame.loc[at("43", "einkommen", "2019"), "missing_reason"] = "unknown"


def catalog_yaml() -> str:
    """Return the indicator catalogue as YAML text."""
    import yaml

    entries = []
    for spec in INDICATORS:
        kind = spec["kind"]
        entry = {
            k: spec[k]
            for k in (
                "id",
                "label_de",
                "label_en",
                "domain",
                "unit",
                "polarity",
                "kind",
                "source",
                "description",
            )
        }
        entry["multiplier"] = 100 if kind == "proportion" else 1
        if "rule" in spec:
            entry["rule"] = spec["rule"]
        entries.append(entry)
    header = (
        "# Indikatorenkatalog der Beispielstadt Gelsenkirchen (synthetische Werte).\n"
        "# Erzeugt von sample_data/generate.py; Felder siehe docs/DATA.md.\n"
    )
    return header + yaml.safe_dump(
        {"indicators": entries}, allow_unicode=True, sort_keys=False, width=100
    )


def main() -> None:
    rng = np.random.default_rng(SEED)
    gdf = boundaries()
    gdf.to_file(
        HERE / "gelsenkirchen_stadtteile.gpkg", driver="GPKG", engine="pyogrio", layer="stadtteile"
    )
    obs = observations(rng)
    obs.to_csv(HERE / "gelsenkirchen_indikatoren.csv", index=False, float_format="%.10g")
    (HERE / "katalog.yaml").write_text(catalog_yaml(), encoding="utf-8")


if __name__ == "__main__":
    main()
