import pandas as pd
import pytest

from bildungsampel.present import i18n, maplayer, palettes, views
from bildungsampel.service import dataset
from geodata import display
from geodata.markup import escape
from indicators import profile

PAYLOAD = '<img src=x onerror="alert(1)">`${alert(2)}`'


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (PAYLOAD, "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#96;${alert(2)}&#96;"),
        ("Bulmke-Hüllen", "Bulmke-Hüllen"),
        ("a & b 'c'", "a &amp; b &#x27;c&#x27;"),
        ("line\u2028sep", "line&#8232;sep"),
        (None, ""),
        (float("nan"), ""),
        (12.5, "12.5"),
    ],
)
def test_escape(value, expected):
    assert escape(value) == expected


def test_markdown_escape_keeps_text_literal():
    assert views.md("[x](javascript:alert(1)) *b* <i>") == (
        r"\[x\]\(javascript\:" + "\u2060" + r"alert\(1\)\) \*b\* \<i\>"
    )  # the word joiner after ":" stops emoji and icon short codes


def test_rating_and_trend_labels_carry_symbols():
    assert views.rating_label("red", "worse", "de") == "▼ ungünstig"
    assert views.rating_label("green", "best", "en") == "▲ favourable"
    assert views.rating_label("grey", "not_rated", "de") == "– nicht bewertet"
    assert views.rating_label("neutral", "higher", "de") == "◆ höher"
    # the arrow is the direction, the words the judgement: a falling share that is good
    assert views.trend_label("improving", "de", "decreasing") == "↘ verbessert sich signifikant"
    assert views.trend_label("no_significant_change", "de", "increasing") == (
        "↗ keine signifikante Veränderung"
    )
    assert views.trend_label("none", "en", "none") == "· cannot be computed"


def test_tooltip_is_escaped_and_complete(data, rated):
    row = rated[(rated["area_name"] == "Altstadt") & (rated["indicator"] == "gymnasium")].iloc[0]
    tip = maplayer.tooltip_html(row, data.catalog["gymnasium"], "de")
    assert tip == (
        "<b>Altstadt</b><br>Übergang aufs Gymnasium: 21,1 %<br>Stadtwert: 31,4 % "
        "<small>(gepoolt aus Zählern und Nennern)</small><br>95-%-KI: 14,0–30,6 %<br>"
        "<b>▼ ungünstig</b><br>Trend: ↗ keine signifikante Veränderung<br><small>ungünstig: 21,1 % "
        "(95-%-KI 14,0–30,6 %) liegt signifikant (95 %) unter dem Stadtwert 31,4 % (Summe der "
        "Zähler durch Summe der Nenner, 18 Gebiete); höher ist günstig</small>"
    )
    hostile = row.copy()
    hostile["area_name"] = PAYLOAD
    tip = maplayer.tooltip_html(hostile, data.catalog["gymnasium"], "en")
    assert "<img" not in tip
    assert "`" not in tip
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in tip
    assert "City value: 31.4 %" in tip


def test_map_frame_colours_and_grey_for_missing(data, rated):
    areas = display.simplify_coverage(data.areas(), tolerance_m=10)
    rows = rated[rated["indicator"] == "ohne_abschluss"]
    frame = maplayer.map_frame(
        areas, rows, data.catalog["ohne_abschluss"], lang="de", palette=palettes.PALETTES["ampel"]
    )
    assert len(frame) == 18
    assert frame["idx"].tolist() == list(range(18))
    hessler = frame.set_index("area_id").loc["17"]
    assert hessler["fill"] == "#d0d0d0"
    # 2 of 12: the numerator is below 5, so the share is neither shown nor rated
    assert "Zähler &lt; 5" in hessler["tooltip"]
    assert "nicht bewertet: Zähler unter 5" in hessler["tooltip"]
    expected = {"green": "#2e9e48", "yellow": "#f2c500", "red": "#d7301f", "grey": "#d0d0d0"}
    by_id = rows.set_index("area_id")
    for area_id, fill in zip(frame["area_id"], frame["fill"], strict=True):
        assert fill == expected[by_id.loc[area_id, "rating"]]
    # an area with no row at all (delivered late) is grey too, never dropped
    partial = maplayer.map_frame(
        areas,
        rows[rows["area_id"] != "11"],
        data.catalog["ohne_abschluss"],
        lang="en",
        palette=palettes.PALETTES["safe"],
    )
    assert partial.set_index("area_id").loc["11", "fill"] == "#d0d0d0"
    assert "not rated" in partial.set_index("area_id").loc["11", "tooltip"]


