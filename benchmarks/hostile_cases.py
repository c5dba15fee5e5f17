"""The cases of ``python -m benchmarks.hostile`` and their targets (one home for both).

Two kinds of case:

* **in-process**: a call the tests used to time (``prepare_indicators``, ``load_catalog``, …),
  timed with ``perf_counter``; peak memory is what tracemalloc saw in one more run;
* **cli**: a file of the hostile corpus (``tests/hostile``) through the CLI in a forked child;
  memory is the child's peak resident size above its size before the command (``VmHWM``).

The targets are the thresholds the tests asserted before they became benchmark targets (the
test named in ``origin`` still checks the behaviour: the message, the report line, the cap).
The inputs are built by the tests' own builders (imported, not copied).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Ceilings of the hostile corpus per family: (MiB of peak RSS above the baseline, seconds).
#: A case's own ``mib``/``seconds`` (``tests/hostile/*.py``) replace the family's.
CEILINGS: dict[str, tuple[float, float]] = {
    "csv": (100.0, 15.0),
    "xlsx": (100.0, 20.0),
    "catalogue": (80.0, 15.0),
    "boundaries": (100.0, 15.0),
}

#: ``LIMIT_CASES`` of tests/indicators/test_tables_hostile.py: (seconds, MiB tracemalloc peak).
LIMIT_TARGETS: dict[str, tuple[float, float]] = {
    "40 MB line": (5.0, 50.0),
    "40 MB quoted line": (5.0, 50.0),
    "one million rows": (5.0, 60.0),
    "1 MB area name": (5.0, 60.0),
    "3,000 unknown columns": (5.0, 60.0),
    "sniffer bomb": (3.0, 60.0),
    "xlsx zip bomb": (5.0, 50.0),
    "xlsx cell at XFD1048576": (5.0, 300.0),
    "xlsx merged D1:Z200000": (5.0, 300.0),
}

#: ``load_catalog`` on every file of tests/indicators/test_catalog_hostile.py ``CASES``.
CATALOG_TARGET = (5.0, 64.0)  # the file is at most 2 MB: nothing may expand beyond a few copies
#: The alias bombs had a stricter test (1 s, process RSS growth < 50 MB; here tracemalloc).
CATALOG_OWN = {"alias bomb": (1.0, 50.0), "alias expansion": (1.0, 50.0)}

#: Cases run by ``--quick`` (a smoke test: one of each kind, small inputs).
QUICK = {
    "sniffer: crafted first line",
    "load_catalog: deep nesting",
    "xlsx: 100,000-character XML token",
    "cli: csv empty",
    "cli: catalogue deep nesting",
    "cli: boundary not a zip",
}

Run = Callable[[], Any]


@dataclass(frozen=True)
class Bench:
    """One benchmark case.

    Parameters
    ----------
    name : str
        Unique name (``cli: …`` for a corpus file).
    origin : str
        The test that asserted the target before.
    prepare : callable
        ``prepare(tmp, settled) -> run``: builds the input (not measured) and returns the call
        to measure; ``run()`` raises ``AssertionError`` when the outcome is not the expected
        one. For a ``cli`` case ``run()`` returns ``(seconds, MiB)`` measured in the child.
    seconds, mib : float or None
        Targets: wall time of one run, peak memory (None: reported, no target).
    kind : str
        ``in-process`` or ``cli``.
    """

    name: str
    origin: str
    prepare: Callable[[Path, Path], Run]
    seconds: float | None
    mib: float | None
    kind: str = "in-process"


def raises(func: Run, error: type[BaseException], pattern: str) -> Run:
    """Return a call that runs ``func`` and checks it raised ``error`` matching ``pattern``."""

    def run() -> None:
        try:
            func()
        except error as caught:
            text = caught.text("en") if hasattr(caught, "text") else str(caught)
            if not re.search(pattern, text) and not re.search(pattern, str(caught)):
                raise AssertionError(f"message {text[:200]!r} !~ {pattern!r}") from None
            return
        raise AssertionError(f"{error.__name__} not raised")

    return run


def _store(settled: Path, tmp: Path) -> Any:
    import shutil

    from bildungsampel.service.store import Store

    shutil.copytree(settled, tmp / "data", dirs_exist_ok=True)
    return Store(tmp / "data")


def _prepare(build: Callable[[], bytes], name: str, check: Callable[[Any], None]) -> Any:
    """Return a case that runs ``prepare_indicators`` on ``build()`` and checks the outcome."""

    def prepare(tmp: Path, settled: Path) -> Run:
        from bildungsampel.service import publishing

        store, data = _store(settled, tmp), build()
        return lambda: check(publishing.prepare_indicators(store, data, name))

    return prepare


def _refused(build: Callable[[], bytes], name: str, pattern: str) -> Any:
    def prepare(tmp: Path, settled: Path) -> Run:
        from bildungsampel.service import publishing
        from indicators.errors import BildungsampelError

        store, data = _store(settled, tmp), build()
        return raises(
            lambda: publishing.prepare_indicators(store, data, name), BildungsampelError, pattern
        )

    return prepare


def _not_ok(result: Any) -> None:
    prepared, _ = result
    if prepared.ok:
        raise AssertionError("the table was accepted")


def table_cases() -> list[Bench]:
    """Return the timed tests of tests/indicators/test_tables_hostile.py and _domain_hostile."""
    from tests.indicators import test_domain_hostile as dom
    from tests.indicators import test_tables_hostile as tab

    origin = "tests/indicators/test_tables_hostile.py::"
    limits = [
        Bench(
            f"limit: {n}",
            f"{origin}test_limits_refuse_before_expanding[{n}]",
            _refused(build, file, message),
            *LIMIT_TARGETS[n],
        )
        for n, file, build, _, message in tab.LIMIT_CASES
    ]
    return [
        *limits,
        Bench(
            "50,000 identical rows",
            f"{origin}test_fifty_thousand_identical_rows_make_one_report_line",
            _prepare(lambda: tab.csv("Buer;2023;41\n" * 50_000), "gleich.csv", _not_ok),
            30.0,
            400.0,
        ),
        Bench(
            "400 unknown columns",
            f"{origin}test_many_unknown_columns_make_one_line_each",
            _prepare(tab.many_unknown_columns, "breit.csv", _not_ok),
            20.0,
            400.0,
        ),
        Bench(
            "50,000 unmatched names",
            "tests/indicators/test_domain_hostile.py::test_fifty_thousand_unmatched_names_are_capped",
            _prepare(dom.fifty_thousand_unmatched_names, "namen.csv", _not_ok),
            20.0,
            None,
        ),
        Bench(
            "3,000 unknown columns (column limit)",
            "tests/indicators/test_domain_hostile.py::"
            "test_three_thousand_unknown_columns_hit_the_column_limit",
            _refused(dom.three_thousand_unknown_columns, "breit.csv", r"3,002 columns"),
            20.0,
            None,
        ),
        *reader_cases(),
    ]


def reader_cases() -> list[Bench]:
    """Readers called directly: the sniffer, the streamed xlsx, the xlsx token scan."""
    from indicators import importer
    from indicators.errors import BildungsampelError
    from indicators.tables import TableLimits, check_xlsx_archive, sniff_delimiter
    from tests.indicators import test_tables_hostile as tab

    origin = "tests/indicators/test_tables_hostile.py::"

    def sniffer(_tmp: Path, _settled: Path) -> Run:
        text = tab.crafted_first_line()

        def run() -> None:
            if (found := sniff_delimiter(text)) != ",":
                raise AssertionError(f"found {found!r}")

        return run

    def lying(_tmp: Path, _settled: Path) -> Run:
        data, limits = tab.lying_dimension(3_000), TableLimits(max_rows=1_000)
        call = lambda: importer.read_upload(data, "luege.xlsx", limits=limits)  # noqa: E731
        return raises(call, BildungsampelError, r"1,001 rows, more than the limit of 1,000")

    def token(_tmp: Path, _settled: Path) -> Run:
        data = tab.long_token_workbook()
        call = lambda: check_xlsx_archive(data, TableLimits(), "gross.xlsx")  # noqa: E731
        return raises(call, BildungsampelError, r"max_cell_chars")

    return [
        Bench(
            "sniffer: crafted first line",
            f"{origin}test_sniffing_a_crafted_first_line_finds_the_comma",
            sniffer,
            3.0,
            100.0,
        ),
        Bench(
            "xlsx: dimension lies (3,000 rows, max_rows 1,000)",
            f"{origin}test_xlsx_rows_beyond_the_limit_are_refused_while_streaming_when_the_"
            "dimension_lies",
            lying,
            10.0,
            200.0,
        ),
        Bench(
            "xlsx: 100,000-character XML token",
            f"{origin}test_one_xml_token_longer_than_any_cell_is_refused_before_parsing",
            token,
            5.0,
            None,
        ),
    ]


def catalog_cases() -> list[Bench]:
    """``load_catalog`` on each hostile catalogue of tests/indicators/test_catalog_hostile.py."""
    from indicators.catalog_files import load_catalog
    from indicators.errors import CatalogError
    from tests.indicators import test_catalog_hostile as cat

    def case(name: str, data: bytes, message: str) -> Callable[[Path, Path], Run]:
        def prepare(tmp: Path, _settled: Path) -> Run:
            path = tmp / name
            path.write_bytes(data)
            return raises(lambda: load_catalog(path), CatalogError, message)

        return prepare

    origin = "tests/indicators/test_catalog_hostile.py::test_load_catalog_refuses_hostile_files"
    return [
        Bench(
            f"load_catalog: {n}",
            f"{origin}[{n}]" + (" and test_alias_bombs_are_refused_*" if n in CATALOG_OWN else ""),
            case(file, data, message),
            *CATALOG_OWN.get(n, CATALOG_TARGET),
        )
        for n, file, data, message in cat.CASES
    ]


def geodata_cases() -> list[Bench]:
    """Return the overlap check on 5,000 touching squares (no overlap to report)."""

    def overlap(_tmp: Path, _settled: Path) -> Run:
        import geopandas as gpd
        from shapely.geometry import box

        from geodata import checks

        cells = [
            box(i % 100 * 100, i // 100 * 100, i % 100 * 100 + 100, i // 100 * 100 + 100)
            for i in range(5000)
        ]
        geoms, ids = gpd.GeoSeries(cells).to_numpy(), [str(i) for i in range(5000)]

        def run() -> None:
            if notes := checks.overlap_notes(geoms, ids):
                raise AssertionError(f"{len(notes)} overlap notes on a clean grid")

        return run

    origin = "tests/geodata/test_geodata_hostile.py::test_overlap_check_is_fast_on_many_areas"
    return [Bench("overlap check, 5,000 areas", f"{origin} (removed)", overlap, 20.0, None)]


def corpus_cases() -> list[Bench]:
    """Every file of the hostile corpus through the CLI, with its family's or own ceilings."""
    from tests.hostile import Case, all_cases
    from tests.hostile.runner import arguments, run_forked

    def prepare_for(case: Case) -> Callable[[Path, Path], Run]:
        def prepare(tmp: Path, settled: Path) -> Run:
            import shutil

            shutil.copytree(settled, tmp / "data")
            args = arguments(case, case.write(tmp / "in"), tmp / "data")

            def run() -> tuple[float, float]:
                code, stdout, stderr, used, elapsed, _ = run_forked(args)
                output = " ".join((stdout + "\n" + stderr).split())
                if code != case.code or not re.search(case.expect, output):
                    raise AssertionError(f"exit code {code}: {output[:200]}")
                return elapsed, used

            return run

        return prepare

    origin = "tests/hostile/test_hostile_corpus.py::test_hostile_file"
    out = []
    for case in all_cases():
        if case.xfail:
            continue  # a known product bug: its outcome is not the expected one yet
        mib, seconds = CEILINGS[case.family]
        out.append(
            Bench(
                f"cli: {case.name}",
                f"{origin}[{case.name}]",
                prepare_for(case),
                case.seconds or seconds,
                case.mib or mib,
                kind="cli",
            )
        )
    return out


def all_benches() -> list[Bench]:
    """Every case, in-process first (names are unique)."""
    benches = [*table_cases(), *catalog_cases(), *geodata_cases(), *corpus_cases()]
    names = [b.name for b in benches]
    if len(set(names)) != len(names):
        raise ValueError(
            f"duplicate case names: {sorted({n for n in names if names.count(n) > 1})}"
        )
    return benches
