"""Hostile numbers and names in the domain (issue 9): overflow on aggregation, digits
outside 0–9, count cells that are no number, formulas without results, report size for
many unmatched names (their time: ``benchmarks/hostile.py``), plausibility of stored versions,
documented limits."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import sample_data
from bildungsampel.cli import app
from bildungsampel.service import publishing, settings
from bildungsampel.service.store import Publication
from indicators import aggregate, importer
from indicators.catalog_files import load_catalog
from indicators.catalog_schema import CatalogLimits
from indicators.errors import BildungsampelError
from indicators.tables import TableLimits
from tests import helpers
from tests.hostile.test_hostile_inputs import csv
from tests.indicators.test_tables_hostile import uncached_formulas, xlsx

ROOT = helpers.ROOT
LONG = "area_id;indicator;period;value;numerator;denominator\n"
AREAS = ["11", "12", "13", "14", "15", "16", "17"]


def lines(prepared: importer.Prepared, start: str, lang: str = "en") -> pd.DataFrame:
    report = prepared.report(lang)
    return report[report["problem"].str.startswith(start)]


# ------------------------------------------------------------------ overflow


def test_counts_that_overflow_when_summed_are_refused(store):
    before = helpers.fingerprint(store)
    rows = "".join(f"{a};gymnasium;2023/24;;1e308;1e308\n" for a in AREAS)
    prepared, entries = publishing.prepare_indicators(store, (LONG + rows).encode(), "gross.csv")
    hit = lines(prepared, "Betrag über 10^15", "de")
    assert hit["column"].tolist() == ["denominator", "numerator"]
    assert hit["problem"].iloc[0] == (
        "Betrag über 10^15, kein plausibler Wert; die Summe über die Gebiete übersteigt den "
        "Zahlenbereich (Zeile 2); 7 Zeilen betroffen: 2, 3, 4, 5, 6 …"
    )
    assert not prepared.ok
    with pytest.raises(BildungsampelError, match="not published"):
        publishing.publish_indicators(store, prepared, entries, author="test")
    assert helpers.fingerprint(store) == before


@pytest.mark.parametrize("indicator", ["einkommen", "sozialindex", "einwohner"])
def test_huge_values_in_mean_index_and_count_indicators_are_refused(store, indicator):
    rows = "".join(f"{a};{indicator};2023;1e300;;\n" for a in AREAS[:3])
    prepared, _ = publishing.prepare_indicators(store, (LONG + rows).encode(), "gross.csv")
    hit = lines(prepared, "magnitude above 10^15")
    assert hit["column"].tolist() == ["value"]
    assert hit["value"].tolist() == ["1e300"]
    assert not prepared.ok


def test_a_plausible_large_count_passes():
    assert 10**8 < importer.PLAUSIBLE_MAGNITUDE < 1e308 / 1e6


def test_aggregate_never_publishes_an_infinite_sum():
    catalog = load_catalog(sample_data.CATALOG)
    obs = pd.DataFrame(
        {
            "area_id": ["11", "12", "11", "12"],
            "indicator": ["gymnasium", "gymnasium", "einwohner", "einwohner"],
            "period": ["2023/24", "2023/24", "2023", "2023"],
            "value": [50.0, 50.0, 1e308, 1e308],
            "numerator": [1e308, 1e308, np.nan, np.nan],
            "denominator": [1e308, 1e308, np.nan, np.nan],
            "missing_reason": [None, None, None, None],
        }
    )
    with np.errstate(over="ignore"):
        out = aggregate.aggregate(obs, {"11": "1", "12": "1"}, catalog)
    assert out["value"].isna().all()
    assert out["missing_reason"].tolist() == ["overflow", "overflow"]
    assert not np.isinf(out[["value", "numerator", "denominator"]].to_numpy(dtype=float)).any()


# ------------------------------------------------------------------ digits


@pytest.mark.parametrize(("cell", "value"), [("４１", 41.0), ("٤١,٥", 41.5), ("४१", 41.0)])
def test_values_in_other_digits_are_read_with_a_warning(store, cell, value):
    prepared, _ = publishing.prepare_indicators(store, csv(f"Buer;2023;{cell}\n"), "ziffern.csv")
    assert prepared.observations["value"].tolist() == [value]
    hit = lines(prepared, "number written with digits other than 0–9")
    assert hit["problem"].tolist() == [
        "number written with digits other than 0–9, read as the digits mean (row 2)"
    ]
    assert hit["value"].tolist() == [cell]
    assert prepared.ok  # a warning, not an error


def test_counts_in_other_digits_are_read_with_a_warning(store):
    data = (LONG + "11;gymnasium;2023/24;;１２;１００\n").encode()
    prepared, _ = publishing.prepare_indicators(store, data, "ziffern.csv")
    assert prepared.observations[["numerator", "denominator"]].to_numpy().tolist() == [
        [12.0, 100.0]
    ]
    hit = lines(prepared, "number written with digits other than 0–9")
    assert hit["column"].tolist() == ["denominator", "numerator"]


# ------------------------------------------------------------------ count cells


def test_unparsable_count_cells_are_reported_by_column(store):
    before = helpers.fingerprint(store)
    data = (
        LONG
        + "11;gymnasium;2023/24;;k.A.;100\n"
        + "12;gymnasium;2023/24;;12 Schüler;100\n"
        + "13;gymnasium;2023/24;;5;zz\n"
    ).encode()
    prepared, entries = publishing.prepare_indicators(store, data, "zaehler.csv")
    hit = lines(prepared, "not a readable number")
    assert hit[["column", "value", "problem"]].to_numpy().tolist() == [
        ["numerator", "k.A.", "not a readable number (row 2); 2 rows affected: 2, 3"],
        ["denominator", "zz", "not a readable number (row 4)"],
    ]
    assert not prepared.ok
    with pytest.raises(BildungsampelError, match="not published"):
        publishing.publish_indicators(store, prepared, entries, author="test")
    assert helpers.fingerprint(store) == before


def test_unparsable_count_cells_in_a_wide_table_are_reported(store):
    data = (
        "Stadtteil;Jahr;Übergang aufs Gymnasium;Übergang aufs Gymnasium Zähler;"
        "Übergang aufs Gymnasium Nenner\n"
        "Buer;2023;;k.A.;100\nHassel;2023;;12 Schüler;100\n"
    ).encode()
    prepared, _ = publishing.prepare_indicators(store, data, "breit.csv")
    hit = lines(prepared, "not a readable number")
    assert hit["value"].tolist()[0] == "k.A."
    assert set(hit["column"]) == {"Übergang aufs Gymnasium Zähler"}
    assert not prepared.ok


# ------------------------------------------------------------------ formulas


def test_formulas_without_results_are_not_zero_errors(store):
    prepared, _ = publishing.prepare_indicators(store, xlsx(uncached_formulas), "formel.xlsx")
    hit = lines(prepared, "formula without a stored result", "de")
    assert hit.empty
    hit = lines(prepared, "Formel ohne gespeichertes Ergebnis", "de")
    assert len(hit) == 1
    assert "Excel oder LibreOffice öffnen" in hit["fix"].iloc[0]
    assert not prepared.ok


# ------------------------------------------------------------------ size


def fifty_thousand_unmatched_names() -> bytes:
    return csv("".join(f"Ort{i:05d}xq;2023;41\n" for i in range(50_000)))


def three_thousand_unknown_columns() -> bytes:
    areas = ["Buer", "Hassel", "Scholven", "Resse", "Bismarck"]
    return (
        "Stadtteil;Jahr;"
        + ";".join(f"X{i}" for i in range(3000))
        + "\n"
        + "".join(f"{a};2023;" + ";".join("1" for _ in range(3000)) + "\n" for a in areas)
    ).encode()


# time and memory of both: benchmarks/hostile.py
def test_fifty_thousand_unmatched_names_are_capped(store):
    data = fifty_thousand_unmatched_names()
    prepared, _ = publishing.prepare_indicators(store, data, "namen.csv")
    report = prepared.report("de")
    assert len(report) <= importer.UNMATCHED_SHOWN + 5
    assert (report["problem"].str.startswith("Gebiet nicht gefunden")).sum() == 200
    more = report[report["problem"].str.contains("weitere nicht zugeordnete Namen")]
    assert more["problem"].tolist() == [
        "49800 weitere nicht zugeordnete Namen (nur die ersten 200 sind einzeln aufgeführt)"
    ]
    assert len(prepared.matches) == 50_000  # the wizard still sees every name
    assert not prepared.ok


def test_three_thousand_unknown_columns_hit_the_column_limit(store):
    with pytest.raises(BildungsampelError, match=r"3,002 columns.*max_columns"):
        publishing.prepare_indicators(store, three_thousand_unknown_columns(), "breit.csv")


# ------------------------------------------------------------------ check-store


def test_check_store_reports_plausibility_of_the_published_version(tmp_path):
    data_dir = tmp_path / "data"
    target = publishing.open_store(data_dir)
    snap = target.snapshot()
    # as published before the checks existed: infinite values, a city shifted to Somalia
    bad = snap.observations.head(3).assign(value=np.inf, numerator=np.nan, denominator=np.nan)
    target.publish(Publication(kind="indicators", author="legacy", observations=bad))
    moved = snap.areas.to_crs(4326)
    moved["geometry"] = moved.geometry.translate(xoff=40.0, yoff=-50.0)
    target.publish(Publication(kind="boundaries", author="legacy", areas=moved))
    target.engine.dispose()
    files = {p.name: p.read_bytes() for p in data_dir.iterdir() if not p.name.endswith("-shm")}
    result = CliRunner().invoke(app, ["check-store", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "is intact (3 versions)" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any("values in 'value' not finite or above 10^15" in w for w in warnings), warnings
    assert any("Europe" in w for w in warnings), warnings
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if not p.name.endswith("-shm")}
    assert {k: v for k, v in after.items() if not k.endswith("-wal")} == {
        k: v for k, v in files.items() if not k.endswith("-wal")
    }


def test_check_store_of_the_sample_has_no_warnings(tmp_path):
    data_dir = tmp_path / "data"
    publishing.open_store(data_dir).engine.dispose()
    result = CliRunner().invoke(app, ["check-store", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr


# ------------------------------------------------------------------ docs


def _spellings(value: object) -> set[str]:
    """How a default may be written in the docs: 200,000 / 200_000 / 200 MiB / 2 MB."""
    if isinstance(value, bool):
        return {str(value).lower()}
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value == "":
        return {"empty"}
    out = {str(value), f"`{value}`"}
    if isinstance(value, int):
        out |= {f"{value:,}", f"{value:_}"}
        if value >= 2**20 and value % 2**20 == 0:
            out.add(f"{value // 2**20} MiB")
        if value >= 10**6 and value % 10**6 == 0:
            out.add(f"{value // 10**6} MB")
    if isinstance(value, float):
        out.add(f"{value:g}")
    return out


DOCS = (ROOT / "README.md").read_text(encoding="utf-8") + (ROOT / "docs" / "DATA.md").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("name", "default"),
    [
        *((f.name, f.default) for f in dataclasses.fields(TableLimits)),
        *((f.name, f.default) for f in dataclasses.fields(CatalogLimits)),
        *(
            (f.name, f.default)
            for f in dataclasses.fields(settings.Settings)
            if re.search(r"limit|max|min|small|cache", f.name)
        ),
        ("PLAUSIBLE_MAGNITUDE", "1e15"),
        ("UNMATCHED_SHOWN", importer.UNMATCHED_SHOWN),
    ],
)
def test_every_limit_is_documented_with_its_default(name, default):
    rows = [line for line in DOCS.splitlines() if re.search(rf"\b{name}\b", line)]
    assert rows, f"{name} is not documented in README.md or docs/DATA.md"
    spelled = _spellings(default)
    assert any(s in row for row in rows for s in spelled), (name, default, rows)


def test_documented_magnitude_is_the_real_one():
    assert importer.PLAUSIBLE_MAGNITUDE == 1e15
