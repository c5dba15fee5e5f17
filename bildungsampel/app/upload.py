"""Widgets of the upload wizard and the version panel (UI support, imports streamlit).

Choices live in session state under ``up_*`` keys; every write action checks
the analyst role again right before it writes.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from bildungsampel.app import shell, widgets
from bildungsampel.present import maplayer, versions, views
from bildungsampel.present.i18n import t
from bildungsampel.present.palettes import Palette
from bildungsampel.service import auth, dataset, publishing
from bildungsampel.service.store import Store
from geodata import display
from indicators import importer
from indicators.catalog import Catalog, Indicator
from indicators.errors import BildungsampelError
from indicators.importer import ColumnMapping
from indicators.matching import SKIP, normalize_name
from indicators.tables import RawTable

#: Streamlit writes the drop zone's instructions and button in English; they are
#: hidden and replaced by the UI language's (:func:`file_input`).
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
{word} {{ font-size: 0; }}
{word}::after {{ content: "{button}"; font-size: 0.875rem; }}
</style>"""
#: The word on the drop zone's button ("Upload"), not the file chip's or the add icon.
_UPLOADER_WORD = (
    '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] '
    '[data-testid="stMarkdownContainer"] p'
)


def file_input(label: str, types: Sequence[str], *, key: str, limit_mb: float, lang: str) -> Any:
    """Draw a file uploader whose words are all in the UI language.

    Its size limit is the one the import checks (``upload_limit_mb``), named in
    a caption below it with the accepted types.
    """
    button = t("up.file.button", lang).replace('"', "")
    st.html(_UPLOADER_CSS.format(word=_UPLOADER_WORD, button=button))
    uploaded = st.file_uploader(
        label, type=list(types), key=key, max_upload_size=max(1, math.ceil(limit_mb))
    )
    shown = ", ".join(x.upper() for x in types)
    st.caption(t("up.file.limit", lang, limit=f"{limit_mb:g}", types=shown))
    return uploaded


def mapping_widgets(
    raw: RawTable, guess: ColumnMapping, lang: str
) -> tuple[ColumnMapping, str | None]:
    """Show the detected layout and let the analyst adjust it; return mapping and year.

    Raises
    ------
    UnreadableFileError
        When the chosen roles do not make indicators (a role twice, counts
        without a value column lacking one of them).
    """
    cols = [str(c) for c in raw.frame.columns]
    none = t("up.none", lang)
    layout = st.radio(
        t("up.layout", lang),
        ["long", "wide"],
        horizontal=True,
        index=0 if guess.layout == "long" else 1,
        key="up_layout",
        format_func=lambda v: t(f"up.layout.{v}", lang),
    )
    c1, c2 = st.columns(2)
    area = c1.selectbox(
        t("up.area_col", lang), cols, key="up_area_col", index=cols.index(guess.area_column)
    )
    period_options = [none, *(c for c in cols if c != area)]
    period_col: str | None = c2.selectbox(
        t("up.period_col", lang),
        period_options,
        key="up_period_col",
        index=period_options.index(guess.period_column) if guess.period_column in cols else 0,
    )
    period = None
    if period_col == none:
        period = st.text_input(t("up.period", lang), key="up_period") or None
    period_col = None if period_col == none else period_col
    if layout == "long":
        return _long_mapping(raw, guess, area, period_col, lang), period
    return _wide_mapping(cols, guess, area, period_col, lang), period


