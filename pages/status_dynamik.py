import streamlit as st

from bildungsampel.app import cache, leaflet, shell, state, widgets
from bildungsampel.present import export, statusview, views
from bildungsampel.present.i18n import t
from indicators import status_dynamics

shell.setup()
lang = state.lang()
data = cache.dataset()

st.title(t("sd.title", lang))
st.caption(t("sd.help", lang))
indices, defaults = status_dynamics.candidates(data.catalog)
if not indices:
    st.info(t("sd.none", lang))
    st.stop()
c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
with c1:
    status = widgets.choice(
        st.selectbox, t("sd.status", lang), indices, shared="sd_status",
        default=defaults[0], format_func=lambda i: data.catalog[i].label(lang),
    )  # fmt: skip
with c2:
    dynamics = widgets.choice(
        st.selectbox, t("sd.dynamics", lang), indices, shared="sd_dynamics",
        default=defaults[1],
        format_func=lambda i: data.catalog[i].label(lang),
    )  # fmt: skip
with c3:
    level = widgets.level_picker()
with c4:
    year = widgets.year_picker()
if status == dynamics:
    st.info(t("sd.same", lang))
    st.stop()

s_ind, d_ind = data.catalog[status], data.catalog[dynamics]
sd = status_dynamics.matrix(cache.classified(level, year), s_ind, d_ind, lang=lang)
names = cache.area_names(level)
if sd.areas.empty:
    st.info(t("sd.empty", lang))
    st.stop()
st.caption(t("sd.counts", lang, rated=len(sd.areas), areas=len(names)))
left, right = st.columns([3, 2])
with left:
    shapes = statusview.map_frame(cache.display_areas(level), sd, s_ind, d_ind, lang=lang)
    base, ids = cache.painted_map(level, tuple(shapes["fill"]), tuple(shapes["tooltip"]))
    selected = state.selected_area(level)
    event = leaflet.show(base, key=f"sd_map_{level}", selection=cache.area_outline(level, selected))
clicked = ((event or {}).get("last_active_drawing") or {}).get("properties", {}).get("idx")
if clicked is not None and st.session_state.get(f"_sd_click_{level}") != clicked:
    st.session_state[f"_sd_click_{level}"] = clicked
    state.select_area(level, ids[int(clicked)])
    st.rerun()
with right:
    st.markdown(statusview.legend_html(sd, s_ind, d_ind, lang), unsafe_allow_html=True)
    st.dataframe(statusview.matrix_table(sd, lang), width="stretch")
    if selected in names and st.button(
        t("to_profile", lang, name=views.md(names[selected])), key="sd_to_profile"
    ):
        widgets.goto_profile(level, selected)

widgets.downloads(
    st,
    f"status_dynamik_{year or 'neueste'}_{level}",
    statusview.status_file,
    sd,
    names,
    s_ind,
    d_ind,
    data,
    formats=export.formats_of("table"),
    key="sd_table",
    lang=lang,
    level=level,
)
st.subheader(t("sd.low_worsening", lang))
low = statusview.low_worsening_table(sd, names, s_ind, d_ind, lang)
if low.empty:
    st.info(t("sd.low_worsening_none", lang))
else:
    st.dataframe(low, hide_index=True, width="stretch")
