"""UI support: cached loaders for the Streamlit pages (the only module importing streamlit)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from bildungsampel import pipeline


@st.cache_resource(max_entries=4)
def dataset() -> pipeline.Dataset:
    """Return the sample city's dataset (loaded once per server process, never mutated)."""
    return pipeline.load_dataset()


@st.cache_data(max_entries=64, ttl=3600)
def ratings(level: str, year: str | None, lang: str) -> pd.DataFrame:
    """Return the rated table for one level, year and language."""
    return pipeline.rate(dataset(), level=level, year=year, lang=lang)  # type: ignore[arg-type]