def _long_mapping(
    raw: RawTable, guess: ColumnMapping, area: str, period_col: str | None, lang: str
) -> ColumnMapping:
    """Let the analyst pick the indicator, value and count columns of a long table.

    Defaults come from header words and content (never the area or year
    column); without an indicator column the whole file is one indicator.
    """
    none = t("up.none", lang)
    detected = (
        guess
        if guess.layout == "long" and (guess.area_column, guess.period_column) == (area, period_col)
        else importer.long_guess(raw, area_column=area, period_column=period_col)
    )
    options = [none, *(str(c) for c in raw.frame.columns if str(c) not in (area, period_col))]

    def pick(label: str, current: str | None, key: str) -> str | None:
        index = options.index(current) if current in options else 0
        value = st.selectbox(t(label, lang), options, index=index, key=key)
        return None if value == none else str(value)

    l1, l2, l3, l4 = st.columns(4)
    with l1:
        ind = pick("up.indicator_col", detected.indicator_column, "up_ind_col")
    with l2:
        val = pick("up.value_col", detected.value_column, "up_val_col")
    with l3:
        num = pick("up.numerator_col", detected.numerator_column, "up_num_col")
    with l4:
        den = pick("up.denominator_col", detected.denominator_column, "up_den_col")
    single = None
    if ind is None:
        single = (
            st.text_input(
                t("up.single_indicator", lang),
                key="up_single_ind",
                help=t("up.single_indicator.help", lang),
            ).strip()
            or None
        )
    return ColumnMapping(
        layout="long",
        area_column=area,
        period_column=period_col,
        indicator_column=ind,
        single_indicator=single,
        value_column=val,
        numerator_column=num,
        denominator_column=den,
        reason_column=detected.reason_column if detected.reason_column in options else None,
    )


def _wide_mapping(
    cols: list[str], guess: ColumnMapping, area: str, period_col: str | None, lang: str
) -> ColumnMapping:
    """Let the analyst give each column of a wide table its indicator and role.

    Columns with the same indicator are its value, numerator and denominator
    ("Kinder in Kitas" → Zähler, "Kinder 3 bis unter 6" → Nenner, "Anteil in %"
    → Wert of one indicator); an emptied indicator cell is not imported.
    """
    shown = [c for c in cols if c not in (area, period_col)]
    detected = guess if guess.layout == "wide" else None
    roles = (
        importer.wide_roles(guess, cols)
        if detected
        else {c: (normalize_name(c)[:60] or c, "value") for c in shown}  # each a value
    )
    saved = st.session_state.get("up_roles", {})
    if saved.get("columns") == shown:  # kept while the long layout was shown
        roles = {**roles, **saved["roles"]}
    words = {role: t(f"up.role.{role}", lang) for role in importer.ROLES}
    column, indicator, role = t("up.column", lang), t("col.indicator", lang), t("up.role", lang)
    frame = pd.DataFrame(
        {
            column: shown,
            indicator: [roles.get(c, ("", "value"))[0] for c in shown],
            role: [words[roles.get(c, ("", "value"))[1]] for c in shown],
        }
    )
    st.caption(t("up.columns.help", lang))
    edited = st.data_editor(
        frame,
        hide_index=True,
        key="up_columns",
        disabled=[column],
        width="stretch",
        column_config={
            role: st.column_config.SelectboxColumn(
                role, options=list(words.values()), required=True
            ),
        },
    )
    by_word = {w: r for r, w in words.items()}
    chosen: dict[str, tuple[str, importer.Role]] = {
        str(c): (
            str(i).strip() if isinstance(i, str) else "",  # emptied: None or NaN, not imported
            by_word.get(str(r), "value"),
        )
        for c, i, r in zip(edited[column], edited[indicator], edited[role], strict=True)
    }
    st.session_state["up_roles"] = {"columns": shown, "roles": chosen}
    return importer.wide_from_roles(
        chosen, area_column=area, period_column=period_col, detected=detected
    )


