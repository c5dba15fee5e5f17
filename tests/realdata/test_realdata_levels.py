"""A real city's levels from a key table: Köln's 86 Stadtteile in its 9 Stadtbezirke."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.service import dataset
from bildungsampel.service.store import Store

pytestmark = pytest.mark.realdata
runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"BILDUNGSAMPEL_LOCAL_ANALYST": "Test"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_koeln_stadtteile_get_their_stadtbezirke_from_a_key_table(realdata: Path, tmp_path: Path):
    folder = realdata / "koeln-stadtteile"
    bezirke = gpd.read_file(folder / "Stadtbezirk.shp", encoding="cp1252")
    stadtteile = gpd.read_file(folder / "Stadtteil.shp", encoding="cp1252")
    # the key table as an office would write it: one row per Stadtteil, Bezirk number and name
    names = dict(zip(bezirke["STB_NR"], bezirke["STB_NAME"], strict=True))
    keys = pd.DataFrame(
        {
            "Stadtteil-Nr.": stadtteile["STT_NR"],
            "Stadtbezirk-Nr.": stadtteile["STT_NR"].str[0],
            "Stadtbezirk": stadtteile["STT_NR"].str[0].map(names),
        }
    )
    table = tmp_path / "schluessel.csv"
    keys.to_csv(table, sep=";", index=False, encoding="utf-8-sig")
    store = tmp_path / "store"
    cli("init", "--empty", "--data-dir", str(store))
    cli(
        "import", "boundaries", str(folder / "Stadtteil.shp"), "--publish", "--data-dir", str(store)
    )
    level = "Stadtbezirk=Stadtbezirk-Nr.:Stadtbezirk"
    shown = cli(
        "import", "hierarchy", str(table), "--area-column", "stadtteil-nr.", "--parent", level,
        "--publish", "--data-dir", str(store),
    )  # fmt: skip
    assert "levels: Stadtteil (86) → Stadtbezirk (9)" in shown
    data = dataset.from_store(Store(store))
    assert data.filled_levels() == ["stadtteil", "stadtbezirk"]
    assert data.display_names("stadtbezirk") == names
    # dissolved from the Stadtteile, the Bezirke cover what the official Bezirk file covers
    official = bezirke.set_index("STB_NR").to_crs(data.areas("stadtbezirk").crs).area
    dissolved = data.areas("stadtbezirk").set_index("area_id").area
    assert (dissolved / official[dissolved.index] - 1).abs().max() < 0.01
    assert data.areas("stadtteil").groupby("parent_id").size().to_dict() == (
        keys.groupby("Stadtbezirk-Nr.").size().to_dict()
    )
