"""Bildungsampel start page (minimal for now): the sample map and the Ampel table."""

from __future__ import annotations

import html

import matplotlib.pyplot as plt
import streamlit as st

from bildungsampel import ui

COLOURS = {
    "green": "#27ae60",
    "yellow": "#f1c40f",
    "red": "#c0392b",
    "grey": "#bdbdbd",
    "neutral": "#9ecae1",
}
SYMBOLS = {
    "green": "▲ grün",
    "yellow": "● gelb",
    "red": "▼ rot",
    "grey": "– grau",
    "neutral": "◆ neutral",
}

st.set_page_config(page_title="Bildungsampel", layout="wide")
st.title("Bildungsampel – Gelsenkirchen (Beispielstadt)")
st.caption(
    "Schematische Grenzen, synthetische Werte. Grün = günstig, Gelb = ähnlich dem "
    "Stadtwert, Rot = ungünstig, Grau = nicht bewertet."
)

data = ui.dataset()
catalog = data.catalog
indicator = st.selectbox("Indikator", list(catalog), format_func=lambda i: catalog[i].label("de"))
periods = sorted(set(data.observations.loc[data.observations["indicator"] == indicator, "period"]))
period = st.selectbox("Jahr", periods, index=len(periods) - 1)
table = ui.ratings("stadtteil", period, "de")
rows = table[table["indicator"] == indicator]

left, right = st.columns([1, 1])
with left:
    areas = data.areas().merge(rows[["area_id", "rating"]], on="area_id", how="left")
    fig, ax = plt.subplots(figsize=(6, 6))
    areas.plot(ax=ax, color=areas["rating"].map(COLOURS).fillna("#bdbdbd"), edgecolor="white")
    for _, area in areas.iterrows():
        point = area.geometry.representative_point()
        ax.annotate(area["area_name"], (point.x, point.y), ha="center", fontsize=7)
    ax.set_axis_off()
    st.pyplot(fig)
with right:
    st.subheader(html.escape(catalog[indicator].label("de")))
    shown = rows.assign(Bewertung=rows["rating"].map(SYMBOLS))[
        ["area_name", "value", "city_value", "Bewertung", "trend", "reason"]
    ]
    st.dataframe(
        shown.rename(
            columns={
                "area_name": "Stadtteil",
                "value": "Wert",
                "city_value": "Stadtwert",
                "trend": "Trend",
                "reason": "Begründung",
            }
        ),
        hide_index=True,
        width="stretch",
    )
