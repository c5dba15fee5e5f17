"""Widgets of the upload wizard and the version panel (UI support, imports streamlit).

Choices live in session state under ``up_*`` keys; every write action checks
the analyst role again right before it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from bildungsampel.app import shell, widgets
from bildungsampel.present import figures, maplayer, versions, views
from bildungsampel.present.i18n import t
from bildungsampel.present.palettes import Palette
from bildungsampel.service import auth, dataset, publishing
from bildungsampel.service.store import Store
from geodata import display
from indicators import importer
from indicators.catalog import Catalog
from indicators.errors import BildungsampelError
from indicators.importer import ColumnMapping
from indicators.matching import SKIP
from indicators.tables import RawTable


def mapping_widgets(
    raw: RawTable, guess: ColumnMapping, lang: str
) -> tuple[ColumnMapping, str | None]:
    """Show the detected layout and let the analyst adjust it; return mapping and year."""
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
    period_options = [none, *cols]
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
        return _long_mapping(cols, guess, area, period_col, lang), period
    return _wide_mapping(cols, guess, area, period_col, lang), period


def _long_mapping(
    cols: list[str], guess: ColumnMapping, area: str, period_col: str | None, lang: str
) -> ColumnMapping:
    """Let the analyst pick the indicator, value and count columns of a long table."""
    none = t("up.none", lang)

    def pick(label: str, current: str | None, key: str, optional: bool = False) -> str | None:
        options = [none, *cols] if optional else cols
        index = options.index(current) if current in options else 0
        value = st.selectbox(t(label, lang), options, index=index, key=key)
        return None if value == none else str(value)

    l1, l2, l3, l4 = st.columns(4)
    with l1:
        ind = pick("up.indicator_col", guess.indicator_column, "up_ind_col")
    with l2:
        val = pick("up.value_col", guess.value_column, "up_val_col")
    with l3:
        num = pick("up.numerator_col", guess.numerator_column, "up_num_col", True)
    with l4:
        den = pick("up.denominator_col", guess.denominator_column, "up_den_col", True)
    return ColumnMapping(
        layout="long",
        area_column=area,
        period_column=period_col,
        indicator_column=ind,
        value_column=val,
        numerator_column=num,
        denominator_column=den,
        reason_column=guess.reason_column if guess.reason_column in cols else None,
    )


def _wide_mapping(
    cols: list[str], guess: ColumnMapping, area: str, period_col: str | None, lang: str
) -> ColumnMapping:
    """Let the analyst name the indicator of each column of a wide table (empty: skipped)."""
    mapped = (
        guess.indicator_columns
        if guess.layout == "wide"
        else {c: c for c in cols if c not in (area, period_col)}
    )
    frame = pd.DataFrame({t("up.column", lang): [c for c in cols if c not in (area, period_col)]})
    frame[t("col.indicator", lang)] = [mapped.get(c, "") for c in frame[t("up.column", lang)]]
    edited = st.data_editor(
        frame, hide_index=True, key="up_columns", disabled=[t("up.column", lang)], width="stretch"
    )
    chosen = {
        str(c): str(i).strip()
        for c, i in zip(edited[t("up.column", lang)], edited[t("col.indicator", lang)], strict=True)
        if isinstance(i, str) and i.strip()  # an emptied cell is None or NaN: not imported
    }
    left_out = [str(c) for c in edited[t("up.column", lang)] if str(c) not in chosen]
    counts = guess if guess.layout == "wide" else ColumnMapping(layout="wide", area_column=area)
    # the counts detected for a column ("… Zähler", "… Nenner") stay with it
    numerators = {
        c: n for c, n in counts.numerator_columns.items() if c in chosen and n not in chosen
    }
    denominators = {
        c: d for c, d in counts.denominator_columns.items() if c in chosen and d not in chosen
    }
    used = {*numerators.values(), *denominators.values()}
    return replace(
        ColumnMapping(layout="wide", area_column=area, period_column=period_col),
        indicator_columns=chosen,
        numerator_columns=numerators,
        denominator_columns=denominators,
        # years read from headers ("… 2022/23") stay with their column, as in the CLI
        column_periods={c: p for c, p in counts.column_periods.items() if c in chosen},
        # every other column is listed once in the report as not imported (text columns as such)
        skipped_columns={
            c: guess.skipped_columns.get(c, "asked") for c in left_out if c not in used
        },
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
            t("up.match.how", lang): matches["how"],
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


def new_indicator_form(
    ind_id: str,
    lang: str,
    domains: Sequence[str],
    polarities: list[str],
    kinds: list[str],
    domain_label: Callable[[str, str], str],
) -> None:
    """Let the analyst describe a new indicator (stored in ``up_new``)."""
    forms = dict(st.session_state.get("up_new", {}))
    values = dict(forms.get(ind_id, {}))
    with st.expander(views.md(ind_id), expanded=True):
        c1, c2 = st.columns(2)
        values["label_de"] = c1.text_input(
            "label_de", value=values.get("label_de", ""), key=f"up_new_{ind_id}_label_de"
        )
        values["label_en"] = c2.text_input(
            "label_en", value=values.get("label_en", ""), key=f"up_new_{ind_id}_label_en"
        )
        c3, c4, c5 = st.columns(3)
        values["domain"] = c3.selectbox(
            t("col.domain", lang),
            list(domains),
            key=f"up_new_{ind_id}_domain",
            format_func=lambda d: domain_label(d, lang),
        )
        values["polarity"] = c4.selectbox(
            t("col.polarity", lang),
            polarities,
            key=f"up_new_{ind_id}_polarity",
            format_func=lambda p: t(f"polarity.{p}", lang),
        )
        values["kind"] = c5.selectbox(t("col.kind", lang), kinds, key=f"up_new_{ind_id}_kind")
        c6, c7, c8 = st.columns(3)
        values["unit"] = c6.text_input(
            t("col.unit", lang), value=values.get("unit", "%"), key=f"up_new_{ind_id}_unit"
        )
        values["multiplier"] = c7.number_input(
            "multiplier",
            value=float(values.get("multiplier", 100.0)),
            key=f"up_new_{ind_id}_multiplier",
        )
        values["source"] = c8.text_input(
            t("col.source", lang), value=values.get("source", ""), key=f"up_new_{ind_id}_source"
        )
    forms[ind_id] = values
    if forms != st.session_state.get("up_new", {}):
        st.session_state["up_new"] = forms
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


def preview_tables(
    before: dataset.Dataset, after: dataset.Dataset, prepared: importer.Prepared, lang: str
) -> dict[str, Any]:
    """Return the published and the previewed ratings of the uploaded indicators.

    Both tables show the uploaded indicators' latest year; ``changed`` counts
    area × indicator rows whose value or rating differs.
    """
    inds = sorted(set(prepared.observations["indicator"]))
    rated_before = dataset.rate(before, lang=lang)
    rated_after = dataset.rate(after, lang=lang)
    rb = rated_before[rated_before["indicator"].isin(inds)]
    ra = rated_after[rated_after["indicator"].isin(inds)]
    changed = publishing.changes(rb, ra)

    def table(rows: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
        out = views.ratings_table(rows, catalog, lang, with_year=True)
        out.insert(1, t("col.indicator", lang), [catalog[i].label(lang) for i in rows["indicator"]])
        hidden = [t(c, lang) for c in ("col.reason", "col.interval", "col.limits")]
        return out.drop(columns=[c for c in hidden if c in out.columns])

    return {
        "before": table(rb, before.catalog),
        "after": table(ra, after.catalog),
        "changed": len(changed),
    }


def preview_maps(
    before: dataset.Dataset,
    after: dataset.Dataset,
    indicator: str,
    *,
    lang: str,
    palette: Palette,
) -> tuple[bytes, bytes]:
    """Return PNG maps of one indicator before and after an upload (its latest year)."""
    images = []
    for data in (before, after):
        rated = dataset.rate(data, lang=lang)
        rows = rated[rated["indicator"] == indicator]
        if indicator not in data.catalog:
            rows = rated.iloc[0:0]
        ind = after.catalog[indicator]
        frame = maplayer.map_frame(
            display.simplify_coverage(data.areas()), rows, ind, lang=lang, palette=palette
        )
        period = rows["year"].iloc[0] if len(rows) else ""
        fig = figures.map_figure(
            frame.to_crs(data.areas().crs),
            frame["fill"].tolist(),
            title=f"{ind.label(lang)} {period}".strip(),
            legend=maplayer.legend(ind, palette, lang),
        )
        images.append(figures.figure_bytes(fig, "png"))
    return images[0], images[1]
