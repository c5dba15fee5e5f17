"""Shared widgets bound to the session's choices, downloads and error display."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from bildungsampel.app.cache import area_names, dataset, levels
from bildungsampel.app.state import lang, select_area, selected_area
from bildungsampel.present import export, views
from bildungsampel.present.i18n import level_label, t
from indicators.errors import BildungsampelError


def _valid(value: object, options: Sequence[object]) -> bool:
    if isinstance(value, list):
        return all(v in options for v in value)
    return value in options


def _bind(widget: str, shared: str, options: Sequence[object], default: object) -> None:
    """Put the shared choice into the widget's state before it is drawn.

    The widget writes back through :func:`_store` (an ``on_change`` callback,
    which runs before the rerun), so a page always shows the shared choice and a
    user's change is never overwritten.
    """
    value = st.session_state.get(shared)
    st.session_state[widget] = value if _valid(value, options) else default


def _store(widget: str, shared: str) -> None:
    st.session_state[shared] = st.session_state[widget]


def _translated(prefix: str) -> Callable[[str], str]:
    """Return a label function fixed to the current language (AppTest calls it later)."""
    current = lang()
    return lambda value: t(f"{prefix}.{value}", current)


def choice(
    widget: Callable[..., Any],
    label: str,
    options: Sequence[Any],
    *,
    shared: str,
    default: Any,
    format_func: Callable[[Any], str] = str,
    **kwargs: Any,
) -> Any:
    """Draw a selection widget whose value lives in ``st.session_state[shared]``.

    The widget's own key carries the language (``_w_<shared>_<lang>``): its
    labels change with the language, so it is a new widget then, started from
    the shared value. The value survives page switches and language changes.
    """
    key = f"_w_{shared}_{lang()}"
    _bind(key, shared, options, default)
    _store(key, shared)
    widget(
        label,
        options,
        key=key,
        format_func=format_func,
        on_change=_store,
        args=(key, shared),
        **kwargs,
    )
    return st.session_state[shared]


def level_picker() -> str:
    """Render the level switch bound to the shared ``level`` choice."""
    options = levels()
    return str(
        choice(
            st.radio,
            t("level", lang()),
            options,
            shared="level",
            default=options[0],
            horizontal=True,
            format_func=functools.partial(level_label, lang=lang(), levels=dataset().levels),
        )
    )


def level_name(level: str) -> str:
    """Return the name of ``level`` in the city's words (the product's word, translated)."""
    return level_label(level, lang(), dataset().levels)


def year_options(indicator: str | None = None) -> list[str]:
    """Return the selectable years, newest first (end years of calendar and school years).

    All years of the dataset, or those of one ``indicator``.
    """
    return views.year_list(dataset().observations, indicator)


def year_picker(indicator: str | None = None) -> str | None:
    """Render a year select box bound to the shared ``year`` choice; None means "latest".

    The first option, "latest", rates every indicator in its own latest period
    (the start page rule; README, "Which year a page shows"). With ``indicator`` (the map, the trend
    table) the options are that indicator's years, so the map follows the
    chosen indicator; a shared year the indicator does not have falls back to
    its latest.
    """
    years = year_options(indicator)
    latest = years[0] if indicator is not None and years else None
    current = lang()
    chosen = choice(
        st.selectbox,
        t("w.year", current),
        ["latest", *years],
        shared="year",
        default="latest",
        format_func=lambda y: views.year_choice_label(y, current, latest=latest),
        help=t("w.year_help", current),
    )
    return None if chosen == "latest" else str(chosen)


def indicator_picker() -> str:
    """Render an indicator select box (label shown, id returned), shared across pages."""
    catalog = dataset().catalog
    options = list(catalog)
    current = lang()
    return str(
        choice(
            st.selectbox,
            t("w.indicator", current),
            options,
            shared="indicator",
            default=options[0],
            format_func=lambda i: catalog[i].label(current),
        )
    )


def _store_area(widget: str, level: str) -> None:
    select_area(level, st.session_state[widget])


def area_picker(level: str) -> str:
    """Render an area select box bound to the shared selection of ``level``."""
    names = area_names(level)
    options = sorted(names, key=lambda a: names[a].casefold())
    widget = f"_w_area_{level}_{lang()}"
    current = selected_area(level)
    st.session_state[widget] = current if current in options else options[0]
    select_area(level, st.session_state[widget])
    st.selectbox(
        t("w.area", lang()),
        options,
        key=widget,
        format_func=names.__getitem__,
        on_change=_store_area,
        args=(widget, level),
    )
    return str(st.session_state[widget])


def goto_profile(level: str, area_id: str) -> None:
    """Select ``area_id`` and switch to the profile page."""
    select_area(level, area_id)
    st.session_state["level"] = level
    st.switch_page("pages/profil.py")


def downloads(
    where: Any,
    stem: str,
    make: Callable[..., bytes],
    *args: Any,
    formats: Sequence[str] = ("csv",),
    key: str,
    label: str | None = None,
    **options: Any,
) -> None:
    """Show one download button per format for ``make(*args, fmt=fmt, **options)``, run on click.

    Parameters
    ----------
    where : st, a container, or a sequence of them
        One container for all buttons, or one per format (columns of a page).
    stem : str
        File name without suffix.
    make : callable
        Returns the file's bytes for ``fmt=`` one of ``formats``; it runs when
        the user clicks, which keeps reruns fast for thousands of areas and
        makes a file's "generated at" the moment of the click.
    formats : sequence of str
        Format ids of :data:`bildungsampel.present.export.FORMATS` (suffix,
        MIME type and label come from there).
    key : str
        Names the buttons: ``<key>_<fmt>`` (tests find them by it).
    label : str, optional
        Button label instead of the format's (one format only).
    """
    places = list(where) if isinstance(where, Sequence) else [where] * len(formats)
    if len(places) != len(formats):
        raise BildungsampelError(
            "present.download.places", formats=len(formats), places=len(places)
        )
    current = lang()
    for place, fmt in zip(places, formats, strict=True):
        spec = export.file_format(fmt)
        place.download_button(
            label or t(spec.label, current),
            functools.partial(make, *args, fmt=fmt, **options),
            key=f"{key}_{fmt}",
            **export.file_args(fmt, stem),
        )


#: The upload page's field that answers an error's ``hint`` (the CLI names its flag).
FIELD_HINTS = {
    "crs": "up.b.crs",
    "id_column": "up.b.id",
    "name_column": "up.b.name",
    "parent_column": "up.b.parent",
    "sheet": "up.sheet",
    "year": "up.period",
}


def error_text(error: Exception, language: str) -> str:
    """Return the message of ``error`` in ``language``, naming the field its hint points to."""
    if not isinstance(error, BildungsampelError):
        return error.text(language) if hasattr(error, "text") else str(error)
    text = error.text(language)
    field = FIELD_HINTS.get(error.hint or "")
    return f"{text} ({t('up.field', language, field=t(field, language))})" if field else text


def show_error(error: Exception) -> None:
    """Show a translated error message (never a traceback)."""
    st.error(views.md(error_text(error, lang())))  # messages carry file names and data values
