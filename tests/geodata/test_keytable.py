"""Hierarchies from a key table: levels in the city's words, nesting checked, names kept."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.hierarchy import Level, LevelError
from geodata.keytable import ParentSpec, hierarchy_from_table

LOWEST = Level("planungsraum", label="Planungsraum")
SPECS = [
    ParentSpec.parse("Bezirksregion=Bezirksregion (Nummer):Bezirksregion (Name)"),
    ParentSpec.parse("Prognoseraum=Prognoseraum (Nummer):Prognoseraum (Name)"),
    ParentSpec.parse("Bezirk=Bezirk"),
]


def lor_table() -> pd.DataFrame:
    """A LOR-like key table: 6 Planungsräume, 3 Bezirksregionen, 2 Prognoseräume, 2 Bezirke."""
    return pd.DataFrame(
        {
            "Bezirk": ["01", "01", "01", "01", "02", "02"],
            "Prognoseraum (Nummer)": ["0110", "0110", "0110", "0110", "0220", "0220"],
            "Prognoseraum (Name)": ["Zentrum", "Zentrum", "Zentrum", "Zentrum", "Ost", "Ost"],
            "Bezirksregion (Nummer)": ["011001", "011001", "011002", "011002", "022001", "022001"],
            "Bezirksregion (Name)": ["Tiergarten", "Tiergarten", "Moabit", "Moabit", "Ost", "Ost"],
            "Planungsraum (Nummer)": ["1001", "1002", "1003", "1004", "2001", "2002"],
        }
    )


AREAS = ["01001", "01002", "01003", "01004", "02001", "02002"]


def read(frame: pd.DataFrame, areas: list[str] = AREAS, specs: list[ParentSpec] = SPECS):
    return hierarchy_from_table(
        frame,
        area_column="planungsraum (nummer)",  # case and space do not matter
        parents=specs,
        area_ids=areas,
        lowest=LOWEST,
        source="lor.csv",
    )


def test_a_three_level_key_table_with_names_becomes_four_levels():
    hierarchy, notes = read(lor_table())
    assert [(lv.id, lv.parent, lv.label) for lv in hierarchy.levels] == [
        ("planungsraum", "bezirksregion", "Planungsraum"),
        ("bezirksregion", "prognoseraum", "Bezirksregion"),
        ("prognoseraum", "bezirk", "Prognoseraum"),
        ("bezirk", None, "Bezirk"),
    ]
    assert notes == []
    # table ids without the leading zero of the boundaries still match
    assert hierarchy.mapping("prognoseraum") == {
        "01001": "0110",
        "01002": "0110",
        "01003": "0110",
        "01004": "0110",
        "02001": "0220",
        "02002": "0220",
    }
    regions = hierarchy.areas_of("bezirksregion")
    assert regions.to_dict("list") == {
        "area_id": ["011001", "011002", "022001"],
        "area_name": ["Tiergarten", "Moabit", "Ost"],
        "parent_id": ["0110", "0110", "0220"],
    }
    bezirke = hierarchy.areas_of("bezirk")
    assert bezirke.to_dict("list") == {
        "area_id": ["01", "02"],
        "area_name": ["01", "02"],  # no name column: the id is the name
        "parent_id": [None, None],
    }
    assert hierarchy.levels.find("BEZIRKSREGION").id == "bezirksregion"
    assert hierarchy.lowest_parents() == [
        "011001",
        "011001",
        "011002",
        "011002",
        "022001",
        "022001",
    ]


def test_levels_that_do_not_nest_are_refused_naming_the_area():
    frame = lor_table()
    frame.loc[3, "Prognoseraum (Nummer)"] = "0220"  # Moabit now in two Prognoseräume
    with pytest.raises(LevelError, match=r"Bezirksregion 011002 lies in several .*0110, 0220"):
        read(frame)


def test_areas_of_the_boundaries_missing_from_the_table_are_refused_with_their_ids():
    with pytest.raises(
        LevelError, match=r"2 areas of the boundaries are not in the table \(02001, 02002\)"
    ):
        read(lor_table().iloc[:4])


def test_rows_of_unknown_areas_are_noted_and_left_out():
    frame = pd.concat(
        [lor_table(), lor_table().iloc[[0]].assign(**{"Planungsraum (Nummer)": "9999"})]
    )
    hierarchy, notes = read(frame)
    assert [n.text("de") for n in notes] == [
        "lor.csv: 1 Zeilen nennen Gebiete, die es in den Grenzen nicht gibt, und wurden "
        "übergangen (9999)"
    ]
    assert len(hierarchy.assignment) == 6


def test_an_area_listed_twice_with_other_parents_is_refused():
    frame = pd.concat([lor_table(), lor_table().iloc[[0]].assign(Bezirk="02")])
    with pytest.raises(LevelError, match=r"1 areas are listed more than once .*\(01001\)"):
        read(frame)


def test_an_empty_parent_cell_is_refused():
    frame = lor_table()
    frame.loc[5, "Bezirk"] = None
    with pytest.raises(LevelError, match=r"1 areas have no area of level Bezirk \(02002\)"):
        read(frame)


def test_an_unknown_column_lists_the_columns():
    with pytest.raises(
        LevelError, match=r"there is no column 'BEZ' \(Bezirk\); the columns are: Bezirk, "
    ):
        read(lor_table(), specs=[*SPECS[:2], ParentSpec.parse("Bezirk=BEZ")])


def test_a_spec_without_equals_sign_is_refused_with_an_example():
    with pytest.raises(LevelError, match=r"NAME=ID_COLUMN:NAME_COLUMN"):
        ParentSpec.parse("Bezirk")


def test_differing_names_of_one_area_are_noted_and_the_most_frequent_shown():
    frame = lor_table()
    frame.loc[0, "Bezirksregion (Name)"] = "Tiergarten Süd"
    frame = pd.concat([frame, frame.iloc[[1]]])  # the duplicate row agrees with the table
    hierarchy, notes = read(frame)
    assert "Tiergarten" in hierarchy.areas_of("bezirksregion")["area_name"].tolist()
    assert [n.key for n in notes] == ["geodata.hierarchy.names_differ"]
