import streamlit as st

from bildungsampel.app import cache, shell, state, widgets
from bildungsampel.present import export, texts, views
from bildungsampel.present.i18n import t

shell.setup()
lang = state.lang()
data = cache.dataset()

st.title(t("methods.title", lang))
st.markdown(texts.methods(lang))
st.subheader(t("methods.settings", lang))
st.write(views.md(views.policy_text(state.settings(), lang)))

st.subheader(t("methods.catalog", lang))
catalog = views.catalog_table(data.catalog, lang)
st.dataframe(catalog, hide_index=True, width="stretch")
widgets.downloads(
    st, "indikatorenkatalog", export.catalog_file, catalog, data, key="catalog_table", lang=lang
)

st.subheader(t("methods.provenance", lang))
bnd = data.boundaries
years = widgets.year_options()
if data.version is not None:
    info = data.version
    lines = [
        t("methods.version", lang, id=info["id"], date=info["created_at"], author=info["author"]),
        t(
            "methods.source",
            lang,
            source=info["source_name"] or "–",
            sha=(info["sha256"] or "–")[:16],
        ),
        t("methods.boundaries", lang, file="", n=len(bnd.areas), crs=bnd.source_crs),
        t(
            "methods.observations",
            lang,
            file="",
            n=len(data.observations),
            years=views.year_span(years),
        ),
    ]
else:
    lines = [
        t("methods.boundaries", lang, file=data.files[0], n=len(bnd.areas), crs=bnd.source_crs),
        t(
            "methods.observations",
            lang,
            file=data.files[1],
            n=len(data.observations),
            years=views.year_span(years),
        ),
        data.files[2],
    ]
st.markdown("\n".join(f"- {views.md(line)}" for line in lines))
if data.is_sample:
    st.caption(t("start.sample_note", lang))
