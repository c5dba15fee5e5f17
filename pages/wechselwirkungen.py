import streamlit as st

from bildungsampel.app import cache, queries, shell, state, widgets
from bildungsampel.present import charts, export, views
from bildungsampel.present import correlation as present
from bildungsampel.present.i18n import t
from indicators import correlation, heatmap
from indicators.errors import BildungsampelError

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()

st.title(t("inter.title", lang))
st.caption(t("inter.help", lang))
c1, c2, c3 = st.columns([2, 2, 2])
with c1:
    level = widgets.level_picker()
with c2:
    year = widgets.year_picker()
with c3:
    method = widgets.choice(
        st.radio,
        t("inter.method", lang),
        list(correlation.METHODS),
        shared="inter_method",
        default="pearson",
        horizontal=True,
        format_func=lambda m: t(f"inter.method.{m}", lang),
    )

rated = cache.classified(level, year)
if not (rated["rating"] != "grey").any():
    st.info(t("hm.empty", lang))
    st.stop()
# the heatmap page's default query: the same matrix, so the same (clustered) order
cluster = len(data.areas(level)) <= heatmap.MAX_CLUSTER_ROWS
query = queries.HeatmapQuery(level, year, tuple(data.catalog), cluster, "average", "minmax")
try:
    values = correlation.values_of(cache.heatmap_data(query))
except BildungsampelError as error:
    widgets.show_error(error)
    st.stop()
if values.shape[1] < 2:
    st.info(t("inter.too_few_indicators", lang))
    st.stop()

st.caption(views.md(views.stand_text(rated, data.catalog, lang, year=year)))
pairs = correlation.correlation_matrix(values, method=method)
st.caption(t("inter.matrix", lang))
st.altair_chart(
    charts.localise(present.matrix_chart(pairs, data.catalog, palette=palette, lang=lang), lang),
    width="content",
)
st.caption(present.n_text(pairs, lang))
st.info(t("inter.note", lang))
widgets.downloads(
    st,
    f"korrelationen_{method}_{year or 'neueste'}_{level}",
    present.pairs_file,
    pairs,
    data,
    formats=export.formats_of("table"),
    key="inter_table",
    method=method,
    lang=lang,
    level=level,
)

order = list(values.columns)
c4, c5 = st.columns(2)
with c4:
    x = widgets.choice(
        st.selectbox,
        t("inter.x", lang),
        order,
        shared="inter_x",
        default=order[0],
        format_func=lambda i: data.catalog[i].label(lang),
    )
with c5:
    y = widgets.choice(
        st.selectbox,
        t("inter.y", lang),
        order,
        shared="inter_y",
        default=order[1],
        format_func=lambda i: data.catalog[i].label(lang),
    )
fit = correlation.pair(values, x, y, method=method)
names = cache.area_names(level)
parent = cache.parent_level(level)
parents = present.parent_names(data.areas(level), cache.area_names(parent)) if parent else None
points = present.scatter_frame(values, x, y, names, parents)
st.markdown(views.md(present.pair_text(fit, lang)))
if line := present.line_text(fit, lang):
    st.caption(views.md(line))
chart = present.scatter_chart(
    points,
    fit,
    data.catalog,
    palette=palette,
    lang=lang,
    parent_title=widgets.level_name(parent) if parent else "",
)
event = st.altair_chart(
    charts.localise(chart, lang), on_select="rerun", key=f"inter_scatter_{level}", width="stretch"
)
st.caption(t("inter.click", lang))
picked = (event.selection.get(present.POINT) or [{}])[0].get("area_id") if event else None
if picked is not None and picked in names:
    state.select_area(level, picked)
selected = state.selected_area(level)
if selected in names and st.button(
    t("to_profile", lang, name=views.md(names[selected])), key="inter_to_profile"
):
    widgets.goto_profile(level, selected)
