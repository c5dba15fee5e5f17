"""Bildungsampel start page and entry point: ``streamlit run dashboard.py``.

Shows what the tool does, the data status, the ratings per domain and the
areas to look at more closely. The other pages live in ``pages/``; every
page starts with :func:`bildungsampel.app.shell.setup` (menu, language, palette).
"""

from __future__ import annotations

import streamlit as st

from bildungsampel.app import cache, shell, state, widgets
from bildungsampel.present import views
from bildungsampel.present.i18n import t
from indicators import profile

shell.setup()
lang = state.lang()
data = cache.dataset()

st.title(
    t("start.title", lang, city=views.md(data.city_name)) if data.city_name else "Bildungsampel"
)
st.write(t("start.intro", lang))
if data.is_sample:
    st.caption(t("start.sample_note", lang))

st.subheader(t("start.status", lang))
years = widgets.year_options()
cols = st.columns(4)
cols[0].metric(t("start.years", lang), views.md(views.year_span(years)))
cols[1].metric(t("start.indicators", lang), len(data.catalog))
lowest, parent = data.levels.lowest.id, data.parent_level()
cols[2].metric(t("start.areas", lang, level=widgets.level_name(lowest)), len(data.areas(lowest)))
if parent:
    cols[3].metric(
        t("start.parents", lang, level=widgets.level_name(parent)), len(data.areas(parent))
    )
sources = sorted({ind.source for ind in data.catalog.values() if ind.source})
st.caption(f"{t('col.sources', lang)}: " + views.md(" · ".join(sources)))

# the start page shows every indicator in its own latest period (one late or early
# indicator must not empty the page) and says which periods these are
rated = cache.classified(lowest, None)
st.subheader(t("start.counts", lang))
st.caption(views.md(views.stand_text(rated, data.catalog, lang)))
st.dataframe(
    views.counts_table(profile.domain_counts(rated, data.catalog), lang),
    hide_index=True,
    width="stretch",
)
note = views.multiple_testing_note(rated, lang)
if note:
    st.caption(note)

st.subheader(t("start.watch", lang))
st.caption(t("start.watch_help", lang))
watch = profile.watch_list(rated)
if watch.empty:
    st.info(t("start.watch_none", lang))
for area_id, rows in watch.groupby("area_id", sort=False):
    name = str(rows["area_name"].iloc[0])
    labels = ", ".join(
        f"{data.catalog[i].label(lang)} {views.trend_label(trend, lang, way)}"
        for i, trend, way in zip(
            rows["indicator"], rows["trend"], rows["trend_direction"], strict=True
        )
    )
    left, right = st.columns([3, 1])
    left.markdown(f"**{views.md(name)}** — ▼ {views.md(labels)}")
    if right.button(t("to_profile", lang, name=views.md(name)), key=f"watch_{area_id}"):
        widgets.goto_profile(lowest, str(area_id))
