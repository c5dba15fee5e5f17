"""A corpus of hostile files: each gives a clear message (never a traceback) and the
store stays byte-for-byte unchanged."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from openpyxl import Workbook

import sample_data
from bildungsampel.present import export
from bildungsampel.service import publishing
from indicators import importer
from indicators.errors import BildungsampelError
from tests import helpers

HEADER = "Stadtteil;Jahr;Übergang aufs Gymnasium\n"


def csv(body: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + body).encode(encoding)


def xlsx_several_sheets_merged() -> bytes:
    book = Workbook()
    notes = book.active
    notes.title = "Hinweise"
    notes["A1"] = "Quelle: Schulamt"
    data = book.create_sheet("Daten")
    data.append(["Stadtteil", "Übergang aufs Gymnasium", None])
    data.append([None, "2022/23", "2023/24"])
    data.merge_cells("B1:C1")
    data.append(["Buer", 41.5, 42.0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_header_only() -> bytes:
    book = Workbook()
    book.active.append(["Stadtteil", "Jahr", "Übergang aufs Gymnasium"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def shapefile_parts(tmp: Path) -> dict[str, bytes]:
    areas = gpd.read_file(sample_data.BOUNDARIES)
    areas.to_file(tmp / "gebiete.shp", engine="pyogrio")
    return {p.name: p.read_bytes() for p in tmp.glob("gebiete.*")}


def geojson(features: list[dict], crs: dict | None = None) -> bytes:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = crs
    return json.dumps(doc).encode()


def square(x: float, y: float, d: float, *extra: float) -> list:
    ring = [
        [x, y, *extra],
        [x + d, y, *extra],
        [x + d, y + d, *extra],
        [x, y + d, *extra],
        [x, y, *extra],
    ]
    return [ring]


PAYLOAD = '<img src=x onerror="alert(1)">'

# name, file name, bytes builder, expected message (regex, English) or None when it imports
INDICATOR_CASES = [
    ("empty", "leer.csv", lambda: b"", "the file is empty"),
    ("whitespace", "leer2.csv", lambda: b"  \n\n ", "the file is empty"),
    ("header only", "kopf.csv", lambda: csv(""), "header but no data rows"),
    ("binary as csv", "bild.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("utf-16", "utf16.csv", lambda: csv("Buer;2023;41\n", encoding="utf-16"), "binary"),
    (
        "mojibake",
        "kaputt.csv",
        lambda: csv("Buer;2023;41\n").replace("Ü".encode(), "Ü".encode().decode("cp1252").encode()),
        "garbled characters",
    ),
    ("one column", "pipe.csv", lambda: b"Stadtteil|Jahr|Wert\nBuer|2023|41\n", "only one column"),
    (
        "ragged rows",
        "gemischt.csv",
        lambda: csv("Buer;2023;41\nHassel;2023;30;12;99\n"),
        "same number of fields",
    ),
    (
        "one field too many",
        "eins_zu_viel.csv",
        lambda: csv("Buer;2023;41\nHassel;2023;30;12\n"),
        "line 3: 4 fields, but the header has 3",
    ),
    (
        "too large",
        "riesig.csv",
        lambda: HEADER.encode() + b"Buer;2023;41\n" * 16_000_000,
        "more than the limit of 50 MB",
    ),
    ("no year", "ohnejahr.csv", lambda: b"Stadtteil;Gymnasium\nBuer;41\n", "no year column"),
    (
        "broken xlsx",
        "kaputt.xlsx",
        lambda: b"PK\x03\x04not really a workbook",
        "cannot be read as an Excel workbook",
    ),
    ("xlsx header only", "kopf.xlsx", xlsx_header_only, "has no data rows"),
]
REPORT_CASES = [
    ("duplicate rows", csv("Buer;2023;41\nBuer;2023;41\n"), "duplicate row"),
    (
        "numerator > denominator",
        b"area_id;indicator;year;value;numerator;denominator\n41;gymnasium;2023/24;;120;100\n",
        "numerator greater than denominator",
    ),
    (
        "value contradicts its counts",
        b"area_id;indicator;year;value;numerator;denominator\n41;gymnasium;2023/24;30;100;100\n",
        "value 30 does not match numerator/denominator 100/100 × 100 = 100",
    ),
    ("percent > 100", csv("Buer;2023;140\n"), "share above 100 %"),
    ("negative share", csv("Buer;2023;-  5\n"), "negative value"),
    ("unknown area", csv("Atlantis;2023;40\n"), "area not found"),
    ("unreadable number", csv("Buer;2023;vierzig\n"), "not a readable number"),
    ("implausible year", csv("Buer;1850;40\n"), "not a year or school year|implausible year"),
    (
        "formula in name",
        csv('"=HYPERLINK(""http://evil.example"";""Buer"")";2023;40\n'),
        "area not found",
    ),
    ("html in name", csv(f"{PAYLOAD};2023;40\n"), "area not found"),
    (
        "html in header",
        b"Stadtteil;Jahr;<script>alert(1)</script>\nBuer;2023;40\n",
        "indicator not in the catalogue",
    ),
    (
        "unknown indicator column",
        b"Stadtteil;Jahr;Zufall\nBuer;2023;40\n",
        "indicator not in the catalogue",
    ),
]
GOOD_CASES = [
    (
        "cp1252 with umlauts",
        "alt.csv",
        csv("Heßler;2023;17,5\nBülmke-Hüllen;2023;20\n", encoding="cp1252"),
    ),
    (
        "ids read as numbers",
        "ids.csv",
        b"area_id;indicator;period;value\n41.0;gymnasium;2023/24;41,5\n011;gymnasium;2023/24;36\n",
    ),
    ("several sheets, merged header", "mappe.xlsx", xlsx_several_sheets_merged()),
    (
        "city and borough rows",
        "mit_summen.csv",
        csv("Buer;2023;41\nNord;2023;39\nGesamt;2023;31\nGelsenkirchen;2023;31\n"),
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "build", "message"), INDICATOR_CASES, ids=[c[0] for c in INDICATOR_CASES]
)
def test_unreadable_tables_are_refused_clearly(store, case, name, build, message):
    before = helpers.fingerprint(store)
    with pytest.raises(BildungsampelError, match=message) as info:
        publishing.prepare_indicators(
            store, build(), name, options=importer.ImportOptions(period=None)
        )
    assert name in info.value.text("en") or "year" in info.value.text("en")
    assert info.value.text("de") != info.value.text("en")  # translated
    assert helpers.fingerprint(store) == before


@pytest.mark.parametrize(
    ("case", "data", "message"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES]
)
def test_bad_rows_are_reported_and_nothing_is_published(store, case, data, message):
    before = helpers.fingerprint(store)
    prepared, entries = publishing.prepare_indicators(store, data, f"{case}.csv")
    report = prepared.report("en")
    assert report["problem"].str.contains(message).any(), report.to_string()
    hit = report[report["problem"].str.contains(message)].iloc[0]
    assert hit["fix"]  # every problem says how to fix it
    assert not prepared.ok
    with pytest.raises(BildungsampelError, match="not published, the check found errors"):
        publishing.publish_indicators(store, prepared, entries, author="test")
    assert helpers.fingerprint(store) == before
    exported = export.report_file(prepared.report("de"), fmt="csv", lang="de").decode("utf-8-sig")
    assert "\n=" not in exported  # formulas neutralised
    assert ";=" not in exported


@pytest.mark.parametrize(("case", "name", "data"), GOOD_CASES, ids=[c[0] for c in GOOD_CASES])
def test_awkward_but_valid_tables_import(store, case, name, data):
    prepared, _ = publishing.prepare_indicators(
        store, data, name, options=importer.ImportOptions(period=None)
    )
    errors = [p for p in prepared.problems if p.severity == "error"]
    assert errors == [], prepared.report("en").to_string()
    assert len(prepared.observations) >= 1


def test_valid_upload_values(store):
    prepared, _ = publishing.prepare_indicators(store, GOOD_CASES[0][2], "alt.csv")
    values = prepared.observations.set_index("area_id")["value"].to_dict()
    assert values == {"17": 17.5, "15": 20.0}
    merged, _ = publishing.prepare_indicators(store, GOOD_CASES[2][2], "mappe.xlsx")
    obs = merged.observations.set_index("period")["value"].to_dict()
    assert obs == {"2022/23": 41.5, "2023/24": 42.0}
    sums, _ = publishing.prepare_indicators(store, GOOD_CASES[3][2], "s.csv")
    notes = sums.report("en")["problem"].tolist()
    city = (
        "row for the city total recognised: kept as the delivered city value the areas are "
        "compared with"
    )
    assert notes.count(city) == 1
    assert notes.count("another row for the city total, not imported (the first one counts)") == 1
    assert notes.count("row for a borough recognised, not imported") == 1


def boundary_cases(tmp: Path) -> list[tuple[str, str, bytes, str]]:
    shp = shapefile_parts(tmp)
    bomb = zipped({"gebiete.shp": b"\0" * 400_000_000})
    return [
        ("zip bomb", "bombe.zip", bomb, "zip bomb"),
        (
            "path traversal",
            "reise.zip",
            zipped({"../../etc/gebiete.shp": shp["gebiete.shp"]}),
            "points outside the archive",
        ),
        ("not a zip", "falsch.zip", b"this is text", "not a valid zip archive"),
        (
            "shapefile without .shx",
            "ohne_shx.zip",
            zipped({k: v for k, v in shp.items() if not k.endswith(".shx")}),
            "lacks its .shx",
        ),
        (
            "shapefile without .prj",
            "ohne_prj.zip",
            zipped({k: v for k, v in shp.items() if not k.endswith(".prj")}),
            "no coordinate reference system",
        ),
        (
            "projected geojson without crs",
            "meter.geojson",
            geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"id": "1"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": square(360000, 5710000, 900),
                        },
                    }
                ]
            ),
            "projected metres",
        ),
        ("not json", "kaputt.geojson", b"{not json", "cannot be read as a boundary file"),
        (
            "duplicate ids",
            "doppelt.geojson",
            geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"id": "1", "name": "A"},
                        "geometry": {"type": "Polygon", "coordinates": square(7.0, 51.5, 0.01)},
                    },
                    {
                        "type": "Feature",
                        "properties": {"id": "1", "name": "B"},
                        "geometry": {"type": "Polygon", "coordinates": square(7.02, 51.5, 0.01)},
                    },
                ]
            ),
            "appears more than once",
        ),
        (
            "drops areas with data",
            "klein.geojson",
            geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"id": "41", "name": "Buer"},
                        "geometry": {"type": "Polygon", "coordinates": square(7.0, 51.5, 0.01)},
                    }
                ]
            ),
            "have published values but are missing",
        ),
    ]


def publish_checked(store, data: bytes, name: str) -> int:
    check = publishing.prepare_boundaries_bytes(store, data, name)
    return publishing.publish_boundaries(store, check, author="test")


def test_hostile_boundary_files(store, tmp_path):
    cases = boundary_cases(tmp_path)
    assert len(INDICATOR_CASES) + len(REPORT_CASES) + len(GOOD_CASES) + len(cases) + 1 >= 30
    before = helpers.fingerprint(store)
    for case, name, data, message in cases:
        with pytest.raises(BildungsampelError, match=message):
            publish_checked(store, data, name)
        assert helpers.fingerprint(store) == before, case


def test_geojson_with_four_ordinates_loads_without_extras(store):
    features = [
        {
            "type": "Feature",
            "properties": {"id": "1", "name": "A"},
            "geometry": {"type": "Polygon", "coordinates": square(7.0, 51.5, 0.01, 60, 3)},
        }
    ]
    check = publishing.prepare_boundaries_bytes(store, geojson(features), "xyzm.geojson")
    geom = check.boundaries.areas.geometry.iloc[0]
    assert geom.geom_type == "Polygon"
    assert check.boundaries.areas.to_crs(4326).geometry.iloc[0].bounds[0] == pytest.approx(7.0)
