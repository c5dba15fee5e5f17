"""Shared test helpers: paths, tiny catalogue entries and observations, store fingerprints.

Imported by test modules as ``from tests import helpers`` (never from a conftest).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from indicators.catalog import Indicator, Kind, Polarity, Rule

#: The checkout (pyproject.toml, dashboard.py, pages/).
ROOT = Path(__file__).resolve().parents[1]
#: The dashboard script for ``AppTest.from_file``.
APP = str(ROOT / "dashboard.py")


def make_indicator(
    ind_id: str = "x",
    *,
    polarity: Polarity = Polarity.LOWER_IS_BETTER,
    kind: Kind = Kind.PROPORTION,
    multiplier: float = 100.0,
    **rule: object,
) -> Indicator:
    return Indicator(
        id=ind_id,
        label_de=f"Indikator {ind_id}",
        label_en=f"Indicator {ind_id}",
        domain="Formale Bildung",
        unit="%",
        polarity=polarity,
        kind=kind,
        multiplier=multiplier,
        rule=Rule(**rule),
    )  # type: ignore[arg-type]


def make_obs(ind_id: str, period: str, values=None, nums=None, dens=None, ids=None):
    n = len(values if values is not None else nums)
    ids = ids or [f"{i:02d}" for i in range(1, n + 1)]
    frame = pd.DataFrame(
        {
            "area_id": ids,
            "indicator": ind_id,
            "period": period,
            "value": values if values is not None else [float("nan")] * n,
            "numerator": nums if nums is not None else [float("nan")] * n,
            "denominator": dens if dens is not None else [float("nan")] * n,
        }
    )
    frame["missing_reason"] = None
    return frame


def fingerprint(store) -> str:
    digest = hashlib.sha256()
    for path in sorted(store.data_dir.glob("bildungsampel.sqlite*")):
        if path.suffix != ".sqlite-shm":
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def wide_upload_table(rows: int = 542, columns: int = 20, *, names: list[str]) -> bytes:
    """A wide German CSV as offices deliver it: area, school year, a Kita trio, more figures.

    The Kita trio is "Kinder in Kitas" (numerator), "Kinder 3 bis unter 6"
    (denominator) and "Anteil in %" (their value); ``columns - 5`` further
    columns "Merkmal 1" … hold figures. Rows cycle through ``names`` and the
    school years from 1990/91 on, so each area × year appears once.
    """
    lines = [
        ";".join(
            ["Stadtteil", "Schuljahr", "Kinder in Kitas", "Kinder 3 bis unter 6", "Anteil in %"]
            + [f"Merkmal {k}" for k in range(1, columns - 4)]
        )
    ]
    for r in range(rows):
        year = 1990 + r // len(names)
        den = 100 + r % 37
        num = 40 + r % 23
        figures = [f"{(r * 7 + k * 13) % 100},{k % 10}" for k in range(1, columns - 4)]
        share = f"{num / den * 100:.1f}".replace(".", ",")
        cells = [names[r % len(names)], f"{year}/{(year + 1) % 100:02d}", str(num), str(den)]
        lines.append(";".join([*cells, share, *figures]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def store_state(store) -> dict[str, str]:
    """Checksums of everything a store holds, to show that a refused write changed nothing.

    SQLite: the files (the -shm index and an empty -wal carry no data); PostgreSQL:
    every table's rows in key order.
    """
    import gc

    import sqlalchemy as sa

    if store.data_dir is not None:
        gc.collect()
        return {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.data_dir.iterdir())
            if p.is_file()
            and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)
        }
    found = {}
    with store.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            rows = conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
            found[table] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return found
