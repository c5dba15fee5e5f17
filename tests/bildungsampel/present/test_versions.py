"""Versions for people: local times and the comparison as sentences."""

from __future__ import annotations

from bildungsampel.present import versions
from tests import states


def test_summer_and_winter_times_are_berlin_times():
    assert versions.local_time("2026-07-01T10:00:00+00:00", "de") == "01.07.2026 12:00"
    assert versions.local_time("2026-01-01T10:00:00+00:00", "de") == "01.01.2026 11:00"
    assert versions.local_time("kaputt", "de") == "kaputt"
    assert versions.local_time(None, "en") == ""


def test_a_new_year_of_one_indicator_reads_as_sentences(tmp_path):
    store = states.sample_store(tmp_path / "data")
    ids = states.area_ids(store)
    period = states.new_year(store, "gymnasium", ids[:3])
    de = versions.comparison(store.compare(1, 2), 1, 2, "de")
    assert de == [
        "Von Version 1 zu Version 2:",
        f"1 Jahr(e) neu: Übergang aufs Gymnasium {period}",
        "Werte: 3 neu, 0 geändert, 0 entfernt (Übergang aufs Gymnasium: +3 / ~0 / −0)",
    ]
    en = versions.comparison(store.compare(2, 1), 2, 1, "en")
    assert en[1] == f"1 period(s) removed: Transition to Gymnasium {period}"


def test_identical_versions_have_no_differences(tmp_path):
    store = states.sample_store(tmp_path / "data")
    assert versions.comparison(store.compare(1, 1), 1, 1, "de")[1:] == ["keine Unterschiede"]
