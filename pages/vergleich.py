import streamlit as st

from bildungsampel.app import cache, shell, state, widgets
from bildungsampel.present import charts, export, views
from bildungsampel.present.i18n import t
from indicators import profile

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()

st.title(t("compare.title", lang))
c1, c2 = st.columns([2, 1])
with c1:
    level = widgets.level_picker()
with c2:
    year = widgets.year_picker()
names = cache.area_names(level)
options = sorted(names, key=lambda a: names[a].casefold())
first = state.selected_area(level)
start = [first] if first in names else []
chosen = widgets.choice(
    st.multiselect,
    t("w.areas", lang),
    options,
    shared=f"compare_areas_{level}",
    default=(start + [a for a in options if a not in start])[:2],
    max_selections=5,
    format_func=names.__getitem__,
)
if not 2 <= len(chosen) <= 5:
    st.info(t("compare.pick", lang))
    st.stop()

rated = cache.classified(level, year)
rows = profile.comparison(cache.ratings(level, year, lang, areas=tuple(chosen)), chosen)
if rows.empty:
    st.info(t("no_data", lang))
    st.stop()
st.caption(views.md(views.stand_text(rated, data.catalog, lang, year=year)))
table = views.comparison_table(rows, data.catalog, names, lang)
st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
widgets.downloads(
    st,
    f"vergleich_{year or 'neueste'}_{level}",
    export.ratings_file,
    rows,
    data,
    key="compare_table",
    lang=lang,
    level=level,
)

ind_id = widgets.indicator_picker()
indicator = data.catalog[ind_id]
part = rows[rows["indicator"] == ind_id]
st.caption(t("compare.chart", lang))
st.altair_chart(
    charts.localise(
        charts.comparison_chart(part, names, indicator.unit, palette=palette, lang=lang), lang
    ),
    width="stretch",
)
