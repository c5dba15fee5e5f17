import streamlit as st

from bildungsampel.app import cache, shell, state, widgets
from bildungsampel.present import charts, export, views
from bildungsampel.present.i18n import t
from indicators import profile

shell.setup()
lang = state.lang()
data = cache.dataset()

st.title(t("trends.title", lang))
c1, c2, c3 = st.columns([3, 2, 1])
with c1:
    ind_id = widgets.indicator_picker()
with c2:
    level = widgets.level_picker()
with c3:
    year = widgets.year_picker(ind_id)
indicator = data.catalog[ind_id]
names = cache.area_names(level)
options = sorted(names, key=lambda a: names[a].casefold())
first = state.selected_area(level)
chosen = widgets.choice(
    st.multiselect,
    t("w.trend_areas", lang),
    options,
    shared=f"trends_areas_{level}",
    default=[first] if first in names else options[:1],
    format_func=names.__getitem__,
)

series = profile.series(data.obs(level), cache.city_observations(), ind_id, chosen)
st.altair_chart(
    charts.localise(
        charts.trend_chart(series, names, indicator.unit, lang=lang, palette=state.palette()), lang
    ),
    width="stretch",
)

rows = cache.ratings(level, year, lang, indicators=(ind_id,), areas=tuple(chosen))
if not rows.empty:
    st.caption(
        views.md_t("trends.window", lang, n=indicator.rule.trend_periods, year=rows["year"].iloc[0])
    )
    st.dataframe(views.ratings_table(rows, data.catalog, lang), hide_index=True, width="stretch")
widgets.downloads(
    st,
    f"trend_{ind_id}_{level}",
    export.series_file,
    series,
    data,
    ind_id,
    names,
    key="trends_table",
    lang=lang,
    level=level,
)
