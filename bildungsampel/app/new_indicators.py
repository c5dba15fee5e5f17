"""The upload wizard's forms for new indicators (UI support, imports streamlit).

One ``st.form`` per indicator the table brings and the catalogue lacks: typing
reruns nothing, the form stays until confirmed, and what it holds is kept in
``st.session_state["up_new"]`` (id → fields) for the check and the publish.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from bildungsampel.present import views
from bildungsampel.present.i18n import t

#: Up to this many new indicators their forms are shown open (more: folded, one by one).
FORMS_OPEN = 3
#: Fields that must be filled before a new indicator is taken.
REQUIRED = ("label_de", "domain", "kind", "polarity", "source")


def form(
    ind_id: str,
    lang: str,
    *,
    domains: Sequence[str],
    polarities: Sequence[str],
    kinds: Sequence[str],
    domain_label: Callable[[str, str], str],
    expanded: bool = True,
) -> None:
    """Let the analyst describe a new indicator; taken (``up_new``) when confirmed.

    The fields are one form: typing reruns nothing, the form stays until its
    button is pressed, and a missing source (or label, domain …) is said in the
    UI language. A confirmed indicator keeps its form, folded, to be changed.
    """
    forms = st.session_state.get("up_new", {})
    saved = dict(forms.get(ind_id, {}))
    title = views.md(ind_id)
    if saved:
        title = t("up.new.taken", lang, id=title, label=views.md(str(saved.get("label_de", ""))))
    box = st.expander(title, expanded=expanded and not saved)
    with box, st.form(f"up_new_{ind_id}", border=False):
        values = _fields(
            ind_id,
            saved,
            lang,
            domains=domains,
            polarities=polarities,
            kinds=kinds,
            domain_label=domain_label,
        )
        taken = st.form_submit_button(t("up.new.confirm", lang), type="primary")
    if not taken:
        return
    missing = [t(f"up.new.{k}", lang) for k in REQUIRED if not str(values.get(k) or "").strip()]
    if missing:
        st.error(t("up.new.missing", lang, id=views.md(ind_id), fields=", ".join(missing)))
        return
    st.session_state["up_new"] = {**forms, ind_id: values}
    st.rerun()


def _fields(
    ind_id: str,
    saved: dict[str, Any],
    lang: str,
    *,
    domains: Sequence[str],
    polarities: Sequence[str],
    kinds: Sequence[str],
    domain_label: Callable[[str, str], str],
) -> dict[str, Any]:
    """Draw the fields of one new-indicator form and return what they hold."""
    key = f"up_new_{ind_id}_"
    pick = t("up.choose", lang)

    def text(column: Any, name: str, default: str = "") -> str:
        label = t(f"up.new.{name}", lang) + (" *" if name in REQUIRED else "")
        value = str(saved.get(name, default))
        return str(column.text_input(label, value=value, key=key + name)).strip()

    def choose(column: Any, name: str, options: Sequence[str], fmt: Callable[[str], str]) -> Any:
        current = saved.get(name)
        return column.selectbox(
            t(f"up.new.{name}", lang) + " *",
            list(options),
            index=list(options).index(str(current)) if current in options else None,
            key=key + name,
            format_func=fmt,
            placeholder=pick,
            accept_new_options=name == "domain",  # free text; the known ones are suggestions
        )

    out: dict[str, Any] = {}
    c1, c2 = st.columns(2)
    out["label_de"] = text(c1, "label_de")
    out["label_en"] = text(c2, "label_en")
    c3, c4, c5 = st.columns(3)
    out["domain"] = choose(c3, "domain", domains, lambda d: domain_label(d, lang))
    out["kind"] = choose(c4, "kind", kinds, lambda k: t(f"kind.{k}", lang))
    out["polarity"] = choose(c5, "polarity", polarities, lambda p: t(f"polarity.{p}", lang))
    c6, c7, c8 = st.columns(3)
    out["unit"] = text(c6, "unit", "%")
    out["multiplier"] = c7.number_input(
        t("up.new.multiplier", lang),
        min_value=0.000001,
        max_value=1_000_000.0,
        value=float(saved.get("multiplier", 100.0)),
        format="%g",
        key=key + "multiplier",
    )
    out["source"] = text(c8, "source")
    out["description"] = str(
        st.text_area(
            t("up.new.description", lang),
            value=str(saved.get("description", "")),
            key=key + "description",
            height=68,
        )
    ).strip()
    return out
