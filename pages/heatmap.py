import streamlit as st

from bildungsampel.app import cache, queries, shell, state, widgets
from bildungsampel.present import charts, export, i18n, maplayer, views
from bildungsampel.present.i18n import domain_label, number, t
from indicators import heatmap
from indicators.errors import BildungsampelError

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()

st.title(t("hm.title", lang))
st.caption(t("hm.help", lang))
c1, c2, c3, c4 = st.columns([1, 2, 2, 2])
with c1:
    year = widgets.year_picker()
with c2:
    level = widgets.level_picker()
with c3:
    order = widgets.choice(
        st.radio,
        t("w.order", lang),
        ["clustered", "fixed"],
        shared="hm_order",
        default="clustered",
        horizontal=True,
        format_func=lambda o: t(f"w.order.{o}", lang),
    )
with c4:
    scale = widgets.choice(
        st.radio,
        t("w.scale", lang),
        ["continuous", "discrete"],
        shared="hm_scale",
        default="continuous",
        horizontal=True,
        format_func=lambda s: t(f"w.scale.{s}", lang),
    )
domains = widgets.choice(
    st.multiselect,
    t("w.domains", lang),
    data.catalog.domains(),
    shared="hm_domains",
    default=data.catalog.domains(),
    format_func=lambda d: domain_label(d, lang),
)
c5, c6 = st.columns(2)
with c5:
    norm = widgets.choice(
        st.radio,
        t("w.norm", lang),
        list(heatmap.SCALES),
        shared="hm_norm",
        default="minmax",
        horizontal=True,
        format_func=lambda k: t(f"w.norm.{k}", lang),
    )
with c6:
    linkage = widgets.choice(
        st.selectbox,
        t("w.linkage", lang),
        list(heatmap.LINKAGES),
        shared="hm_linkage",
        default="average",
        disabled=order == "fixed",
        format_func=lambda k: t(f"w.linkage.{k}", lang),
    )
n_areas = len(data.areas(level))
parent = cache.parent_level(level)
if n_areas > heatmap.MAX_CLUSTER_ROWS:
    st.warning(
        t(
            "hm.too_many",
            lang,
            n=number(n_areas, lang, decimals=0),
            pairs=number(n_areas * (n_areas - 1) / 2, lang, decimals=0),
            limit=number(heatmap.MAX_CLUSTER_ROWS, lang, decimals=0),
            parent=widgets.level_name(parent) if parent else "–",
        )
    )
    if parent is not None:
        shown = widgets.level_name(parent)
        st.button(t("hm.to_parent", lang, parent=shown), on_click=state.set_level, args=(parent,))
    st.stop()
indicators = tuple(i for i, ind in data.catalog.items() if ind.domain in domains)
if not indicators:
    st.info(t("no_data", lang))
    st.stop()
rated = cache.classified(level, year)
if not (rated["rating"] != "grey").any():  # every value missing or not rated: nothing to draw
    st.info(t("hm.empty", lang))
    st.stop()
try:
    query = queries.HeatmapQuery(level, year, indicators, order == "clustered", linkage, norm)
    matrix = cache.heatmap_data(query)
except BildungsampelError as error:
    widgets.show_error(error)
    st.stop()
if matrix.scaled.empty:  # every value missing: nothing to draw or download
    st.info(t("hm.empty", lang))
    st.stop()

st.caption(views.md(views.stand_text(rated, data.catalog, lang, year=year)))
names = cache.area_names(level)
cells = cache.heatmap_cells(query, lang, state.palette_name())
chart = charts.heatmap_chart(
    cells, matrix, palette=palette, lang=lang, discrete=scale == "discrete"
)
event = st.altair_chart(
    charts.localise(chart, lang), on_select="rerun", key=f"hm_chart_{level}", width="content"
)
if scale == "discrete":
    st.markdown(maplayer.legend_html(maplayer.rating_legend(palette, lang)), unsafe_allow_html=True)
    shown = rated[rated["indicator"].isin(matrix.scaled.columns)]
    note = views.multiple_testing_note(shown, lang)
    if note:
        st.caption(note)
if int(matrix.imputed.to_numpy().sum()):
    st.caption(i18n.plural("hm.imputed", int(matrix.imputed.to_numpy().sum()), lang))
picked = (event.selection.get("cell") or [{}])[0].get("area_id") if event else None
if picked is not None and picked in names:
    state.select_area(level, picked)
selected = state.selected_area(level)
if selected in names and st.button(
    t("to_profile", lang, name=views.md(names[selected])), key="hm_to_profile"
):
    widgets.goto_profile(level, selected)

stem = f"ampel_heatmap_{year or 'neueste'}_{level}"
images = export.formats_of("figure")
*image_cols, table_col = st.columns(len(images) + 1)
image = queries.HeatmapImageQuery(query, lang, state.palette_name())
widgets.downloads(image_cols, stem, cache.heatmap_image(image), formats=images, key="hm_image")
widgets.downloads(
    table_col,
    stem,
    export.heatmap_file,
    cells,
    list(matrix.scaled.columns),
    data,
    key="hm_table",
    lang=lang,
    level=level,
    rated=rated,
)
