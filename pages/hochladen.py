import streamlit as st

from bildungsampel.app import cache, new_indicators, shell, state, upload, widgets
from bildungsampel.present import export, views
from bildungsampel.present.i18n import domain_label, t
from bildungsampel.service import datasets, publishing
from indicators import importer
from indicators.catalog import DOMAINS, Kind, Polarity
from indicators.errors import BildungsampelError

shell.setup(allow_empty=True)
lang = state.lang()
who = shell.require_analyst()
store = cache.store()
limit = state.settings().upload_limit_bytes

st.title(t("up.title", lang))
st.caption(t("up.intro", lang))
kind = widgets.choice(
    st.radio,
    t("up.kind", lang),
    ["indicators", "boundaries"],
    shared="up_kind",
    default="indicators",
    horizontal=True,
    format_func=lambda k: t(f"up.kind.{k}", lang),
)
types = ["csv", "xlsx", "txt"] if kind == "indicators" else ["geojson", "json", "gpkg", "zip"]
uploaded = upload.file_input(
    t("up.file", lang),
    types,
    key=f"up_file_{kind}",
    limit_mb=state.settings().upload_limit_mb,
    lang=lang,
)


def fail(error: Exception) -> None:
    widgets.show_error(error)
    st.stop()


if uploaded is not None and kind == "boundaries":
    data = uploaded.getvalue()
    cols = st.columns(4)
    options = {"id_column": "up.b.id", "name_column": "up.b.name", "parent_column": "up.b.parent"}
    picked = {
        k: (cols[n].text_input(t(label, lang), key=f"up_b_{k}") or None)
        for n, (k, label) in enumerate(options.items())
    }
    picked["crs"] = cols[3].text_input(t("up.b.crs", lang), key="up_b_crs") or None
    try:
        layers = publishing.boundary_layers_bytes(data, uploaded.name) if len(data) <= limit else []
    except BildungsampelError as error:
        fail(error)
    if len(layers) > 1:
        picked["layer"] = st.selectbox(
            t("up.b.layer", lang),
            layers,
            index=None,
            key="up_b_layer",
            placeholder=t("up.choose", lang),
        )
        if picked["layer"] is None:
            st.stop()
    try:
        with st.status(t("up.step.check", lang)) as status:
            check = publishing.prepare_boundaries_bytes(
                store, data, uploaded.name, max_bytes=limit, **picked
            )
            status.update(state="complete")
    except BildungsampelError as error:
        fail(error)
    bnd = check.boundaries
    st.markdown(
        t(
            "up.b.summary",
            lang,
            n=len(bnd.areas),
            crs=views.md(bnd.source_crs),
            encoding=views.md(bnd.encoding or "–"),
            repaired=views.md(", ".join(bnd.repaired) or "–"),
        )
    )
    for note in bnd.warnings:
        st.caption(views.md(note.text(lang)))
    for doubt in bnd.plausibility:
        st.warning(views.md(doubt.text(lang)))
    st.markdown(
        t(
            "up.b.changes",
            lang,
            added=views.md(", ".join(check.added[:20]) or "–"),
            removed=views.md(", ".join(check.removed[:20]) or "–"),
            renamed=views.md(", ".join(f"{a} → {b}" for _, a, b in check.renamed[:20]) or "–"),
        )
    )
    if not check.ok:
        fail(
            BildungsampelError(
                # the CLI's message (import boundaries), so both say the same
                "publishing.boundaries.orphaned",
                ids=", ".join(check.orphaned[:10]),
                source=uploaded.name,
            )
        )
    if st.button(t("up.publish", lang), type="primary", key="up_b_publish"):
        shell.require_analyst()
        try:  # a read-only, full or damaged store is a message, not an exception box
            with st.status(t("up.publishing", lang)):
                vid = publishing.publish_boundaries(store, check, author=who.name)
                datasets.prepare(store, vid, tolerance_m=state.settings().simplify_m)
        except BildungsampelError as error:
            fail(error)
        st.success(t("up.published", lang, id=vid))