def test_legends(data):
    pal = palettes.PALETTES["safe"]
    assert maplayer.legend(data.catalog["gymnasium"], pal, "de") == [
        ("#0072b2", "▲ günstig"),
        ("#f0e442", "● ähnlich"),
        ("#d55e00", "▼ ungünstig"),
        ("#d0d0d0", "– nicht bewertet"),
    ]
    neutral = maplayer.legend(data.catalog["auslaender"], pal, "en")
    assert [label for _, label in neutral][:3] == ["◆ much lower", "◆ lower", "◆ similar"]
    html = maplayer.legend_html([("#000000", PAYLOAD)])
    assert "<img" not in html
    assert "&lt;img" in html


def test_ratings_table_german_numbers(data, rated):
    rows = rated[rated["indicator"] == "einkommen"].head(2)
    table = views.ratings_table(rows, data.catalog, "de")
    assert list(table.columns) == [
        "Gebiet",
        "Wert",
        "Stadtwert",
        "Grenzen",
        "Bewertung",
        "Trend",
        "Begründung",
    ]
    assert table["Grenzen"].iloc[0].startswith("Toleranzband ")
    value = rows["value"].iloc[0]
    assert table["Wert"].iloc[0] == i18n.number(value, "de", unit="€")
    assert "," in table["Wert"].iloc[0]
    english = views.ratings_table(rows, data.catalog, "en", first="indicator")
    assert english.columns[0] == "Indicator"
    assert english["Indicator"].iloc[0] == "Average income per taxpayer"


def test_comparison_table_in_catalogue_order(data, rated):
    rows = profile.comparison(rated, ["11", "41"])
    names = data.display_names()
    table = views.comparison_table(rows, data.catalog, names, "de")
    assert list(table.columns) == ["Indikator", "Jahr", "Altstadt", "Buer", "Stadtwert"]
    assert table["Jahr"].iloc[0] == "2022/23"
    assert table["Indikator"].iloc[0] == "Übergang aufs Gymnasium"
    assert table["Altstadt"].iloc[0] == "▼ 21,1 % (-10,3 Pp.)"
    assert len(table) == 17


def test_every_translation_has_both_languages():
    for key in i18n.all_keys():
        assert i18n.t(key, "de").strip()
        assert i18n.t(key, "en").strip()
    with pytest.raises(KeyError, match="no translation for 'nope'"):
        i18n.t("nope")
    assert i18n.number(1234.5, "de", unit="%") == "1.234,5 %"
    assert i18n.number(float("nan"), "de", unit="%") == "–"


def stand_rows(pairs):
    return pd.DataFrame({"indicator": [i for i, _ in pairs], "year": [p for _, p in pairs]})


def test_stand_text_names_the_usual_year_and_the_exceptions(data, rated):
    assert views.stand_text(rated, data.catalog, "de") == (
        "Stand: jeweils neuestes Jahr je Indikator (2023)"
    )
    everything_else = [(i, "2023") for i in data.catalog if i != "gymnasium"]
    rows = stand_rows([("gymnasium", "2023/24"), *everything_else])
    assert views.stand_text(rows, data.catalog, "de") == (
        "Stand: jeweils neuestes Jahr je Indikator (2023; Übergang aufs Gymnasium: 2023/24)"
    )
    assert views.stand_text(rows, data.catalog, "en") == (
        "As of: each indicator's latest year (2023; Transition to Gymnasium: 2023/24)"
    )


