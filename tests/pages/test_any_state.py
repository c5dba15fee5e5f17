"""Every published state renders: each page shows a message, never a traceback.

Named states (fast lane) and a hypothesis state machine (``slow``) publish
legal partial data through the store API into a temporary data directory and
render every page through AppTest after each step.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import HealthCheck, settings
from hypothesis import strategies as hs
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from streamlit.testing.v1 import AppTest

import sample_data
from bildungsampel.app import state
from bildungsampel.service import publishing
from tests import helpers, states

APP = helpers.APP


def reset_caches() -> None:
    state.settings.cache_clear()
    st.cache_resource.clear()
    st.cache_data.clear()


def render(page: str, *, level: str = "stadtteil", year: str = "latest", lang: str = "de"):
    """Render one page in a new session with the given shared choices."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["level"] = level
    at.session_state["year"] = year
    at.session_state["lang"] = lang
    at.run()
    if page != "dashboard.py":
        at.switch_page(page).run()
    return at


def failures(**choices: str) -> dict[str, list[str]]:
    """Return page → exception messages for every page that raised (one session, all pages)."""
    at = render("dashboard.py", **choices)
    out = {"dashboard.py": [e.value for e in at.exception]} if at.exception else {}
    for page in states.PAGES[1:]:
        at.switch_page(page).run()
        if at.exception:
            out[page] = [e.value for e in at.exception]
    return out


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSAMPEL_DATA_DIR", str(tmp_path / "data"))
    reset_caches()
    yield tmp_path / "data"
    monkeypatch.undo()
    reset_caches()


def plain(text: str) -> str:
    return text.replace("\\", "")


# ------------------------------------------------------------------ named states


def new_year_single_indicator(d: Path) -> None:
    store = states.sample_store(d)
    states.new_year(store, "gymnasium", states.area_ids(store))


def new_year_for_some_areas(d: Path) -> None:
    store = states.sample_store(d)
    states.new_year(store, "arbeitslos", states.area_ids(store)[:5])


def empty_city(d: Path) -> None:
    states.boundaries_only(d)


def level_without_values(d: Path) -> None:
    states.level_without_values(states.boundaries_only(d))


def all_grey(d: Path) -> None:
    states.all_missing(states.boundaries_only(d), "leer")


def catalogue_entry_without_data(d: Path) -> None:
    states.catalogue_only(states.sample_store(d), "ohne_daten")


def values_dropped(d: Path) -> None:
    store = states.sample_store(d)
    states.drop_values(store, "gymnasium", "2022/23", states.area_ids(store))


def periods(n: int):
    def build(d: Path) -> None:
        states.only_indicator(d, "kurz", [str(2021 + k) for k in range(n)])

    build.__name__ = f"one_indicator_{n}_periods"
    return build


NAMED = [
    new_year_single_indicator,
    new_year_for_some_areas,
    empty_city,
    level_without_values,
    all_grey,
    catalogue_entry_without_data,
    values_dropped,
    periods(1),
    periods(2),
    pytest.param(periods(3), id="one_indicator_3_periods"),
]


@pytest.mark.parametrize("build", NAMED, ids=lambda b: getattr(b, "__name__", None))
def test_named_state_renders_every_page(data_dir, build):
    build(data_dir)
    crashed = {
        (level, page): errors
        for level in ("stadtteil", "stadtbezirk")
        for page, errors in failures(level=level).items()
    }
    assert crashed == {}


def test_a_city_s_own_three_levels_render_every_page_on_every_level(data_dir):
    states.own_levels(states.sample_store(data_dir))
    crashed = {
        (level, page): errors
        for level in ("stadtteil", "bezirk", "region")
        for page, errors in failures(level=level).items()
    }
    assert crashed == {}
    at = render("pages/karte.py", level="region")
    radio = next(r for r in at.radio if r.label == "Ebene")
    assert radio.options == ["Stadtteil", "Bezirk", "Region"]
    assert radio.value == "region"
    table = at.dataframe[0].value
    assert sorted(table.iloc[:, 0]) == ["Nord", "Süd"]


def test_new_year_of_one_indicator_keeps_the_others_latest(data_dir):
    new_year_single_indicator(data_dir)
    at = render("dashboard.py")
    assert at.subheader[1].value == "Bewertungen je Handlungsfeld"
    assert plain(at.caption[1].value) == (
        "Stand: jeweils neuestes Jahr je Indikator (2023; Übergang aufs Gymnasium: 2023/24)"
    )
    counts = at.dataframe[0].value.set_index("Handlungsfeld")
    assert int(counts.to_numpy().sum()) == 18 * 17  # every indicator, not just the new one
    assert at.button  # "Genauer hinsehen" still lists areas

    at = render("pages/profil.py")
    table = at.dataframe[0].value.set_index("Indikator")
    assert len(table) == 17
    assert table.loc["Übergang aufs Gymnasium", "Jahr"] == "2023/24"
    assert table.loc["Schulabgänge ohne Abschluss", "Jahr"] == "2022/23"

    # the chosen year 2024 holds one indicator: shown, and said so
    at = render("pages/profil.py", year="2024")
    assert len(at.dataframe[0].value) == 1
    assert plain(at.caption[0].value).startswith(
        "Stand: 2024 · ohne Werte: Schulabgänge ohne Abschluss, "
    )

    at = render("pages/vergleich.py")
    assert set(at.dataframe[0].value["Jahr"]) == {"2023/24", "2022/23", "2023"}


