"""Hierarchies from a key table: levels in the city's words, nesting checked, names kept."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ------------------------------------------------------------------ invariants


@st.composite
def nested_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], list[list[str]]]:
    """A key table of 1–30 areas in 1–3 nested levels above (ids per level drawn top down)."""
    n_levels = draw(st.integers(1, 3))
    n_areas = draw(st.integers(1, 30))
    areas = [f"{i:03d}" for i in range(n_areas)]
    chains: list[list[str]] = [[] for _ in areas]
    for level in range(n_levels):  # top level first: each level refines the one above
        for chain in chains:
            above = chain[0] if chain else ""
            chain.insert(
                0,
                f"{above}.{draw(st.integers(0, 2))}"
                if above
                else f"L{level}-{draw(st.integers(0, 3))}",
            )
    frame = pd.DataFrame({"nr": areas})
    for k in range(n_levels):
        frame[f"id{k}"] = [chain[k] for chain in chains]
        frame[f"name{k}"] = [f"Gebiet {chain[k]}" for chain in chains]
    order = draw(st.permutations(list(range(n_areas))))
    return frame.iloc[list(order)], areas, chains


@settings(max_examples=60, deadline=None)
@given(nested_tables())
def test_any_nested_key_table_gives_levels_that_nest_and_cover_every_area(table):
    frame, areas, chains = table
    n_levels = len(chains[0])
    specs = [ParentSpec(f"Ebene {k}", f"id{k}", f"name{k}") for k in range(n_levels)]
    hierarchy, notes = hierarchy_from_table(
        frame, area_column="nr", parents=specs, area_ids=areas, lowest=LOWEST, source="t.csv"
    )
    assert notes == []
    assert list(hierarchy.assignment.index) == sorted(areas)
    for k, level in enumerate(list(hierarchy.levels)[1:]):
        mapping = hierarchy.mapping(level.id)
        assert mapping == {a: chains[areas.index(a)][k] for a in areas}
        found = hierarchy.areas_of(level.id)
        assert sorted(found["area_id"]) == sorted(set(mapping.values()))
        assert all(name == f"Gebiet {i}" for i, name in found[["area_id", "area_name"]].to_numpy())
        assert hierarchy.size(level.id) == len(set(mapping.values()))
        if level.parent is not None:  # every area lies in exactly one area of the level above
            above = dict(zip(found["area_id"], found["parent_id"], strict=True))
            assert all(above[mapping[a]] == hierarchy.mapping(level.parent)[a] for a in areas)
