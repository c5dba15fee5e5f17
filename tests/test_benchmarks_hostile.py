"""``python -m benchmarks.hostile --quick`` runs and reports every case with its target (the
time and memory goals the hostile-input tests used to assert; no assertion on time here)."""

import json
from pathlib import Path

import pytest

from benchmarks import hostile
from benchmarks.hostile_cases import CEILINGS, LIMIT_TARGETS, QUICK, Bench
from tests.hostile import FAMILIES, all_cases
from tests.indicators.test_catalog_hostile import CASES as CATALOG_CASES
from tests.indicators.test_tables_hostile import LIMIT_CASES


def test_every_former_threshold_has_one_home():
    assert set(CEILINGS) == set(FAMILIES)
    assert set(LIMIT_TARGETS) == {c[0] for c in LIMIT_CASES}


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> tuple[dict, str, dict]:
    tmp = tmp_path_factory.mktemp("bench")
    out, md = tmp / "hostile.json", tmp / "hostile.md"
    report = hostile.main(["--quick", "--output", str(out), "--markdown", str(md)])
    return report, md.read_text(encoding="utf-8"), json.loads(out.read_text(encoding="utf-8"))


def test_quick_mode_runs_one_of_each_kind_once(quick):
    report, _, saved = quick
    assert saved == report  # the JSON is the report
    assert report["quick"] is True
    assert report["repeat"] == 1
    assert len(report["load_before"]) == len(report["load_after"]) == 3
    ran = {c["name"]: c for c in report["cases"] if c["run"]}
    assert set(ran) == QUICK
    for record in ran.values():
        assert record["outcome"] == "as expected"
        assert record["runs"] == 1
        assert record["min_s"] == record["median_s"] == record["max_s"] > 0
        assert record["met"] in (True, False)
    assert ran["cli: csv empty"]["memory"] == "rss"
    assert ran["cli: csv empty"]["peak_mib"] > 1  # the CLI in the child allocates something
    assert ran["sniffer: crafted first line"]["memory"] == "tracemalloc"


def test_every_case_is_reported_with_its_target(quick):
    report, text, _ = quick
    cases = {c["name"]: c for c in report["cases"]}
    corpus = {f"cli: {c.name}" for c in all_cases() if not c.xfail}
    assert corpus <= set(cases)
    assert {f"load_catalog: {c[0]}" for c in CATALOG_CASES} <= set(cases)
    targets = {n: (cases[n]["target_s"], cases[n]["target_mib"]) for n in cases}
    assert targets["limit: 40 MB line"] == (5.0, 50.0)
    assert targets["limit: xlsx merged D1:Z200000"] == (5.0, 300.0)
    assert targets["50,000 identical rows"] == (30.0, 400.0)
    assert targets["50,000 unmatched names"] == (20.0, None)
    assert targets["load_catalog: deep nesting"] == (5.0, 64.0)
    assert targets["load_catalog: alias bomb"] == (1.0, 50.0)
    assert targets["overlap check, 5,000 areas"] == (20.0, None)
    assert targets["cli: csv empty"] == (15.0, 100.0)  # the family's ceiling
    assert targets["cli: catalogue 10k entries"] == (15.0, 100.0)  # its own memory ceiling
    assert targets["cli: xlsx 190 MiB of XML, just below the limit"] == (10.0, 150.0)
    assert cases["limit: 40 MB line"]["run"] is False
    assert cases["limit: 40 MB line"]["met"] is None
    assert "| limit: 40 MB line | – | – | – | 5.00 s | – | 50 MiB | tracemalloc | not run |" in text
    assert "| cli: csv empty |" in text
    assert f"of {len(QUICK)} cases run met their targets" in text
    assert "Load average (1, 5, 15 min) before [" in text


def test_an_unexpected_outcome_is_reported_not_met(tmp_path):
    def prepare(tmp: Path, settled: Path):
        def run() -> None:
            raise AssertionError("the table was accepted")

        return run

    record = hostile.measure(Bench("broken", "nowhere", prepare, 1.0, None), 3, tmp_path)
    assert record["met"] is False
    assert record["outcome"] == "unexpected: the table was accepted"
    assert "not met: unexpected: the table was accepted" in hostile._met(record)


def test_fewer_than_three_runs_need_quick():
    with pytest.raises(SystemExit):
        hostile.main(["--repeat", "1"])