def test_stand_text_lists_at_most_three_and_the_indicators_without_values(data):
    ids = list(data.catalog)
    rows = stand_rows([(i, "2021") for i in ids[:5]] + [(i, "2023") for i in ids[5:12]])
    text = views.stand_text(rows, data.catalog, "de")
    assert text.startswith(
        "Stand: jeweils neuestes Jahr je Indikator (2023; Übergang aufs Gymnasium: 2021; "
        "Schulabgänge ohne Abschluss: 2021; Abgänge mit Hochschulreife: 2021; 2 weitere)"
    )
    assert text.endswith(
        " · ohne Werte: "
        + ", ".join([data.catalog[i].label("de") for i in ids[12:15]] + ["2 weitere"])
    )


def test_stand_text_of_a_chosen_year_and_of_nothing(data):
    rows = stand_rows([("gymnasium", "2023/24")])
    text = views.stand_text(rows, data.catalog, "de", year="2024")
    assert text.startswith("Stand: 2024 · ohne Werte: Schulabgänge ohne Abschluss, ")
    assert text.endswith(", 13 weitere")
    assert views.stand_text(rows.iloc[0:0], data.catalog, "de") == (
        "Keine Bewertungen in dieser Auswahl"
    )


def test_year_list_per_indicator_and_school_years(data):
    years = views.year_list(data.observations)
    assert years == [str(y) for y in range(2023, 2015, -1)]
    assert views.year_list(data.observations, "gymnasium")[-1] == "2016"  # 2015/16 ends 2016
    assert views.year_list(data.observations, "no_such") == []


@pytest.mark.parametrize(
    ("years", "expected"),
    [([], "–"), (["2023"], "2023"), (["2023", "2022", "2016"], "2016–2023")],
)
def test_year_span(years, expected):
    assert views.year_span(years) == expected


def test_year_choice_labels():
    assert views.year_choice_label("latest", "de") == "neueste je Indikator"
    assert views.year_choice_label("latest", "en", latest="2024") == "latest (2024)"
    assert views.year_choice_label("latest", "de", latest="2024") == "neuestes (2024)"
    assert views.year_choice_label("2019", "de") == "2019"


def test_ratings_table_with_year_column(data):
    rows = dataset.rate(data).head(3)
    table = views.ratings_table(rows, data.catalog, "de", first="indicator", with_year=True)
    assert list(table.columns[:3]) == ["Indikator", "Jahr", "Wert"]
    assert table["Jahr"].tolist() == ["2022/23"] * 3


def test_versions_table_is_translated_and_keeps_stored_texts():
    frame = pd.DataFrame(
        {
            "id": [2, 1],
            "kind": ["indicators", "init"],
            "created_at": ["2026-12-02T10:00:00+00:00", "2026-12-01T09:00:00+00:00"],
            "author": ["Anna", "bildungsampel init"],
            "source_name": ["=werte.csv", "sample"],
            "n_areas": [18, 18],
            "n_indicators": [17, 17],
            "n_observations": [2450, 2448],
            "current": [True, False],
            "deleted": [False, False],
            "note": ["2 values", ""],
            "based_on": [1, None],
        }
    )
    de = views.versions_table(frame, "de")
    assert de.columns.tolist()[:3] == ["Version", "Art", "Veröffentlicht"]
    assert de["Art"].tolist() == ["Indikatorwerte", "Start"]
    assert de["Veröffentlicht"].tolist() == ["02.12.2026 11:00", "01.12.2026 10:00"]  # Berlin time
    assert de["Datei"].tolist() == ["=werte.csv", "sample"]
    assert "based_on" not in de.columns
    assert views.versions_table(frame, "en")["Kind"].tolist() == ["indicator values", "initial"]


