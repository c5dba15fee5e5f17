"""The committee report: its sections (pure objects) and the A4 PDF drawn from them."""

import re

import pandas as pd
import pytest

from bildungsampel.present import report, report_pdf, views
from bildungsampel.present.palettes import PALETTES
from bildungsampel.service import dataset
from bildungsampel.service.settings import Settings
from indicators.errors import BildungsampelError
from tests import helpers

PAL = PALETTES["ampel"]
A4_POINTS = (595.28, 841.89)  # 210 mm × 297 mm


@pytest.fixture(scope="module")
def data():
    return dataset.load_dataset()


@pytest.fixture(scope="module")
def rated(data):
    return dataset.rate(data, year="2023")


@pytest.fixture(scope="module")
def ctx(data, rated):
    # Bulmke-Hüllen: an umlaut in the name
    options = report.ReportOptions("stadtteil", "de", PAL, Settings(), "2023")
    return report.area_context(data, rated, "15", options)


@pytest.fixture(scope="module")
def built(ctx):
    return report.area_report(ctx)


@pytest.fixture(scope="module")
def pdf(built):
    return report_pdf.pdf_bytes(built)


@pytest.fixture(scope="module")
def texts(pdf):
    return helpers.pdf_texts(pdf)


def test_area_report_sections_in_order(built):
    assert report.names_of(built.sections) == [
        "overview",
        "ratings",
        "spine",
        "trends",
        "sources",
        "methods",
        "version",
    ]
    assert built.title == "Bildungsampel – Bulmke-Hüllen"
    assert built.subtitle == "Stadtteil · Gelsenkirchen · Stand: 2022/23 · 2023"
    assert built.sections[0].title == "Bulmke-Hüllen"


def test_the_ampel_table_is_the_profile_pages_table(built, ctx, data):
    table = report.table_of(built, "ratings")
    expected = views.ratings_table(ctx.rows, data.catalog, "de", first="indicator", with_year=True)
    pd.testing.assert_frame_equal(table, expected)
    assert list(table.columns[:4]) == ["Indikator", "Jahr", "Wert", "Stadtwert"]
    assert table.columns[-1] == "Begründung"
    assert len(table) == 17
    # the symbol carries the rating next to the colour box (greyscale)
    assert set(table["Bewertung"].str[0]) <= {"▲", "●", "▼", "–", "◆"}
    block = built.sections[1].blocks[1]
    assert block.marked == "Bewertung"
    assert block.detail == "Begründung"
    assert list(block.marks) == [
        PAL.fill(r, g) for r, g in zip(ctx.rows["rating"], ctx.rows["grade"], strict=True)
    ]


def test_sources_and_version_sections(built):
    sources = report.table_of(built, "sources")
    assert list(sources.columns) == ["Indikator", "Einheit", "Bewertungsmethode", "Quelle"]
    gym = sources[sources["Indikator"] == "Übergang aufs Gymnasium"].iloc[0]
    assert gym["Quelle"] == "Schulstatistik (IT.NRW)"
    assert gym["Einheit"] == "%"
    version = dict(report.table_of(built, "version").to_numpy())
    assert version["Stadt"] == "Gelsenkirchen"
    assert version["Ebene"] == "Stadtteil"
    assert version["Datenversion"].startswith("keine (Dateien: gelsenkirchen_stadtteile.gpkg")
    methods = "\n".join(b.text for b in built.sections[5].blocks)
    assert "„Ähnlich“ heißt" in methods
    assert "95-%" in methods  # the installation's settings (Settings(): 95 %)


def test_trend_panels_leave_out_the_city_sum_of_a_count(ctx):
    panels = dict(report.trend_panels(ctx))
    population = next(f for title, f in panels.items() if title.startswith("Einwohnerinnen"))
    assert "city" not in set(population["area_id"])
    gym = next(f for title, f in panels.items() if title.startswith("Übergang aufs Gymnasium"))
    assert {"15", "city"} == set(gym["area_id"])


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "de",
            r"Gebiet „99“ gibt es auf der Ebene Stadtteil nicht; "
            r"bitte eine der Kennungen 11 \(Altstadt\)",
        ),
        (
            "en",
            r"there is no area “99” at level Stadtteil \(district\); "
            r"give one of the ids 11 \(Altstadt\)",
        ),
    ],
)
def test_unknown_area_is_refused_naming_valid_ids(data, rated, lang, message):
    with pytest.raises(BildungsampelError, match=r"there is no area “99” at level") as caught:
        report.area_context(data, rated, "99", report.ReportOptions("stadtteil", lang, PAL))
    assert re.match(message, caught.value.text(lang))
    assert caught.value.text(lang).endswith("(--area)")


