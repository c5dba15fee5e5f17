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
