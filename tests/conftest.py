from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from indicators.catalog import Catalog, Indicator, Kind, Polarity, Rule

# Tests never touch a user's data directory: one fresh store per test session.
os.environ["BILDUNGSAMPEL_DATA_DIR"] = tempfile.mkdtemp(prefix="bildungsampel-test-")

REALDATA = Path(
    os.environ.get(
        "BILDUNGSAMPEL_REALDATA", Path(__file__).resolve().parents[2] / "shared" / "realdata"
    )
)


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"../shared/realdata is missing in CI ({REALDATA})")
        pytest.skip("../shared/realdata not present (fresh clone)")
    return REALDATA


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


@pytest.fixture
def catalog_of():
    def build(*inds: Indicator) -> Catalog:
        return Catalog(list(inds))

    return build