def test_a_new_section_is_one_appended_builder(ctx, monkeypatch):
    def needs(c):
        return report.Section("needs", f"Bedarf in {c.name}", (report.Paragraph("42 Plätze"),))

    monkeypatch.setattr(report, "AREA_SECTIONS", [*report.AREA_SECTIONS, needs])
    built = report.area_report(ctx)
    assert report.names_of(built.sections)[4] == "needs"
    assert "Bedarf in Bulmke-Hüllen\n42 Plätze" in built.text()


def test_city_report_has_the_heatmap_contents_and_every_area(data):
    rated = dataset.rate(data, level="stadtbezirk", year="2023")
    opts = report.ReportOptions("stadtbezirk", "en", PAL, year="2023")
    areas = [report.area_context(data, rated, a, opts) for a in ("Mitte", "Nord")]
    city = report.CityContext(data, rated, "stadtbezirk", "en", PAL, "2023")
    built = report.city_report(city, areas)
    keys = report.names_of(built.sections)
    assert keys[:2] == ["heatmap", "contents"]
    assert keys.count("overview") == 2
    assert keys[-3:] == ["sources", "methods", "version"]
    assert built.title == "Bildungsampel – report for Gelsenkirchen"
    titles = [s.title for s in built.sections]
    assert "Nord: Ratings and reasons" in titles
    contents = report.table_of(built, "contents")
    assert list(contents["Area"]) == ["Mitte", "Nord", "Ost", "Süd", "West"]
    assert list(contents.columns[1:]) == [
        "▲ favourable",
        "● similar",
        "▼ unfavourable",
        "– not rated",
        "◆ no judgement",
    ]
    assert contents.iloc[0, 1:].sum() == 17  # every indicator of Mitte counted once
    # the closing sources name every indicator rated, once
    assert len(report.table_of(built, "sources")) == rated["indicator"].nunique()
    with pytest.raises(BildungsampelError, match="level stadtbezirk has no rated areas"):
        report.city_report(city, [])


# ---------------------------------------------------------------- layout


def test_wrap_keeps_words_and_breaks_overlong_ones():
    assert report_pdf.wrap("", 1.0, 9) == [""]
    lines = report_pdf.wrap("eins zwei drei vier fünf sechs", 0.6, 9)
    assert " ".join(lines) == "eins zwei drei vier fünf sechs"
    assert all(report_pdf.text_width(x, 9) <= 0.6 for x in lines)
    long = report_pdf.wrap("SGB-II-Bedarfsgemeinschaften", 0.5, 9)
    assert "".join(long) == "SGB-II-Bedarfsgemeinschaften"
    assert len(long) > 1
    assert report_pdf.wrap("a\nb", 5, 9) == ["a", "b"]


def test_column_widths_fill_the_width_and_keep_short_cells_whole():
    frame = pd.DataFrame({"Jahr": ["2022/23"], "Begründung": ["sehr " * 60]})
    block = report.TableBlock(frame, (1.0, 1.0))
    widths = report_pdf.column_widths(block, 6.0, 6.5)
    assert sum(widths) == pytest.approx(6.0)
    assert widths[0] - 2 * report_pdf._PAD >= report_pdf.text_width("2022/23", 6.5)
    assert widths[1] > 4.5


def test_layout_numbers_no_page_and_keeps_the_first_section_on_the_title_page(built):
    pages = report_pdf.layout(built)
    first = list(report_pdf.texts(pages[:1]))
    assert first[:3] == [built.title, built.subtitle, "Bulmke-Hüllen"]
    assert 3 <= len(pages) <= 8


