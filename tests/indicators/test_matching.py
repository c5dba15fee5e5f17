"""Matching an area column to the boundaries: ids, names, city and parent rows, fuzzy names."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.matching import (
    MATCH_COLUMNS,
    SKIP,
    match_areas,
    normalize_id,
    normalize_name,
    split_aggregate_rows,
)

AREAS = {"11": "Altstadt", "12": "Schalke", "17": "Heßler", "007": "Bulmke-Hüllen"}


def one(value: object, **kwargs: object) -> dict[str, object]:
    got = match_areas([value], AREAS, **kwargs)  # type: ignore[arg-type]
    assert got.columns.tolist() == list(MATCH_COLUMNS)
    row: dict[str, object] = got.iloc[0].to_dict()
    return row


@pytest.mark.parametrize(
    ("name", "prefixes", "expected"),
    [
        ("Gelsenkirchen-Heßler", ["Gelsenkirchen"], "hessler"),
        ("  Bulmke - Hüllen ", [], "bulmkehuellen"),
        ("Sankt Georg (Nord)", [], "sanktgeorgnord"),
        ("Gelsenkirchen", ["Gelsenkirchen"], "gelsenkirchen"),  # the prefix alone stays
        ("Café Ørsted", [], "cafeørsted"),
    ],
)
def test_normalize_name(name, prefixes, expected):
    assert normalize_name(name, prefixes=prefixes) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("001", "1"), (1.0, "1"), ("7.0", "7"), ("0101a", "0101a"), (" 12 ", "12")],
)
def test_normalize_id(value, expected):
    assert normalize_id(value) == expected


@pytest.mark.parametrize(
    ("value", "area_id", "how"),
    [
        ("11", "11", "id"),
        ("7", "007", "id"),  # leading zeros: the only area numbered 7
        ("Schalke", "12", "name"),
        ("HESSLER", "17", "name"),
        ("Bulmke Hüllen", "007", "name"),
    ],
)
def test_ids_and_names_match(value, area_id, how):
    row = one(value)
    assert (row["area_id"], row["how"], row["level"], row["score"]) == (area_id, how, "area", 100.0)


def test_an_id_two_areas_share_after_zeros_is_left_with_a_suggestion():
    got = match_areas(["7"], {"7": "Sieben", "07": "Null-Sieben"}).iloc[0]
    assert (got["area_id"], got["how"], got["suggestion"]) == ("7", "id", None)
    got = match_areas(["007"], {"7": "Sieben", "07": "Null-Sieben"}).iloc[0]
    assert (got["area_id"], got["how"], got["suggestion"]) == (None, "unmatched", "07")


def test_a_name_two_areas_share_is_never_matched_to_the_first():
    got = match_areas(["Mitte"], {"1": "Mitte", "2": "Mitte"}).iloc[0]
    assert (got["area_id"], got["how"], got["suggestion"]) == (None, "unmatched", "1")


def test_city_total_and_parent_rows_are_recognised():
    rows = match_areas(
        ["Gelsenkirchen", "Insgesamt", "", "Mitte", "M"],
        AREAS,
        parents={"M": "Mitte"},
        city_names=["Gelsenkirchen"],
    )
    assert rows["how"].tolist() == ["city", "city", "city", "parent", "parent"]
    assert rows["level"].tolist() == ["city", "city", "city", "parent", "parent"]
    assert [a if isinstance(a, str) else None for a in rows["area_id"]] == [
        None,
        None,
        None,
        "M",
        "M",
    ]


def test_the_city_prefix_is_stripped_from_names():
    row = one("Gelsenkirchen-Altstadt", prefixes=["Gelsenkirchen"])
    assert (row["area_id"], row["how"]) == ("11", "name")


def test_a_clear_fuzzy_winner_is_accepted_a_close_one_suggested():
    row = one("Schalkee")
    assert (row["area_id"], row["how"]) == ("12", "fuzzy")
    assert row["score"] >= 90
    row = one("Atlantis")
    assert (row["area_id"], row["how"]) == (None, "unmatched")


def test_confirmed_choices_override_everything():
    assert one("Atlantis", confirmed={"Atlantis": "17"})["how"] == "confirmed"
    assert one("Atlantis", confirmed={"Atlantis": "17"})["area_id"] == "17"
    skipped = one("11", confirmed={"11": SKIP})
    assert (skipped["area_id"], skipped["how"], skipped["level"]) == (None, "skipped", "skipped")


def test_each_distinct_value_is_matched_once_in_order():
    got = match_areas(["12", "11", "12", 11], AREAS)
    assert got["source"].tolist() == ["12", "11"]


def test_split_aggregate_rows_tells_areas_parents_and_the_city():
    frame = pd.DataFrame({"Name": ["Eimsbüttel", "Altona", "Eimsbüttel", "Hamburg", "Altona-Nord"]})
    level = split_aggregate_rows(
        frame, name_column="Name", parent_names=["Eimsbüttel", "Altona"], city_names=["Hamburg"]
    )
    assert level.tolist() == ["area", "parent", "parent", "city", "area"]