def test_map_year_follows_the_indicator(data_dir):
    new_year_single_indicator(data_dir)
    at = render("pages/karte.py")
    at.selectbox(key="_w_indicator_de").set_value("gymnasium").run()
    picker = at.selectbox(key="_w_year_de")
    assert picker.value == "latest"
    assert picker.options[:3] == ["neuestes (2024)", "2024", "2023"]
    assert "Übergang aufs Gymnasium · 2023/24" in plain(at.caption[0].value)
    at.selectbox(key="_w_year_de").set_value("2024").run()
    # an indicator without 2024 falls back to its own latest year
    at.selectbox(key="_w_indicator_de").set_value("arbeitslos").run()
    picker = at.selectbox(key="_w_year_de")
    assert picker.options[:2] == ["neuestes (2023)", "2023"]
    assert picker.value == "latest"
    assert plain(at.caption[0].value).startswith("Arbeitslosenanteil · 2023 · ")


def test_profile_of_an_area_without_ratings_says_so(data_dir):
    new_year_for_some_areas(data_dir)
    with_2024 = states.area_ids(publishing.open_store(data_dir))[:5]
    assert "22" not in with_2024
    at = render("pages/profil.py", year="2024")
    at.selectbox(key="_w_area_stadtteil_de").set_value("22").run()
    assert not at.exception
    assert plain(at.info[0].value) == (
        "Für Ückendorf liegen in dieser Auswahl keine Bewertungen vor."
    )
    # each indicator's latest period: Arbeitslosenanteil 2024 has no value for Ückendorf
    at.selectbox(key="_w_year_de").set_value("latest").run()
    assert len(at.dataframe[0].value) == 16
    assert plain(at.caption[0].value) == (
        "Stand: jeweils neuestes Jahr je Indikator (2023) · ohne Werte: Arbeitslosenanteil"
    )


def test_empty_city_says_nothing_is_published(data_dir):
    empty_city(data_dir)
    for page in states.PAGES:
        at = render(page)
        assert at.info[0].value.startswith("Noch keine Indikatorwerte veröffentlicht."), page


def test_own_city_before_its_boundaries_says_to_import_them(data_dir):
    from typer.testing import CliRunner

    from bildungsampel.cli import app

    assert CliRunner().invoke(app, ["init", "--empty", "--data-dir", str(data_dir)]).exit_code == 0
    for page in states.PAGES:
        at = render(page)
        assert not at.exception, page
        assert at.info[0].value.startswith("Noch keine Stadt veröffentlicht."), page
    assert render("pages/karte.py", lang="en").info[0].value.startswith("No city published yet.")
    upload = render("pages/hochladen.py")
    assert not upload.exception
    assert publishing.open_store(data_dir).versions().empty  # no page published the sample


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["versions"], None),
        (["classify"], "import the city's boundaries first"),
        (["heatmap", "--output", "{d}/h.png"], "import the city's boundaries first"),
        (["import", "indicators", "{d}/werte.csv"], "import the city's boundaries first"),
        (["rollback", "1"], "does not exist"),
        (["check-store"], None),
    ],
)
def test_own_empty_city_stays_empty_through_every_command(data_dir, args, message):
    from typer.testing import CliRunner

    from bildungsampel.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["init", "--empty", "--data-dir", str(data_dir)]).exit_code == 0
    (data_dir / "werte.csv").write_text("stadtteil_nr;gymnasium\n11;30,5\n", encoding="utf-8")
    argv = [a.format(d=data_dir) for a in args] + ["--data-dir", str(data_dir)]
    result = runner.invoke(app, argv)
    assert "Traceback" not in result.output
    if message is None:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
        assert message in " ".join(result.stderr.split())
    assert publishing.open_store(data_dir).versions().empty


def test_level_without_values_is_grey_on_the_map(data_dir):
    level_without_values(data_dir)
    at = render("pages/karte.py", level="stadtbezirk")
    table = at.dataframe[0].value
    assert len(table) == 5
    assert set(table["Bewertung"]) == {"– nicht bewertet"}