# ---------------------------------------------------------------- the PDF


def test_pdf_pages_are_a4(pdf, built):
    sizes = helpers.pdf_page_sizes(pdf)
    assert len(sizes) == len(report_pdf.layout(built))
    for width, height in sizes:
        assert (round(width, 2), round(height, 2)) == A4_POINTS


def test_pdf_numbers_every_page(pdf, texts):
    n = len(helpers.pdf_page_sizes(pdf))
    assert [x for x in texts if x.startswith("Seite ")] == [
        f"Seite {k} von {n}" for k in range(1, n + 1)
    ]


def test_pdf_text_has_name_rows_sources_and_typography(texts, built):
    joined = "\n".join(texts)
    assert "Bildungsampel – Bulmke-Hüllen" in texts
    for indicator in report.table_of(built, "ratings")["Indikator"]:
        first_word = indicator.split()[0]
        assert first_word in joined, indicator
    assert "Schulstatistik (IT.NRW)" in joined
    assert "Übergang aufs Gymnasium" in texts
    # umlauts, German quotes, dashes and the rating symbols survive as text
    for piece in ("Begründung", "„signifikant“", "▼ ungünstig", "95-%-KI", "Schulabgänge"):
        assert piece in joined, piece
    assert "Datenversion" in joined
    assert any(x.startswith("Bildungsampel · Gelsenkirchen · Datenversion keine") for x in texts)


def test_pdf_embeds_dejavu(pdf):
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # an embedded TrueType font
    assert b"DejaVuSans" in pdf
    title = "Bildungsampel – Bulmke-Hüllen".encode("utf-16-be")
    assert b"/Title (\xfe\xff" + title.replace(b"(", b"\\(") in pdf  # UTF-16 with BOM


def test_spine_positions_come_from_every_area_when_only_one_is_explained(data, rated, ctx):
    # the page explains the shown area only; the spine still places it among all 18
    every = dataset.classified(data, year="2023")
    one = dataset.explained(data, every, rows=(every["area_id"] == "15").to_numpy())
    assert set(one["area_id"]) == {"15"}
    options = report.ReportOptions("stadtteil", "de", PAL, year="2023")
    among = report.area_context(data, one, "15", options, among=every)
    pd.testing.assert_series_equal(among.rows["pos"], ctx.rows["pos"])
    alone = report.area_context(data, one, "15", options)
    assert set(alone.rows["pos"].dropna()) == {0.5}  # what the profile page drew before
    assert ctx.rows["pos"].dropna().nunique() > 5


def test_city_report_carries_a_saved_allocation_with_its_rule(data):
    rated = dataset.rate(data, level="stadtbezirk", year="2023")
    opts = report.ReportOptions("stadtbezirk", "de", PAL, year="2023")
    areas = [report.area_context(data, rated, "Mitte", opts)]
    saved = {
        "rule": "1.000,00 € auf 2 Gebiete verteilt",
        "unit": "cent",
        "version": 2,
        "rows": [
            {"area_id": "Mitte", "area_name": "Mitte", "allocation": 60000, "even": 50000,
             "difference": 10000},
            {"area_id": "Nord", "area_name": "Nord", "allocation": 40000, "even": 50000,
             "difference": -10000},
        ],
    }  # fmt: skip
    city = report.CityContext(data, rated, "stadtbezirk", "de", PAL, "2023", saved, "v.json")
    built = report.city_report(city, areas)
    assert report.names_of(built.sections)[:3] == ["heatmap", "allocation", "contents"]
    table = report.table_of(built, "allocation")
    assert table.to_dict("list") == {
        "Gebiet": ["Mitte", "Nord"],
        "Zuteilung (€)": ["600,00", "400,00"],
        "Gießkanne (€)": ["500,00", "500,00"],
        "Differenz (€)": ["100,00", "-100,00"],
    }
    assert "1.000,00 € auf 2 Gebiete verteilt\nAus v.json" in built.text()
    without = report.CityContext(data, rated, "stadtbezirk", "de", PAL, "2023")
    assert "allocation" not in report.names_of(report.city_report(without, areas).sections)
