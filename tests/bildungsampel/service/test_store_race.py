"""Checks inside the write: a publish checked against an older version cannot break the store.

Issue 9: analyst A checks values for area 99 (present), analyst B publishes
boundaries without 99, A publishes — before, every page then failed with
"Gebiets-IDs 99 … fehlen in der Grenzdatei". The checks are repeated inside the
publish transaction against the version really replaced.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from bildungsampel.cli import app
from bildungsampel.service import dataset, publishing
from bildungsampel.service.consistency import ConsistencyError
from bildungsampel.service.store import Publication, Store
from tests import helpers

ROOT = helpers.ROOT
EXTRA = [f"9{n:02d}" for n in range(1, 11)]


files = helpers.store_state


def boundary_file(store: Store, path: Path, *, add: list[str] = (), drop: set[str] = ()) -> Path:
    """Write the published areas (plus small squares ``add``, minus ``drop``) as GeoJSON."""
    areas = store.snapshot(with_observations=False).areas.to_crs(4326)
    _, y0, x1, _ = areas.total_bounds
    parent = areas["parent_id"].iloc[0]
    extra = gpd.GeoDataFrame(
        {
            "area_id": add,
            "area_name": [f"Neu {a}" for a in add],
            "parent_id": parent,
        },
        geometry=[
            shapely.box(x1 + 0.01 * n, y0, x1 + 0.01 * n + 0.008, y0 + 0.008)
            for n, _ in enumerate(add, start=1)
        ],
        crs=4326,
    )
    out = pd.concat([areas, extra], ignore_index=True)
    out = gpd.GeoDataFrame(out[~out["area_id"].isin(drop)], geometry="geometry", crs=4326)
    out.to_file(path, driver="GeoJSON")
    return path


COLUMNS = {"id_column": "area_id", "name_column": "area_name", "parent_column": "parent_id"}


def values_for(area: str, period: str = "2024/25") -> bytes:
    return (
        "area_id,indicator,period,value,numerator,denominator,missing_reason\n"
        f"{area},gymnasium,{period},,5,50,\n"
    ).encode()


def publish_boundaries(store: Store, path: Path) -> int:
    check = publishing.prepare_boundaries(store, path, **COLUMNS)
    return publishing.publish_boundaries(store, check, author="B")


def consistent(store: Store) -> None:
    """The published version reads, rates, and holds no value without an area."""
    data = dataset.from_store(store)
    assert len(dataset.rate(data, year="2023"))
    snap = store.snapshot()
    with_data = set(snap.observations["area_id"]) - {"city"}
    assert with_data <= set(snap.areas["area_id"])


@pytest.fixture
def store(store_at, tmp_path) -> Store:
    """The sample city plus areas 901–910 without values (on SQLite and on PostgreSQL)."""
    store = store_at.open()
    publish_boundaries(store, boundary_file(store, tmp_path / "plus.geojson", add=EXTRA))
    assert store.current_id() == 2
    return store


# ------------------------------------------------------------------ deterministic races
def test_values_checked_then_area_removed_is_refused(store, tmp_path):
    prepared, entries = publishing.prepare_indicators(store, values_for("901"), "a.csv")
    assert prepared.ok
    assert prepared.based_on == 2
    check = publishing.prepare_boundaries(
        store, boundary_file(store, tmp_path / "b.geojson", drop={"901"}), **COLUMNS
    )
    assert check.ok  # 901 has no values yet
    assert publishing.publish_boundaries(store, check, author="B") == 3
    before = files(store)
    with pytest.raises(ConsistencyError, match=r"version 2 → 3.*area ids 901 ") as info:
        publishing.publish_indicators(store, prepared, entries, author="A")
    assert "Gebiets-IDs 901 der Indikatortabelle fehlen" in info.value.text("de")
    assert "Nothing was changed" in str(info.value)
    assert files(store) == before
    assert store.current_id() == 3
    consistent(store)


def test_area_removal_checked_then_values_published_is_refused(store, tmp_path):
    check = publishing.prepare_boundaries(
        store, boundary_file(store, tmp_path / "b.geojson", drop={"902"}), **COLUMNS
    )
    assert check.ok
    assert check.based_on == 2
    prepared, entries = publishing.prepare_indicators(store, values_for("902"), "a.csv")
    assert publishing.publish_indicators(store, prepared, entries, author="A") == 3
    before = files(store)
    with pytest.raises(ConsistencyError, match=r"version 2 → 3.*areas 902 have published") as info:
        publishing.publish_boundaries(store, check, author="B")
    assert "Gebiete 902 haben veröffentlichte Werte" in info.value.text("de")
    assert files(store) == before
    assert store.current_id() == 3
    assert "902" in set(store.snapshot().observations["area_id"])
    consistent(store)


def test_unrelated_publish_in_between_is_revalidated_and_accepted(store, tmp_path):
    prepared, entries = publishing.prepare_indicators(store, values_for("903"), "a.csv")
    publish_boundaries(store, boundary_file(store, tmp_path / "b.geojson", drop={"904"}))
    vid = publishing.publish_indicators(store, prepared, entries, author="A")
    assert vid == 4
    assert store.versions().set_index("id").loc[4, "based_on"] == 3
    consistent(store)


def test_catalogue_entry_changed_since_the_check_is_refused(store):
    prepared, entries = publishing.prepare_indicators(store, values_for("905"), "a.csv")
    entry = next(e for e in store.snapshot().catalog if e["id"] == "gymnasium")
    store.publish(
        Publication(kind="indicators", author="B", catalog=[{**entry, "multiplier": 1000}])
    )
    before = files(store)
    with pytest.raises(ConsistencyError, match=r"version 2 → 3.*indicators gymnasium were ch"):
        publishing.publish_indicators(store, prepared, entries, author="A")
    assert files(store) == before


def test_values_without_catalogue_entry_or_area_are_refused_by_the_store(store):
    rows = pd.DataFrame(
        {"area_id": ["41", "x1", "x2"], "indicator": ["nope", "gymnasium", "gymnasium"]}
        | {"period": "2024/25", "value": 1.0}
    )
    before = files(store)
    with pytest.raises(ConsistencyError, match=r"area ids x1, x2 of the upload"):
        store.publish(
            Publication(kind="indicators", author="t", observations=rows, consistent=True)
        )
    with pytest.raises(ConsistencyError, match=r"indicators nope have values but no catalogue"):
        store.publish(
            Publication(kind="indicators", author="t", observations=rows.iloc[:1], consistent=True)
        )
    many = pd.DataFrame({"area_id": [f"x{i:02d}" for i in range(25)], "indicator": "gymnasium"})
    with pytest.raises(ConsistencyError, match=r"x00, .*, x09 … \(25\)"):
        store.publish(
            Publication(
                kind="indicators",
                author="t",
                observations=many.assign(period="2024/25", value=1.0),
                consistent=True,
            )
        )
    assert files(store) == before


def test_cli_shows_the_refusal(store, store_at, tmp_path, monkeypatch):
    table = tmp_path / "a.csv"
    table.write_bytes(values_for("906"))
    cut = boundary_file(store, tmp_path / "b.geojson", drop={"906"})
    original = publishing.publish_indicators

    def b_first(*args, **kwargs):  # analyst B publishes between A's check and A's publish
        publish_boundaries(store_at.store(), cut)
        return original(*args, **kwargs)

    monkeypatch.setattr(publishing, "publish_indicators", b_first)
    result = CliRunner().invoke(
        app, ["import", "indicators", str(table), "--publish", *store_at.cli]
    )
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "area ids 906 of the upload are not in the published boundaries" in result.stderr
    assert "Traceback" not in result.output
    consistent(store)


# ------------------------------------------------------------------ two processes
WORKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from bildungsampel.service import publishing
    from indicators import messages
    from tests.pgserver import open_at
    from indicators.errors import BildungsampelError
    orphaned = {"de": "verwaist: {ids}", "en": "orphaned at check: {ids}"}
    messages.register({"test.orphaned": orphaned})
    role, data_dir, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    cols = {"id_column": "area_id", "name_column": "area_name", "parent_column": "parent_id"}
    print("ready", flush=True)
    for line in sys.stdin:
        rnd = line.strip()
        go = work / f"go{rnd}"
        while not go.exists():
            time.sleep(0.002)
        store = open_at(data_dir)
        try:
            if role == "A":
                data = (work / f"a{rnd}.csv").read_bytes()
                prepared, entries = publishing.prepare_indicators(store, data, "a.csv")
            else:
                check = publishing.prepare_boundaries(store, work / f"b{rnd}.geojson", **cols)
                if not check.ok:
                    raise BildungsampelError("test.orphaned", ids=",".join(check.orphaned))
            if int(rnd) % 2 == 0:  # even rounds: both checks pass, then both publish at once
                print("prepared", flush=True)
                while not (work / f"pub{rnd}").exists():
                    time.sleep(0.002)
            if role == "A":
                vid = publishing.publish_indicators(store, prepared, entries, author="A")
            else:
                vid = publishing.publish_boundaries(store, check, author="B")
            print(f"ok {vid}", flush=True)
        except BildungsampelError as err:
            print("refused " + str(err).replace(chr(10), " "), flush=True)
        store.engine.dispose()
""")