@pytest.mark.parametrize(
    ("build", "args", "message"),
    [
        (empty_city, ["classify"], "no indicator values are published yet; import them"),
        (empty_city, ["heatmap", "--output", "{d}/h.png"], "no indicator values are published"),
        (all_grey, ["heatmap", "--output", "{d}/h.png"], "no values at level 'stadtteil'"),
        (
            all_grey,
            ["heatmap", "--output", "{d}/h.png", "--level", "stadtbezirk"],
            "no values at level 'stadtbezirk'",
        ),
        (level_without_values, ["classify", "--year", "2024"], "no data for year '2024'"),
    ],
)
def test_cli_says_why_there_is_nothing(data_dir, build, args, message):
    from typer.testing import CliRunner

    from bildungsampel.cli import app

    build(data_dir)
    argv = [a.format(d=data_dir) for a in args] + ["--data-dir", str(data_dir)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("level", ["stadtteil", "stadtbezirk"])
def test_heatmap_page_without_any_value_says_so(data_dir, level):
    all_grey(data_dir)
    at = render("pages/heatmap.py", level=level)
    assert at.info[0].value == (
        "In dieser Auswahl hat kein Gebiet einen Wert – es gibt nichts zu zeichnen."
    )
    assert not at.get("download_button")


# ------------------------------------------------------------------ state machine


LEVELS = ("stadtteil", "stadtbezirk")
YEARS = ("latest", "2016", "2023", "2024", "2030")  # 2030: a year no indicator has


class AnyPublishedState(RuleBasedStateMachine):
    """Publish random legal partial data; after every step every page renders."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory(prefix="bildungsampel-state-")
        self.data_dir = Path(self.tmp.name) / "data"
        self.old_env = os.environ.get("BILDUNGSAMPEL_DATA_DIR")
        os.environ["BILDUNGSAMPEL_DATA_DIR"] = str(self.data_dir)
        reset_caches()
        self.store = None
        self.level, self.year, self.lang = "stadtteil", "latest", "de"
        self.added = 0

    def teardown(self) -> None:
        if self.old_env is None:
            os.environ.pop("BILDUNGSAMPEL_DATA_DIR", None)
        else:
            os.environ["BILDUNGSAMPEL_DATA_DIR"] = self.old_env
        reset_caches()
        self.tmp.cleanup()

    def indicators(self) -> list[str]:
        return [e["id"] for e in self.store.snapshot(with_observations=False).catalog]

    def periods_of(self, ind: str) -> list[str]:
        pairs = self.store.indicator_periods()
        return sorted(pairs.loc[pairs["indicator"] == ind, "period"], key=states._key)

    def new_id(self) -> str:
        self.added += 1
        return f"neu{self.added}"

    @initialize(sample=hs.booleans())
    def start(self, sample: bool) -> None:
        self.store = (
            states.sample_store(self.data_dir) if sample else states.boundaries_only(self.data_dir)
        )

    @precondition(lambda self: self.indicators())
    @rule(data=hs.data())
    def new_year_for_some_areas(self, data) -> None:
        candidates = self.indicators()
        ind = data.draw(hs.sampled_from(candidates), label="indicator")
        ids = states.area_ids(self.store)
        chosen = data.draw(hs.lists(hs.sampled_from(ids), min_size=1, unique=True), label="areas")
        states.new_year(self.store, ind, chosen, seed=len(chosen))

    @precondition(lambda self: self.indicators())
    @rule(data=hs.data())
    def drop_to_missing(self, data) -> None:
        with_data = [i for i in self.indicators() if self.periods_of(i)]
        if not with_data:
            return
        ind = data.draw(hs.sampled_from(with_data), label="indicator")
        period = data.draw(hs.sampled_from(self.periods_of(ind)), label="period")
        ids = states.area_ids(self.store)
        chosen = data.draw(hs.lists(hs.sampled_from(ids), min_size=1, unique=True), label="areas")
        states.drop_values(self.store, ind, period, chosen)

    @rule(n=hs.integers(1, 6))
    def short_series(self, n: int) -> None:
        states.short_series(self.store, self.new_id(), n, seed=n)

    @rule(period=hs.sampled_from(["2016", "2023", "2024"]))
    def all_missing(self, period: str) -> None:
        states.all_missing(self.store, self.new_id(), period=period)

    @rule()
    def catalogue_entry_only(self) -> None:
        states.catalogue_only(self.store, self.new_id())

    @rule()
    def level_without_values(self) -> None:
        states.level_without_values(self.store, self.new_id())

    @rule()
    def boundaries_again(self) -> None:
        check = publishing.prepare_boundaries(
            self.store,
            sample_data.BOUNDARIES,
            id_column="stadtteil_nr",
            name_column="stadtteil",
            parent_column="stadtbezirk",
        )
        publishing.publish_boundaries(self.store, check, author="test")

    @rule(
        level=hs.sampled_from(LEVELS),
        year=hs.sampled_from(YEARS),
        lang=hs.sampled_from(["de", "en"]),
    )
    def choose(self, level: str, year: str, lang: str) -> None:
        self.level, self.year, self.lang = level, year, lang

    @invariant()
    def every_page_renders(self) -> None:
        if self.store is None:
            return
        assert failures(level=self.level, year=self.year, lang=self.lang) == {}


AnyPublishedState.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_any_published_state_renders = pytest.mark.slow(AnyPublishedState.TestCase)
