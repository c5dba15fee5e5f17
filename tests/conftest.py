from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from bildungsampel.service import publishing
from indicators.catalog import Catalog, Indicator

#: the PostgreSQL test server (``pg_server``, ``pg_url``) and ``store_at`` (both backends)
pytest_plugins = ["tests.pgserver"]

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


@pytest.fixture
def catalog_of():
    def build(*inds: Indicator) -> Catalog:
        return Catalog(list(inds))

    return build


@pytest.fixture
def store(tmp_path):
    """A fresh store with the sample city in ``tmp_path / "data"``."""
    store = publishing.open_store(tmp_path / "data")
    yield store
    store.engine.dispose()
