import streamlit as st

from bildungsampel.app import cache, leaflet, shell, state, widgets
from bildungsampel.present import allocation as present
from bildungsampel.present import charts, maplayer, views
from bildungsampel.present.i18n import t
from indicators import allocation, allocation_input
from indicators.catalog import Kind, Polarity
from indicators.errors import BildungsampelError

shell.setup()
lang = state.lang()
data = cache.dataset()
palette = state.palette()
catalog = data.catalog

st.title(t("alloc.title", lang))
st.caption(t("alloc.help", lang))
c1, c2, c3 = st.columns([2, 2, 2])
with c1:
    level = widgets.level_picker()
with c2:
    year = widgets.year_picker()
with c3:
    unit = widgets.choice(
        st.radio,
        t("alloc.unit", lang),
        ["cent", "post"],
        shared="alloc_unit",
        default="cent",
        horizontal=True,
        format_func=lambda u: t(f"alloc.unit.{u}", lang),
    )
c4, c5, c6, c7 = st.columns([2, 3, 3, 2])
with c4:
    default_budget = "1.000.000" if unit == "cent" else "20"
    budget = st.text_input(t("alloc.budget", lang), default_budget, key=f"alloc_budget_{unit}")
inds = list(catalog)
with c5:
    need = widgets.choice(
        st.selectbox,
        t("alloc.need", lang),
        inds,
        shared="alloc_need",
        # a need: the first indicator whose higher values are unfavourable
        default=next((i for i in inds if catalog[i].polarity is Polarity.LOWER_IS_BETTER), inds[0]),
        format_func=lambda i: catalog[i].label(lang),
    )
counts = [i for i in inds if catalog[i].kind is Kind.COUNT]
with c6:
    population = widgets.choice(
        st.selectbox,
        t("alloc.population", lang),
        ["none", *counts],
        shared="alloc_population",
        default=counts[0] if counts else "none",
        format_func=lambda i: (
            t("alloc.population.none", lang) if i == "none" else catalog[i].label(lang)
        ),
    )
with c7:
    mode = widgets.choice(
        st.radio,
        t("alloc.mode", lang),
        ["proportional", "classes"],
        shared="alloc_mode",
        default="proportional",
        format_func=lambda m: t(f"alloc.mode.{m}", lang),
    )
c8, c9, c10 = st.columns([2, 2, 3])
with c8:
    floor = st.text_input(t("alloc.floor", lang), "0", key=f"alloc_floor_{unit}")
with c9:
    cap = st.text_input(t("alloc.cap", lang), "0", key=f"alloc_cap_{unit}")
with c10:
    shown = widgets.choice(
        st.radio,
        t("alloc.show", lang),
        list(present.SHOWN),
        shared="alloc_show",
        default="difference",
        horizontal=True,
        format_func=lambda s: t(f"alloc.show.{s}", lang),
    )
weights = None
if mode == "classes":
    judged = catalog[need].polarity is not Polarity.NO_JUDGEMENT
    classes = allocation.JUDGED_CLASSES if judged else allocation.NEUTRAL_CLASSES
    defaults = dict(zip(classes, (0.0, 0.5, 1.0, 1.5, 2.0), strict=True))
    st.caption(t("alloc.weights", lang))
    cols = st.columns(len(classes))
    weights = {
        c: float(
            col.number_input(
                t(f"allocation.class.{c}", lang),
                0.0,
                value=defaults[c],
                step=0.25,
                key=f"alloc_w_{c}",
            )
        )
        for c, col in zip(classes, cols, strict=True)
    }

names = cache.area_names(level)
try:
    rated = cache.classified(level, year)
    pop = None if population == "none" else population
    areas, need_q, pop_q = allocation_input.areas_from_ratings(
        rated, catalog, need=need, population=pop, areas=list(names), by_classes=mode == "classes"
    )
    rule = allocation_input.typed_rule(
        budget=budget,
        need=need_q,
        population=pop_q,
        unit=unit,
        floor=floor,
        cap=cap,
        weights=weights,
    )
    result = allocation.allocate(areas, rule, names=names)
except BildungsampelError as error:
    widgets.show_error(error)
    st.stop()

st.subheader(t("alloc.rule", lang))
st.markdown(views.md(result.description.text(lang)))
frame = present.map_frame(
    cache.display_areas(level), result, shown=shown, lang=lang, palette=palette
)
left, right = st.columns([3, 2])
with left:
    base, ids = cache.painted_map(level, tuple(frame["fill"]), tuple(frame["tooltip"]))
    event = leaflet.show(base, key=f"alloc_map_{level}")
    st.markdown(
        maplayer.legend_html(present.legend(result, shown, palette, lang)), unsafe_allow_html=True
    )
clicked = ((event or {}).get("last_active_drawing") or {}).get("properties", {}).get("idx")
if clicked is not None and st.session_state.get(f"_alloc_click_{level}") != clicked:
    st.session_state[f"_alloc_click_{level}"] = clicked
    state.select_area(level, ids[int(clicked)])
with right:
    table = present.shown_table(result, names, lang)
    st.dataframe(table, hide_index=True, width="stretch", height=35 * (len(table) + 1) + 3)
    stem = f"mittelverteilung_{need}_{year or 'neueste'}_{level}"
    widgets.downloads(
        st.columns(2),
        stem,
        present.allocation_file,
        result,
        data,
        names,
        formats=("csv", "xlsx"),
        key="alloc_table",
        lang=lang,
        level=level,
    )
st.caption(t("alloc.chart", lang))
st.altair_chart(
    charts.localise(present.difference_chart(result, names, palette=palette, lang=lang), lang),
    width="stretch",
)