def test_two_processes_race_and_every_version_stays_consistent(store, store_at, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    env = {"PYTHONPATH": str(ROOT)}
    procs = {
        role: subprocess.Popen(
            [sys.executable, "-c", WORKER, role, store_at.arg, str(work)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )
        for role in ("A", "B")
    }
    try:
        for proc in procs.values():
            assert proc.stdout.readline().strip() == "ready"
        outcomes = []
        for rnd, area in enumerate(EXTRA):
            (work / f"a{rnd}.csv").write_bytes(values_for(area))
            boundary_file(store, work / f"b{rnd}.geojson", drop={area})
            for proc in procs.values():
                proc.stdin.write(f"{rnd}\n")
                proc.stdin.flush()
            (work / f"go{rnd}").touch()  # the barrier: both start together
            if rnd % 2 == 0:  # a second barrier after both checks passed
                for proc in procs.values():
                    assert proc.stdout.readline().strip() == "prepared"
                (work / f"pub{rnd}").touch()
            said = {role: proc.stdout.readline().strip() for role, proc in procs.items()}
            accepted = [role for role, text in said.items() if text.startswith("ok")]
            assert len(accepted) == 1, said  # one of the two, never both, never neither
            loser = "B" if accepted == ["A"] else "A"
            assert "Traceback" not in said[loser]
            if rnd % 2 == 0:  # refused inside the write, naming the version that changed
                assert "the published state changed since your check" in said[loser], said
            consistent(store)
            snap = store.snapshot()
            if accepted == ["A"]:
                assert area in set(snap.observations["area_id"])  # A's value is there
                assert area in set(snap.areas["area_id"])
            else:
                assert area not in set(snap.areas["area_id"])  # B's boundaries are there
            outcomes.append((accepted[0], said[loser][:60]))
    finally:
        for proc in procs.values():
            proc.stdin.close()
            proc.wait(timeout=30)  # a hang guard: the workers exit when stdin closes
    # every accepted publish is a version, in order; nothing accepted was lost
    assert store.versions()["id"].max() == 2 + len(EXTRA)
    print(outcomes)


# ------------------------------------------------------------------ the upload page
def test_upload_page_shows_the_refusal(tmp_path, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bildungsampel.app import state
    from bildungsampel.present.markup import shown

    data_dir = tmp_path / "data"
    store = publishing.open_store(data_dir)
    publish_boundaries(store, boundary_file(store, tmp_path / "plus.geojson", add=["901"]))
    cut = boundary_file(store, tmp_path / "cut.geojson", drop={"901"})
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna Analyst")
    for clear in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        clear()
    original = publishing.publish_indicators

    def b_first(*args, **kwargs):  # analyst B publishes between A's check and A's publish
        publish_boundaries(Store(data_dir), cut)
        return original(*args, **kwargs)

    monkeypatch.setattr(publishing, "publish_indicators", b_first)
    try:
        at = AppTest.from_file(helpers.APP, default_timeout=120).run()
        at.switch_page("pages/hochladen.py").run()
        at.file_uploader(key="up_file_indicators").set_value(
            ("a.csv", values_for("901"), "text/csv")
        ).run()
        assert not at.exception, [e.value for e in at.exception]
        at.button(key="up_publish").click().run()
        assert not at.exception, [e.value for e in at.exception]
        message = shown(at.error[-1].value)
        assert "veröffentlichte Stand hat sich seit Ihrer Prüfung geändert (Version 2 → 3)" in (
            message
        )
        assert "Gebiets-IDs 901 der Indikatortabelle fehlen" in message
        assert Store(data_dir).current_id() == 3
    finally:
        for clear in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
            clear()