def matching_widgets(matches: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    """Show how areas were matched; let the analyst confirm open ones."""
    ok = int(matches["how"].isin(["id", "name", "fuzzy", "confirmed"]).sum())
    open_ = matches[matches["how"] == "unmatched"]
    other = int(matches["how"].isin(["city", "parent"]).sum())
    st.caption(t("up.match.summary", lang, ok=ok, open=len(open_), other=other))
    shown = pd.DataFrame(
        {
            t("up.match.source", lang): matches["source"],
            t("up.match.target", lang): [
                names.get(str(a), "") if isinstance(a, str) else "" for a in matches["area_id"]
            ],
            t("up.match.how", lang): [t(f"up.match.how.{h}", lang) for h in matches["how"]],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=min(400, 35 * (len(shown) + 1)))
    if open_.empty:
        return
    st.markdown(f"**{t('up.match.confirm', lang)}**")
    confirmed = dict(st.session_state.get("up_confirmed", {}))
    labels = {**names, SKIP: t("up.match.skip", lang), "": "–"}
    options = ["", SKIP, *sorted(names, key=lambda a: names[a].casefold())]
    for n, row in enumerate(open_.head(30).itertuples()):
        # nothing is pre-selected: a suggestion (shown in the report) is taken only when the
        # analyst picks it, so the page's check says what the CLI's says
        current = confirmed.get(str(row.source), "")
        choice = st.selectbox(
            views.md(row.source),  # a label is Markdown; the source name comes from the file
            options,
            index=options.index(current) if current in options else 0,
            key=f"up_confirm_{n}",
            format_func=labels.__getitem__,
        )
        if choice:
            confirmed[str(row.source)] = choice
    if confirmed != st.session_state.get("up_confirmed", {}):
        st.session_state["up_confirmed"] = confirmed
        st.rerun()


#: The write actions of the version panel, in the order of their buttons.
WRITE_ACTIONS = ("rollback", "delete", "restore", "purge")


def versions_panel(store: Store, who: auth.User, lang: str) -> None:
    """List versions; compare two; roll back, delete, restore or purge (analysts only).

    Every write action asks for confirmation first and says afterwards what
    it did (the message survives the rerun that shows the new state).
    """
    done = st.session_state.pop("ver_flash", None)
    if done:
        st.success(done)
    frame = store.versions()
    st.dataframe(views.versions_table(frame, lang), hide_index=True, width="stretch")
    ids = frame["id"].tolist()
    if len(ids) >= 2:
        _compare(store, ids, lang)
    if not ids:
        return
    current = frame.loc[frame["current"], "id"].tolist()
    first = next((i for i, v in enumerate(ids) if v not in current), 0)  # not the published one
    target = int(st.selectbox(t("ver.pick", lang), ids, index=first, key="ver_target"))
    for name, column in zip(WRITE_ACTIONS, st.columns(len(WRITE_ACTIONS)), strict=True):
        if column.button(t(f"ver.{name}", lang), key=f"ver_{name}"):
            st.session_state["ver_pending"] = (name, target)
    if st.session_state.get("ver_pending"):
        _confirm(store, who, lang)


def _compare(store: Store, ids: list[int], lang: str) -> None:
    """Pick two versions and say in sentences what changed between them."""
    c1, c2 = st.columns(2)
    old = c1.selectbox(t("ver.pick", lang), ids[1:] + ids[:1], key="ver_old")
    new = c2.selectbox(t("ver.pick", lang), ids, key="ver_new")
    if st.button(t("ver.compare", lang), key="ver_compare"):
        st.session_state["ver_compared"] = True  # stays shown while other buttons rerun
    if st.session_state.get("ver_compared"):
        try:
            diff = store.compare(int(old), int(new))
        except BildungsampelError as error:
            widgets.show_error(error)
            return
        lines = versions.comparison(diff, int(old), int(new), lang)
        st.markdown(views.md(lines[0]) + "\n" + "\n".join(f"- {views.md(x)}" for x in lines[1:]))


def _confirm(store: Store, who: auth.User, lang: str) -> None:
    """Ask to confirm the pending write action; run it on yes and say what it did."""
    name, version = st.session_state["ver_pending"]
    st.warning(t(f"ver.confirm.{name}", lang, version=version))
    yes, no = st.columns(2)
    if no.button(t("ver.confirm.no", lang), key="ver_no"):
        st.session_state.pop("ver_pending", None)
        st.rerun()
    if yes.button(t("ver.confirm.yes", lang), key="ver_yes", type="primary"):
        st.session_state.pop("ver_pending", None)
        try:
            auth.require_analyst(shell.user())  # checked again inside every write action
            result = _action(store, who, name, version)()
        except BildungsampelError as error:
            widgets.show_error(error)
        else:
            message = t(f"ver.success.{name}", lang, version=version, new=result)
            st.session_state["ver_flash"] = message
            st.rerun()


def _action(store: Store, who: auth.User, name: str, version: int) -> Callable[[], object]:
    """Return the write action ``name`` on ``version`` (the one confirmed, not the one picked)."""
    return {
        "rollback": lambda: store.rollback(version, author=who.name),
        "delete": lambda: store.delete(version),
        "restore": lambda: store.restore(version),
        "purge": store.purge,
    }[name]


#: Rows of each preview table (those that change first); they stay readable.
PREVIEW_ROWS = 300


def preview_tables(
    before: dataset.Dataset,
    after: dataset.Dataset,
    prepared: importer.Prepared,
    lang: str,
    *,
    rated_before: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Return the published and the previewed ratings of the uploaded indicators.

    Both tables show the uploaded indicators' latest year, rows that change
    first and at most :data:`PREVIEW_ROWS` of them (``shown``); ``changed``
    counts area × indicator rows whose value or rating differs. ``rated_before``
    are the published ratings of the uploaded indicators when known (cached).
    """
    inds = sorted(set(prepared.observations["indicator"]))
    if rated_before is None:
        rated_before = published_ratings(before, inds, lang)
    rated_after = dataset.rate(only(after, inds), lang=lang)
    rb = rated_before[rated_before["indicator"].isin(inds)]
    ra = rated_after[rated_after["indicator"].isin(inds)]
    changed = publishing.changes(rb, ra)
    moved = pd.MultiIndex.from_frame(changed[["area_id", "indicator"]])

    def first(rows: pd.DataFrame) -> pd.DataFrame:
        flag = pd.MultiIndex.from_frame(rows[["area_id", "indicator"]]).isin(moved)
        return pd.concat([rows[flag], rows[~flag]]).head(PREVIEW_ROWS)

    def table(rows: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
        out = views.ratings_table(rows, catalog, lang, with_year=True)
        out.insert(1, t("col.indicator", lang), [catalog[i].label(lang) for i in rows["indicator"]])
        hidden = [t(c, lang) for c in ("col.reason", "col.interval", "col.limits")]
        return out.drop(columns=[c for c in hidden if c in out.columns])

    return {
        "before": table(first(rb), before.catalog),
        "after": table(first(ra), after.catalog),
        "changed": len(changed),
        "rows": max(len(rb), len(ra)),
    }


def published_ratings(data: dataset.Dataset, indicators: Sequence[str], lang: str) -> pd.DataFrame:
    """Return the ratings of ``indicators`` in ``data`` (the preview's "before")."""
    return dataset.rate(only(data, indicators), lang=lang)


def only(data: dataset.Dataset, indicators: Sequence[str]) -> dataset.Dataset:
    """Return ``data`` with the observations of ``indicators`` (and those they refer to).

    The preview rates only what an upload changes; an indicator's weight and
    population indicators stay, as its rating needs them.
    """
    keep = set(indicators)
    for ind_id in indicators:
        if ind_id in data.catalog:
            ind = data.catalog[ind_id]
            keep |= {i for i in (ind.weight, ind.rule.population) if i}

    def cut(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        return None if frame is None else frame[frame["indicator"].isin(keep)]

    return dataclasses.replace(
        data,
        obs_by_level={
            lvl: frame[frame["indicator"].isin(keep)] for lvl, frame in data.obs_by_level.items()
        },
        totals=cut(data.totals),
        city=cut(data.city),
    )


#: Up to this many areas the preview maps name them (more: a quick map without names).
PREVIEW_NAMES = 60
#: Resolution of the preview maps (8 × 8 inches).
PREVIEW_DPI = 80


def preview_map(
    data: dataset.Dataset,
    ind: Indicator,
    *,
    lang: str,
    palette: Palette,
    shapes: gpd.GeoDataFrame | None = None,
) -> bytes:
    """Return a PNG map of indicator ``ind`` in ``data`` (its latest year; empty when absent).

    ``shapes`` are the areas simplified for display (default: simplified here).
    """
    from bildungsampel.present import figures  # matplotlib: only for the preview image

    rated = dataset.rate(only(data, [ind.id]), lang=lang)
    rows = rated[rated["indicator"] == ind.id]
    if ind.id not in data.catalog:
        rows = rated.iloc[0:0]
    shapes = display.simplify_coverage(data.areas()) if shapes is None else shapes
    frame = maplayer.map_frame(shapes, rows, ind, lang=lang, palette=palette)
    period = rows["year"].iloc[0] if len(rows) else ""
    fig = figures.map_figure(
        frame.to_crs(data.areas().crs),
        frame["fill"].tolist(),
        title=f"{ind.label(lang)} {period}".strip(),
        legend=maplayer.legend(ind, palette, lang),
        names=len(frame) <= PREVIEW_NAMES,
    )
    fig.set_dpi(PREVIEW_DPI)  # half a page wide on screen: 640 pixels are plenty
    return figures.figure_bytes(fig, "png")
