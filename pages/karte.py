import streamlit as st

from bildungsampel.app import cache, leaflet, queries, shell, state, widgets
from bildungsampel.present import export, maplayer, views
from bildungsampel.present.i18n import t
from indicators import methods

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()

st.title(t("map.title", lang))
c1, c2, c3, c4 = st.columns([3, 1, 2, 2])
with c1:
    ind_id = widgets.indicator_picker()
with c2:
    year = widgets.year_picker(ind_id)
with c3:
    level = widgets.level_picker()
with c4:
    method = widgets.choice(
        st.selectbox,
        t("method", lang),
        ["catalog", *methods.names()],
        shared="map_method",
        default="catalog",
        format_func=lambda m: t(f"method.{m}", lang),
    )

indicator = data.catalog[ind_id]
override = None if method == "catalog" else method
rows = cache.ratings(level, year, lang, override, indicators=(ind_id,))
if rows.empty:
    st.info(t("no_data", lang))
    st.stop()

selected = state.selected_area(level)
query = queries.MapQuery(level, year, ind_id, override, lang, state.palette_name(), selected)
base, ids = cache.choropleth(query)
overlay_level = cache.parent_level(level)

left, right = st.columns([3, 2])
with left:
    st.caption(
        views.md(f"{indicator.label(lang)} · {rows['year'].iloc[0]}") + " · " + t("map.click", lang)
    )
    # the map is cached without the selection; its outline is a small layer on top
    event = leaflet.show(base, key=f"map_{level}", selection=cache.selection(query))
    st.markdown(
        maplayer.legend_html(maplayer.legend(indicator, palette, lang)), unsafe_allow_html=True
    )
    if overlay_level is not None:
        st.caption(t("map.overlay", lang, level=widgets.level_name(overlay_level)))
    if indicator.polarity.value == "no_judgement":
        st.caption(t("map.neutral_note", lang))
    note = views.multiple_testing_note(rows, lang)
    if note:
        st.caption(note)
clicked = ((event or {}).get("last_active_drawing") or {}).get("properties", {}).get("idx")
if clicked is not None and st.session_state.get(f"_map_click_{level}") != clicked:
    st.session_state[f"_map_click_{level}"] = clicked
    state.select_area(level, ids[int(clicked)])
    st.rerun()

with right:
    names = cache.area_names(level)
    if selected in names:
        st.subheader(views.md(names[selected]))
        row = rows[rows["area_id"] == selected]
        if not row.empty:
            st.write(views.rating_label(row["rating"].iloc[0], row["grade"].iloc[0], lang))
            st.caption(views.md(row["reason"].iloc[0]))
        if st.button(t("to_profile", lang, name=views.md(names[selected])), key="map_to_profile"):
            widgets.goto_profile(level, selected)
    table = views.ratings_table(rows, data.catalog, lang)
    st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
    period = str(rows["year"].iloc[0]).replace("/", "-")
    stem = f"bildungsampel_{ind_id}_{period}_{level}"
    images = export.formats_of("figure")
    table_col, *image_cols = st.columns(len(images) + 1)
    widgets.downloads(
        table_col, stem, export.ratings_file, rows, data, key="map_table", lang=lang, level=level
    )
    widgets.downloads(image_cols, stem, cache.map_image(query), formats=images, key="map_image")
