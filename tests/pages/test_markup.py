"""Names with Markdown, HTML, LaTeX and directives never become live anywhere.

A published dataset carries payloads in every field (area and Bezirk names,
a Bezirk id, indicator labels, unit, source, description, city name, author,
file name, note); every page is walked through AppTest and every text that
Streamlit renders as Markdown is parsed as GitHub-flavoured Markdown: no link,
image, raw HTML, autolink, formula or colour directive may come out. The CLI
prints the same texts literally, and the profile's XLSX takes any name.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from google.protobuf.json_format import MessageToDict
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

import sample_data
from bildungsampel import cli
from bildungsampel.app import state, widgets
from bildungsampel.present import markup
from bildungsampel.service import dataset, publishing
from bildungsampel.service.store import Publication
from indicators.catalog import indicator_to_mapping
from tests import helpers, states

APP = helpers.APP


def payload(tag: str) -> str:
    """Return a name that would be live Markdown in every way Streamlit knows."""
    return (
        f"[{tag}](http://evil.example/{tag}) ![{tag}](http://evil.example/{tag}.png) "
        f"<img src=http://evil.example/{tag}.gif> <http://evil.example/{tag}/auto> "
        f"http://evil.example/{tag}/bare www.evil.example/{tag} {tag}@evil.example "
        f"${tag}^2$ :red[{tag}] :material/home: :smile: **{tag}** `{tag}` a/b\\c*d?e"
    )


# ---------------------------------------------------------------- the inspector

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
#: GitHub's literal autolinks, as mdast-util-gfm-autolink-literal finds them in text
_LITERAL_URL = re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE)
_LITERAL_EMAIL = re.compile(r"(?:^|(?<=[\s\W]))[-.\w+]+@[-\w]+(?:\.[-\w]+)+")
_SHORT_CODE = re.compile(r":(?:smile|material/home):")
#: remark-math and Streamlit's directives work on the source: unescaped ``$`` / ``:x[``
_UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*(\$|:[a-z]+\[|:material/)")


def live_markup(source: str) -> list[str]:
    """Return what would be live in ``source`` rendered as Streamlit Markdown."""
    found = [m.group(1) for m in _UNESCAPED.finditer(source) if "evil" in source]
    stack = list(_PARSER.parse(source))
    while stack:
        token = stack.pop()
        stack.extend(token.children or [])
        if token.type in ("link_open", "image"):
            found.append(f"{token.type} {token.attrs}")
        if token.type in ("html_inline", "html_block") and "evil" in token.content:
            found.append(f"{token.type} {token.content}")  # our own legend HTML is fine
        if token.type == "text":
            found += [m.group(0) for m in _LITERAL_URL.finditer(token.content)]
            found += [m.group(0) for m in _LITERAL_EMAIL.finditer(token.content)]
            # emoji short codes and Material icons are replaced in the decoded text too
            found += [m.group(0) for m in _SHORT_CODE.finditer(token.content)]
    return found


#: Element fields that are plain text in Streamlit (options of select boxes, values, data)
_PLAIN = {
    "options",
    "default",
    "value",
    "rawValue",
    "rawValues",
    "defaultValue",
    "data",
    "spec",
    "datasets",
    "url",
    "id",
    "formId",
    "icon",  # the pages' own Material icons
}
#: Elements whose content is never Markdown: tables, charts, components (the map's
#: tooltips are escaped HTML, tested in test_mapview), JSON, images
_NOT_MARKDOWN = {
    "arrowDataFrame",
    "arrow_data_frame",
    "arrowVegaLiteChart",
    "arrow_vega_lite_chart",
    "componentInstance",
    "component_instance",
    "json",
    "imgs",
}


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """Return (element type, text) of every string an element renders as Markdown."""
    out: list[tuple[str, str]] = []

    def strings(value: object, where: str) -> None:
        if isinstance(value, str):
            out.append((where, value))
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in _PLAIN:
                    strings(inner, f"{where}.{key}")
        elif isinstance(value, list):
            for inner in value:
                strings(inner, where)

    stack = [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        fields = MessageToDict(proto)
        kind = getattr(node, "type", "")
        if kind in _NOT_MARKDOWN or set(fields) & _NOT_MARKDOWN:
            continue
        if kind == "radio" or "options" not in fields:
            strings(fields.get("options", []), f"{kind}.options")
        strings(fields, kind)
    return out


def assert_inert(at: AppTest, page: str) -> int:
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    live = [(at_, text[:200], live_markup(text)[:4]) for at_, text in texts if live_markup(text)]
    assert live == [], f"{page}: live Markdown in {live[:3]}"
    return sum("evil" in text for _, text in texts)


# ---------------------------------------------------------------- the helper


@pytest.mark.parametrize(
    "text",
    [
        payload("x"),
        "[klick](http://evil.example/)",
        "![x](http://evil.example/x.png)",
        "HTTPS://EVIL.EXAMPLE/X",
        "WWW.evil.example",
        "mailto:a@evil.example",
        "$x^2$ and $$\\int$$",
        ":red[x] :blue-background[y] :smile: :material/home: :+1: 12:30",
        "<img src=x onerror=alert(1)> &lt;b&gt; &#91;x&#93;(http://evil.example)",
        "line\n# heading\n- item\n> quote\n1. one\n```\ncode\n```\n| a | b |\n|---|---|",
        "a\\[b\\](http://evil.example)",  # the user's own backslashes
    ],
)
def test_md_shows_the_text_as_typed_and_nothing_live(text):
    shown = markup.md(text)
    assert live_markup(shown) == []
    rendered = "".join(
        t.content if t.type == "text" else "\n"
        for block in _PARSER.parse(shown)
        for t in block.children or []
        if t.type in ("text", "softbreak", "hardbreak")
    )
    assert rendered.replace(markup.WORD_JOINER, "") == text


def test_inspector_sees_what_plain_escaping_misses():
    escaped_only = re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~$:&])", r"\\\1", "http://evil.example/x")
    assert live_markup(escaped_only) == ["http://evil.example"]  # GFM autolinks after escapes
    assert live_markup("[a](http://evil.example)") == ["link_open {'href': 'http://evil.example'}"]
    assert live_markup("x $y^2$ evil")[0] == "$"
    assert live_markup("\\:smile\\: \\:material/home\\:") == [":smile:", ":material/home:"]


def test_md_t_escapes_the_values_not_the_template():
    text = markup.md_t("side.selected", "de", name="[a](http://evil.example)")
    assert text.startswith("Ausgewählt: ")
    assert live_markup(text) == []


# ---------------------------------------------------------------- every page


def publish_hostile(data_dir: Path) -> Path:
    """Publish the sample city with a payload in every text field; return ``data_dir``."""
    store = publishing.open_store(data_dir, create_sample=False)
    data = dataset.load_dataset()
    areas = data.boundaries.areas.copy()
    areas["area_name"] = [payload(f"area{i}") for i in range(len(areas))]
    bezirke = {p: payload(f"bezirk{i}") for i, p in enumerate(sorted(areas["parent_id"].unique()))}
    areas["parent_id"] = areas["parent_id"].map(bezirke)
    catalog = []
    for i, ind in enumerate(data.catalog.values()):
        entry = indicator_to_mapping(ind)
        entry |= {
            "label_de": payload(f"label{i}"),
            "label_en": payload(f"label{i}en"),
            "unit": f"[u{i}](http://evil.example/u)",
            "source": payload(f"source{i}"),
            "description": payload(f"description{i}"),
        }
        catalog.append(entry)
    store.publish(
        Publication(
            kind="init",
            author=payload("author"),
            source_name=payload("file") + ".csv",
            note=payload("note"),
            areas=areas,
            source_crs=data.boundaries.source_crs,
            catalog=catalog,
            observations=dataset.read_indicator_file(
                sample_data.INDICATORS,
                data.boundaries.areas,
                data.catalog,
                city_name="Gelsenkirchen",
            ),
            replace_observations=True,
            city_name=payload("city"),
        )
    )
    return data_dir


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return publish_hostile(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture
def hostile(hostile_dir, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(hostile_dir))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", payload("analyst"))
    for reset in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        reset()
    yield hostile_dir
    monkeypatch.undo()
    for reset in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        reset()


@pytest.mark.parametrize(("lang", "level"), [("de", "stadtteil"), ("en", "stadtbezirk")])
def test_every_page_renders_hostile_names_inert(hostile, lang, level):
    """Start page, map, heatmap, profile, comparison, trends, methods and upload wizard."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.session_state["level"] = level
    at.session_state["area"] = {"stadtteil": "11", "stadtbezirk": payload("bezirk0")}
    at.run()
    assert "evil" in at.sidebar.caption[0].value  # the selected area is named
    shown = {"dashboard.py": assert_inert(at, "dashboard.py")}
    for page in (*states.PAGES[1:], "pages/hochladen.py"):
        at.switch_page(page).run()
        shown[page] = assert_inert(at, page)
    # the payloads did reach the pages (the walk saw them, escaped)
    assert all(shown[p] for p in ("dashboard.py", "pages/karte.py", "pages/methodik.py")), shown


