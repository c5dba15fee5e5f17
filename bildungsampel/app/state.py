"""The process-wide settings and this session's shared choices.

Session state holds ids and choices only, initialised with ``setdefault``:
``lang``, ``palette``, ``level``, ``area`` (selected area id per level),
``year`` and ``indicator``.
"""

from __future__ import annotations

import functools

import streamlit as st

from bildungsampel.present.palettes import DEFAULT, PALETTES, Palette
from bildungsampel.service import dataset
from bildungsampel.service.settings import Settings, load_settings


@functools.cache
def settings() -> Settings:
    """Return the settings (read once per process)."""
    return load_settings()


def init_state() -> None:
    """Initialise the shared choices (language, palette, level, selection)."""
    conf = settings()
    st.session_state.setdefault("lang", conf.language)
    st.session_state.setdefault("palette", conf.palette)
    st.session_state.setdefault("level", dataset.LEVELS.lowest.id)
    st.session_state.setdefault("area", {})
    st.session_state.setdefault("year", "latest")
    st.session_state.setdefault("indicator", None)


def lang() -> str:
    """Return the UI language."""
    return str(st.session_state.get("lang", "de"))


def palette() -> Palette:
    """Return the chosen colour palette."""
    return PALETTES[palette_name()]


def selected_area(level: str) -> str | None:
    """Return the selected area id of ``level`` (None when nothing is selected)."""
    value = st.session_state.get("area", {}).get(level)
    return str(value) if value is not None else None


def set_level(level: str) -> None:
    """Switch the shared level choice (for buttons such as "show the districts")."""
    st.session_state["level"] = level


def select_area(level: str, area_id: str | None) -> None:
    """Remember ``area_id`` as the selection of ``level`` (shared by all pages)."""
    chosen = dict(st.session_state.get("area", {}))
    chosen[level] = area_id
    st.session_state["area"] = chosen


def palette_name() -> str:
    """Return the name of the chosen palette."""
    name = str(st.session_state.get("palette", DEFAULT))
    return name if name in PALETTES else DEFAULT
