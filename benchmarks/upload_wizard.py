"""Server time of each step of the upload wizard through AppTest (542 rows × 20 columns).

``python -m benchmarks.upload_wizard [--rows 542] [--columns 20] [--areas 542]``

Drives the page as an analyst does: upload a wide table, map the Kita trio as
numerator, denominator and value of one indicator, describe a new indicator in
its form, switch to the long layout and back, upload a catalogue for the other
new indicators, and see the preview. Prints seconds per step (the target is at
most 2 s each). ``--areas N`` uses a synthetic city of N areas (one row per
area and year) instead of the 18 Stadtteile of the sample city.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _city(areas: int, data_dir: Path) -> list[str]:
    """Publish the city the table is for and return the area cells of the table."""
    if areas:
        from benchmarks import run, synthetic

        city = synthetic.make_city(areas, indicators=10, years=2)
        run._publish_city(city, data_dir)
        return [str(a) for a in city.areas["area_id"]]
    from bildungsampel.service import publishing

    store = publishing.open_store(data_dir)
    names = store.snapshot(with_observations=False, with_geometry=False).areas["area_name"]
    return [str(n) for n in names]


def _catalog(ids: list[str]) -> bytes:
    lines = ["indicators:"]
    for ind in ids:
        lines += [
            f"  - id: {ind}",
            f"    label_de: {ind}",
            f"    label_en: {ind}",
            "    domain: Formale Bildung",
            "    unit: ''",
            "    polarity: no_judgement",
            "    kind: index",
            "    source: Benchmark",
        ]
    return ("\n".join(lines) + "\n").encode()


def steps(at: Any, table: bytes) -> list[tuple[str, Callable[[], Any]]]:
    """Return the wizard's steps in order, each a callable that reruns the page once."""
    indicator, role = "Indikator", "Rolle"  # the German headers of the roles table

    def roles() -> Any:
        at.session_state["up_columns"] = {
            "edited_rows": {
                0: {indicator: "kita", role: "Zähler"},
                1: {indicator: "kita", role: "Nenner"},
                2: {indicator: "kita", role: "Wert"},
            },
            "added_rows": [],
            "deleted_rows": [],
        }
        return at.run()

    def form() -> Any:
        key = "up_new_kita_"
        at.text_input(key=key + "label_de").input("Kinder in Kitas")
        at.selectbox(key=key + "domain").set_value("Formale Bildung")
        at.selectbox(key=key + "kind").set_value("proportion")
        at.selectbox(key=key + "polarity").set_value("higher_is_better")
        at.text_input(key=key + "source").input("Kita-Statistik")
        return at.button(key="FormSubmitter:up_new_kita-Übernehmen").click().run()

    def catalog() -> Any:
        others = [f"merkmal{k}" for k in range(1, 16)]
        return (
            at.file_uploader(key="up_catalog")
            .set_value(("katalog.yaml", _catalog(others), "application/x-yaml"))
            .run()
        )

    return [
        (
            "upload (detect, check, 16 new-indicator forms)",
            lambda: (
                at.file_uploader(key="up_file_indicators")
                .set_value(("tabelle.csv", table, "text/csv"))
                .run()
            ),
        ),
        ("rerun, nothing changed", at.run),
        ("Kita trio as one indicator", roles),
        ("type into a form (no rerun in the browser)", lambda: None),
        ("confirm one form", form),
        ("switch to the long layout", lambda: at.radio(key="up_layout").set_value("long").run()),
        (
            "long: the whole file is indicator kita",
            lambda: at.text_input(key="up_single_ind").input("kita").run(),
        ),
        ("back to the wide layout", lambda: at.radio(key="up_layout").set_value("wide").run()),
        ("upload a catalogue for the other 15 (preview)", catalog),
        ("rerun with the preview", at.run),
    ]


def main(argv: list[str] | None = None) -> None:
    """Run the wizard's steps and print seconds per step."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.upload_wizard")
    parser.add_argument("--rows", type=int, default=542)
    parser.add_argument("--columns", type=int, default=20)
    parser.add_argument("--areas", type=int, default=0, help="synthetic city (0: sample city)")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="wizard-bench-"))
    os.environ["BILDUNGSAMPEL_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("BILDUNGSAMPEL_LOCAL_ANALYST", "Benchmark")
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from tests import helpers

    table = helpers.wide_upload_table(args.rows, args.columns, names=_city(args.areas, data_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900).run()
    at.switch_page("pages/hochladen.py").run()
    print(f"{args.rows} rows × {args.columns} columns, city: {args.areas or 'sample (18)'}")
    for name, step in steps(at, table):
        start = time.perf_counter()
        step()
        took = time.perf_counter() - start
        problems = [e.value for e in at.exception] + [e.value for e in at.error]
        print(f"{took:6.2f} s  {name}" + (f"  [{problems[0][:90]}]" if problems else ""))


if __name__ == "__main__":
    main()