if uploaded is not None and kind == "indicators":
    data = uploaded.getvalue()
    try:  # the CLI's message (importer.read_upload checks the same)
        importer.check_size(data, uploaded.name, max_bytes=limit)
    except BildungsampelError as error:
        fail(error)
    current = cache.dataset()
    version = cache.version()
    sheets = cache.upload_sheets(data)
    # nothing pre-selected: the importer reads the sheet the CLI reads (active, visible, a table)
    sheet = (
        st.selectbox(
            t("up.sheet", lang),
            sheets,
            index=None,
            key="up_sheet",
            placeholder=t("up.choose", lang),
        )
        if len(sheets) > 1
        else None
    )
    try:
        raw, guess = cache.upload_table(data, uploaded.name, limit, sheet, version)
    except BildungsampelError as error:
        fail(error)
    st.subheader(t("up.step.layout", lang))
    st.caption(
        t(
            "up.detected",
            lang,
            layout=t(f"up.layout.{guess.layout}", lang),
            encoding=views.md(raw.encoding),
            rows=len(raw.frame),
        )
    )
    st.dataframe(raw.frame.head(8), hide_index=True)
    try:
        mapping, period = upload.mapping_widgets(raw, guess, lang)
    except BildungsampelError as error:
        fail(error)
    codes = st.text_input(
        t("up.missing_values", lang),
        key="up_missing_values",
        help=t("up.missing_values.help", lang),
    )
    empty_as_zero = st.checkbox(
        t("up.empty_as_zero", lang), key="up_empty_as_zero", help=t("up.empty_as_zero.help", lang)
    )
    match_box, new_box = st.container(), st.container()  # drawn in order, filled below
    new_box.subheader(t("up.step.new", lang))
    with new_box:
        catalog_file = upload.file_input(
            t("up.catalog", lang),
            ["yaml", "yml", "csv"],
            key="up_catalog",
            limit_mb=state.settings().upload_limit_mb,
            lang=lang,
        )
    try:
        uploaded_entries = (
            cache.upload_catalog(catalog_file.getvalue(), catalog_file.name, version)
            if catalog_file is not None
            else []
        )
    except BildungsampelError as error:
        fail(error)
    if uploaded_entries:
        new_box.caption(
            t(
                "up.catalog.read",
                lang,
                n=len(uploaded_entries),
                name=views.md(catalog_file.name if catalog_file else ""),
                ids=views.md(", ".join(e["id"] for e in uploaded_entries)),
            )
        )
    forms = st.session_state.get("up_new", {})
    described = {e["id"] for e in uploaded_entries}  # the uploaded catalogue wins over forms
    new_entries = [
        e for e in views.new_indicator_entries(forms) if e["id"] not in described
    ] + uploaded_entries
    options = importer.ImportOptions(
        mapping=mapping,
        period=period,
        sheet=sheet,
        confirmed=st.session_state.get("up_confirmed", {}),
        max_bytes=limit,
        missing_values=tuple(c.strip() for c in codes.split(";") if c.strip()),
        empty_as_zero=empty_as_zero,
    )
    try:
        with st.spinner(t("up.step.check", lang)):
            prepared, entries = cache.upload_check(
                version, data, uploaded.name, new_entries, options
            )
    except BildungsampelError as error:
        fail(error)

    with match_box:
        st.subheader(t("up.step.match", lang))
        upload.matching_widgets(prepared.matches, cache.area_names(current.levels.lowest.id), lang)

    with new_box:
        unknown = sorted(set(prepared.observations["indicator"]) - set(current.catalog) - described)
        if not unknown:
            st.caption(t("up.new.none", lang))
        domains = list(dict.fromkeys([*DOMAINS, *current.catalog.domains()]))
        for ind_id in unknown:
            new_indicators.form(
                ind_id,
                lang,
                domains=domains,
                polarities=[p.value for p in Polarity],
                kinds=[k.value for k in Kind if k is not Kind.COMPOSITE],  # composites: catalogue
                domain_label=domain_label,
                expanded=len(unknown) <= new_indicators.FORMS_OPEN,
            )

    st.subheader(t("up.step.check", lang))
    report = prepared.report(lang)
    errors = sum(p.severity == "error" for p in prepared.problems)
    if errors:
        st.error(t("up.check.errors", lang, n=errors))
    else:
        st.success(t("up.check.ok", lang, n=len(prepared.observations)))
    if len(report):
        shown_report = report.rename(columns=lambda c: t(f"col.{c}", lang))
        st.dataframe(shown_report, hide_index=True, width="stretch")
        widgets.downloads(
            st,
            f"pruefbericht_{uploaded.name}",
            export.report_file,
            report,
            key="up_report",
            lang=lang,
            label=t("up.report", lang),
        )
        widgets.downloads(  # the grouped lines row by row
            st,
            f"pruefbericht_zeilen_{uploaded.name}",
            export.report_rows_file,
            prepared,
            key="up_report_rows",
            lang=lang,
            label=t("up.report_rows", lang),
        )

    if prepared.ok:
        st.subheader(t("up.step.preview", lang))
        with st.spinner(t("up.step.preview", lang)):
            shown = cache.upload_preview(
                version, data, uploaded.name, new_entries, options, lang, state.palette_name()
            )
        st.caption(t("up.preview.changes", lang, n=shown["changed"]))
        if shown["rows"] > upload.PREVIEW_ROWS:
            st.caption(t("up.preview.first", lang, n=upload.PREVIEW_ROWS, of=shown["rows"]))
        left, right = st.columns(2)
        map_before, map_after = shown["maps"]
        left.image(map_before, caption=t("up.preview.before", lang))
        right.image(map_after, caption=t("up.preview.after", lang))
        left.markdown(f"**{t('up.preview.before', lang)}**")
        left.dataframe(shown["before"], hide_index=True, width="stretch")
        right.markdown(f"**{t('up.preview.after', lang)}**")
        right.dataframe(shown["after"], hide_index=True, width="stretch")

        st.subheader(t("up.step.publish", lang))
        if st.button(t("up.publish", lang), type="primary", key="up_publish"):
            shell.require_analyst()
            try:
                with st.status(t("up.publishing", lang)):
                    vid = publishing.publish_indicators(store, prepared, entries, author=who.name)
                    datasets.prepare(store, vid, tolerance_m=state.settings().simplify_m)
            except BildungsampelError as error:
                fail(error)
            st.success(t("up.published", lang, id=vid))

st.divider()
st.subheader(t("ver.title", lang))
upload.versions_panel(store, who, lang)