def test_watch_list_buttons_and_profile_heading_are_inert(hostile):
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert_inert(at, "dashboard.py")
    buttons = [b for b in at.button if "area" in b.label]
    assert buttons, "the watch list shows hostile names on its buttons"
    buttons[0].click().run()
    assert_inert(at, "after the click")
    at.switch_page("pages/profil.py").run()
    assert_inert(at, "pages/profil.py")
    assert "area" in at.subheader[0].value


def test_profile_xlsx_takes_a_name_with_sheet_title_characters(hostile, monkeypatch):
    made = []

    def record(where, stem, make, *args, formats=("csv",), key, label=None, **options):
        made.extend((fmt, make(*args, fmt=fmt, **options)) for fmt in formats)

    monkeypatch.setattr(widgets, "downloads", record)
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/profil.py").run()
    assert not at.exception, [e.value for e in at.exception]
    xlsx = next(data for fmt, data in made if fmt == "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    title = book.worksheets[0].title
    assert not set(title) & set("/\\[]:*?")
    assert len(title) <= 31
    cell = book.worksheets[0]["A2"].value
    assert "evil.example" in cell  # the name itself is kept in the cells


def test_error_with_a_hostile_file_name_is_inert(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna")
    monkeypatch.setenv("BILDUNGSAMPEL_UPLOAD_LIMIT_MB", "0.001")
    state.settings.cache_clear()
    name = payload("upload") + ".csv"
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/hochladen.py").run()
    big = ("Stadtteil;Jahr;x\n" + "Buer;2023;1\n" * 200).encode()
    at.file_uploader(key="up_file_indicators").set_value((name, big, "text/csv")).run()
    assert_inert(at, "upload error")
    assert "evil" in at.error[0].value
    monkeypatch.undo()
    state.settings.cache_clear()


# ---------------------------------------------------------------- the CLI


@pytest.fixture
def bracket_file(tmp_path):
    import geopandas as gpd

    areas = gpd.read_file(sample_data.BOUNDARIES)
    areas.loc[0, "stadtteil"] = "Alt[/b]stadt"
    areas.loc[1, "stadtteil"] = "Schalke [alt] [bold red]x[/]"
    areas.loc[2, "stadtteil_nr"] = "[/b]"
    path = tmp_path / "grenzen [alt] [b].gpkg"  # a file name cannot hold "/"
    areas.to_file(path, driver="GPKG")
    return path


ARGS = ["--id-column", "stadtteil_nr", "--name-column", "stadtteil"]


def test_cli_import_boundaries_prints_rich_markup_in_ids_and_names_literally(
    tmp_path, bracket_file
):
    runner = CliRunner()
    data_dir = tmp_path / "data"
    assert runner.invoke(cli.app, ["init", "--empty", "--data-dir", str(data_dir)]).exit_code == 0
    cmd = ["import", "boundaries", str(bracket_file), *ARGS, "--data-dir", str(data_dir)]
    result = runner.invoke(cli.app, cmd)
    assert result.exit_code == 0, result.output
    assert "grenzen [alt] [b].gpkg: 18 areas" in result.stdout
    assert "new: 11, 12, 14, 15" in result.stdout
    assert ", [/b]" in result.stdout
    check = runner.invoke(cli.app, ["check-boundaries", str(bracket_file), *ARGS])
    assert check.exit_code == 0, check.output
    assert f"file: {bracket_file}" in check.stdout
    assert "area ids: 11, 12, [/b], 14" in check.stdout


def test_cli_error_and_report_keep_brackets(tmp_path):
    runner = CliRunner()
    data_dir = tmp_path / "data"
    missing = tmp_path / "[alt] fehlt [/b].csv"
    cmd = ["import", "indicators", str(missing), "--data-dir", str(data_dir)]
    result = runner.invoke(cli.app, cmd)
    assert result.exit_code == 2
    assert "Error: " in result.stderr
    assert "[alt] fehlt [/b].csv does not exist" in re.sub(r"\s*\n\s*", "", result.stderr)
    table = tmp_path / "t.csv"
    table.write_text("Stadtteil;Jahr;Übergang aufs Gymnasium\n[alt] Atlantis;2024;40\n", "utf-8")
    result = runner.invoke(
        cli.app, ["import", "indicators", str(table), "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 1
    assert "[alt] Atlantis" in result.stderr


def test_cli_classify_and_versions_keep_brackets(hostile_dir):
    runner = CliRunner()
    result = runner.invoke(cli.app, ["classify", "--data-dir", str(hostile_dir)])
    assert result.exit_code == 0, result.output
    flat = re.sub(r"[\s│┃]+", "", result.stdout)
    assert "[area17](http://evil.example/area17)![area17]" in flat  # nothing eaten as markup
    versions = runner.invoke(cli.app, ["versions", "--data-dir", str(hostile_dir)])
    assert versions.exit_code == 0, versions.output
    assert "**note**`note`a/b\\c*d?e" in re.sub(r"[\s│┃]+", "", versions.stdout)


@pytest.mark.parametrize("text", [payload("x"), "kaputt.csv: (binär) a\\b", "ä – ü \\ [x]"])
def test_shown_is_the_inverse_of_md(text):
    assert markup.shown(markup.md(text)) == text


def test_upload_wizard_with_hostile_rows_and_columns_is_inert(tmp_path, monkeypatch):
    """Unmatched area names become select-box labels, new columns expander labels."""
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BILDUNGSAMPEL_LOCAL_ANALYST", "Anna")
    for reset in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        reset()
    column = "[neu](http://evil.example/col) $c^2$"
    table = (
        f"Stadtteil;Jahr;Übergang aufs Gymnasium;{column}\n"
        f"{payload('row')};2023;40;1\nBuer;2023;42,5;3\n"
    ).encode()
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.switch_page("pages/hochladen.py").run()
    at.file_uploader(key="up_file_indicators").set_value(("neu.csv", table, "text/csv")).run()
    assert_inert(at, "upload wizard")
    labels = [s.label for s in at.selectbox] + [e.label for e in at.expander]
    assert any("row" in label for label in labels), labels
    monkeypatch.undo()
    for reset in (state.settings.cache_clear, st.cache_resource.clear, st.cache_data.clear):
        reset()