def test_shipped_uploader_limit_equals_the_import_limit():
    import tomllib

    from bildungsampel.service.settings import Settings
    from tests import helpers

    config = tomllib.loads((helpers.ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] == Settings().upload_limit_mb


def test_new_indicator_entries_need_a_source_and_default_the_english_label():
    full = {
        "label_de": "Kinder in Kitas",
        "label_en": "",
        "domain": "Frühe Bildung",  # free text: not one of the five
        "kind": "proportion",
        "polarity": "higher_is_better",
        "multiplier": 100.0,
        "source": "Kita-Statistik",
        "description": "",
    }
    entries = views.new_indicator_entries({"kita": full, "ohne": {**full, "source": ""}})
    assert entries == [
        {
            "id": "kita",
            "label_de": "Kinder in Kitas",
            "label_en": "Kinder in Kitas",
            "domain": "Frühe Bildung",
            "kind": "proportion",
            "polarity": "higher_is_better",
            "multiplier": 100.0,
            "source": "Kita-Statistik",
        }
    ]


def test_ordered_classes_show_the_catalogue_words_in_tables_tooltips_and_legends():
    from bildungsampel.present import maplayer, views
    from bildungsampel.present.palettes import PALETTES
    from indicators.catalog_entries import indicator_from_mapping

    index = indicator_from_mapping(
        {
            "id": "status_index",
            "label_de": "Status-Index",
            "domain": "Sozioökonomische Lage",
            "polarity": "lower_is_better",
            "kind": "composite",
            "composite": {"components": ["x"]},
            "rule": {
                "method": "sd_classes",
                "cuts": [-1.0, 1.0, 1.5],
                "labels_de": ["hoch", "mittel", "niedrig", "sehr niedrig"],
                "labels_en": ["high", "medium", "low", "very low"],
            },
        }
    )
    row = {"rating": "red", "grade": "worst", "direction": 2.0}
    assert views.class_rating_label(row, index, "de") == "▼ ungünstig: sehr niedrig"
    grey = {"rating": "grey", "grade": "not_rated", "direction": float("nan")}
    assert views.class_rating_label(grey, index, "en") == views.rating_label("grey", "", "en")
    palette = next(iter(PALETTES.values()))
    labels = [label for _, label in maplayer.legend(index, palette, "en")]
    assert labels[:4] == [
        "▲ favourable: high",
        "● similar: medium",
        "▼ unfavourable: low",
        "▼ unfavourable: very low",
    ]
    assert len(labels) == 5


def test_the_composite_breakdown_table():
    from bildungsampel.present import views
    from indicators.catalog import Catalog
    from indicators.catalog_entries import indicator_from_mapping

    base = {"domain": "Sozioökonomische Lage", "kind": "proportion", "unit": "%"}
    cat = Catalog(
        [
            indicator_from_mapping(
                {"id": "s1", "label_de": "Arbeitslose", "polarity": "lower_is_better", **base}
            ),
            indicator_from_mapping(
                {"id": "s4", "label_de": "Abitur", "polarity": "higher_is_better", **base}
            ),
        ]
    )
    parts = pd.DataFrame(
        {
            "component": ["s1", "s4"],
            "value": [14.0, 5.0],
            "sign": [1, -1],
            "standardised": [1.38873, 1.38873],
            "weight": [1.0, 2.0],
            "contribution": [1.38873, 2.77746],
        }
    )
    table = views.composite_table(parts, cat, "de")
    assert table.to_dict("list") == {
        "Komponente": ["Arbeitslose", "Abitur"],
        "Wert": ["14,0 %", "5,0 %"],
        "Ausrichtung": ["wie geliefert", "umgekehrt (× −1)"],
        "standardisiert": ["1,39", "1,39"],
        "Gewicht": ["1,00", "2,00"],
        "Beitrag": ["1,39", "2,78"],
    }
    caption = views.composite_caption(parts, {"value": 1.55514}, "de")
    assert caption.endswith("Summe der Beiträge: 4,17; Index: 1,56.")
