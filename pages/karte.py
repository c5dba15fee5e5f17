import streamlit as st
from streamlit_folium import st_folium

from bildungsampel.app import cache, shell, state, widgets
from bildungsampel.present import export, views
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
rated = cache.ratings(level, year, lang, override)
rows = rated[rated["indicator"] == ind_id]
if rows.empty:
    st.info(t("no_data", lang))
    st.stop()

selected = state.selected_area(level)
fmap, ids = cache.choropleth(level, year, ind_id, override, selected)
overlay_shown = level == "stadtteil" and "stadtbezirk" in cache.levels()

left, right = st.columns([3, 2])
with left:
    st.caption(
        views.md(f"{indicator.label(lang)} · {rows['year'].iloc[0]}") + " · " + t("map.click", lang)
    )
    event = st_folium(
        fmap,
        render=False,  # rendered once when the map was built (cache.choropleth)
        key=f"map_{level}",
        returned_objects=["last_active_drawing"],
        height=560,
        use_container_width=True,
    )
    st.markdown(views.legend_html(views.legend(indicator, palette, lang)), unsafe_allow_html=True)
    if overlay_shown:
        st.caption(t("map.overlay", lang))
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
    names = views.names_of(data.areas(level))
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
    args = (level, year, ind_id, override, lang, state.palette_name())
    period = str(rows["year"].iloc[0]).replace("/", "-")
    stem = f"bildungsampel_{ind_id}_{period}_{level}"
    d1, d2, d3 = st.columns(3)
    widgets.download(d1, "csv", stem, export.ratings_file, rows, data, lang=lang, level=level)
    d2.download_button(
        t("download.png", lang), cache.map_image(*args, "png"), **export.file_args("png", stem)
    )
    d3.download_button(
        t("download.pdf", lang), cache.map_image(*args, "pdf"), **export.file_args("pdf", stem)
    )
