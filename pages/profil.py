import streamlit as st

from bildungsampel.app import cache, reports, shell, state, widgets
from bildungsampel.present import charts, export, views
from bildungsampel.present.i18n import t
from indicators import profile
from indicators.errors import BildungsampelError

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()

st.title(t("profile.title", lang))
c1, c2, c3 = st.columns([2, 3, 1])
with c1:
    level = widgets.level_picker()
with c2:
    area = widgets.area_picker(level)
with c3:
    year = widgets.year_picker()

rated = cache.ratings(level, year, lang, areas=(area,))
name = cache.area_names(level)[area]
st.subheader(views.md(name))
try:
    # the spine places the area among all areas of the level, not among its own rows
    rows = profile.area_profile(rated, data.catalog, area, among=cache.classified(level, year))
except BildungsampelError:
    st.info(t("profile.no_rows", lang, name=views.md(name)))
    st.stop()
counts = rows["rating"].value_counts()
st.caption(views.md(views.stand_text(rows, data.catalog, lang, year=year)))
st.write(
    t(
        "profile.summary",
        lang,
        **{r: int(counts.get(r, 0)) for r in ("green", "yellow", "red", "grey")},
    )
)

note = views.multiple_testing_note(rows, lang)
if note:
    st.caption(note)

table = views.ratings_table(rows, data.catalog, lang, first="indicator", with_year=True)
history = cache.histories(level, area, None)
table.insert(
    len(table.columns) - 1, t("col.history", lang), [history.get(i, []) for i in rows["indicator"]]
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    height=35 * (len(table) + 1) + 3,
    column_config={
        t("col.history", lang): st.column_config.LineChartColumn(
            t("col.history", lang), width="small"
        )
    },
)
stem = f"profil_{area}_{year or 'neueste'}"
tables = export.formats_of("table")
widgets.downloads(
    st.columns(len(tables)),
    stem,
    export.ratings_file,
    rows,
    data,
    formats=tables,
    key="profile_table",
    lang=lang,
    level=level,
    sheet=name,
)
widgets.downloads(
    st,
    f"bericht_{area}_{year or 'neueste'}",
    reports.area_report(level, area, year, lang, palette),
    formats=("pdf",),
    key="profile_report",
    label=t("report.download", lang),
)

st.subheader(t("profile.spine", lang))
st.caption(t("profile.spine_help", lang))
st.altair_chart(
    charts.localise(charts.spine_chart(rows, data.catalog, palette=palette, lang=lang), lang),
    width="stretch",
)

for ind_id in views.composites_of(rows, data.catalog):
    row = rows[rows["indicator"] == ind_id].iloc[0]
    parts = profile.composite_breakdown(data.obs(level), data.catalog, ind_id, row["period"], area)
    if not len(parts):
        continue
    st.subheader(t("profile.composite", lang, label=views.md(data.catalog[ind_id].label(lang))))
    st.caption(views.md(views.composite_caption(parts, row, lang)))
    st.dataframe(views.composite_table(parts, data.catalog, lang), hide_index=True)
