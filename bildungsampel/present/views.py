"""Display frames for the dashboard: translated, formatted and escaped.

No streamlit here: every function takes frames from the pipeline and returns
frames (or bytes) that a page hands to a Streamlit element, so they are unit
tested without a server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

from bildungsampel.present import markup, versions
from bildungsampel.present.i18n import domain_label, has_key, number, t
from bildungsampel.present.palettes import SYMBOLS
from indicators import methods, profile, stats
from indicators.catalog import Catalog, Indicator, Kind
from indicators.methods import ordered
from indicators.numbers import BYTES_PER_MB
from indicators.periods import period_end_year

#: Text from data made inert for Streamlit's Markdown (see :mod:`bildungsampel.present.markup`).
md = markup.md
md_t = markup.md_t


def decimals(indicator: Indicator) -> int:
    """Return the decimals shown for an indicator (0 for counts, else 1)."""
    return 0 if indicator.kind is Kind.COUNT else 1


def rating_label(rating: str, grade: str, lang: str) -> str:
    """Return the symbol and word of a rating, e.g. "▼ ungünstig"."""
    if rating == "neutral":
        return f"{SYMBOLS['neutral']} {t(f'grade.{grade}', lang)}"
    return f"{SYMBOLS.get(rating, '–')} {t(f'rating.{rating}', lang)}"


def class_rating_label(row: Mapping[Any, Any], indicator: Indicator, lang: str) -> str:
    """Return the rating label with the catalogue's word for the class, e.g. "▼ ungünstig: niedrig".

    Only indicators rated in ordered classes with ``labels_de``/``labels_en``
    (the MSS Status-Index) have such words; others get :func:`rating_label`.
    """
    base = rating_label(str(row["rating"]), str(row["grade"]), lang)
    direction = row.get("direction")
    if direction is None or pd.isna(direction):
        return base
    own = ordered.class_label(indicator, float(direction), lang)
    return f"{base}: {own}" if own else base


_ARROWS = {"increasing": "↗", "decreasing": "↘", "flat": "→"}


def trend_label(trend: str, lang: str, direction: str | None = None) -> str:
    """Return the direction arrow and the judgement of a trend, e.g. "↘ keine signifikante …".

    The arrow shows where the line goes (↗ rising, ↘ falling, → flat); the
    words say whether that is a significant improvement or worsening — a
    falling unemployment share is "↘ verbessert sich signifikant".
    """
    arrow = _ARROWS.get(str(direction), "·")
    return f"{arrow} {t(f'trend.{trend}', lang)}"


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and bool(np.isfinite(value))


def value_text(row: Mapping[Any, Any], indicator: Indicator, lang: str) -> str:
    """Return the displayed value: the number with its unit, or "Zähler < 5" when suppressed."""
    note = row.get("value_note")
    if isinstance(note, str) and note:
        return note
    return number(row["value"], lang, decimals=decimals(indicator), unit=indicator.unit)


def interval_text(row: Mapping[Any, Any], indicator: Indicator, lang: str) -> str:
    """Return "12,3–18,4" for a row with a confidence interval, else ""."""
    if not (_finite(row.get("ci_low")) and _finite(row.get("ci_high"))):
        return ""
    places = decimals(indicator)
    return (
        f"{number(row['ci_low'], lang, decimals=places)}–"
        f"{number(row['ci_high'], lang, decimals=places)}"
    )


def interval_level(row: Mapping[Any, Any], lang: str) -> str:
    """Return the name of the row's interval, e.g. "95-%-KI" or "99,8-%-KI"."""
    confidence = row.get("confidence")
    level = 0.95 if not _finite(confidence) else float(confidence)  # type: ignore[arg-type]
    shown = number(level * 100, lang, decimals=1 if level == 0.998 else 0)
    return t("tip.interval", lang, level=shown)


def limits_text(row: Mapping[Any, Any], indicator: Indicator, lang: str) -> str:
    """Return "Toleranzband 21,7–26,5" (the limits named by the row's method), else ""."""
    low, high = row.get("lower_limit"), row.get("upper_limit")
    method = str(row.get("method"))
    if not (_finite(low) and _finite(high)) or method not in methods.names():
        return ""
    name = methods.get(method).legend(indicator.rule, lang)
    places = decimals(indicator)
    span = f"{number(low, lang, decimals=places)}–{number(high, lang, decimals=places)}"
    return f"{name} {span}" if name else ""


def city_kind_text(row: Mapping[Any, Any], lang: str) -> str:
    """Return how the city value was computed, e.g. "aus Zählern und Nennern von 17 der 18 …"."""
    kind = row.get("city_value_kind")
    if not isinstance(kind, str):
        return ""
    used, of = row.get("city_n"), row.get("city_of")
    if kind == "pooled" and _finite(used) and _finite(of) and used < of:  # type: ignore[operator]
        return t("city_kind.pooled_part", lang, used=int(used), of=int(of))  # type: ignore[arg-type]
    return t(f"city_kind.{kind}", lang)


class RatingSettings(Protocol):
    """What :func:`policy_text` reads of the installation's settings."""

    @property
    def confidence(self) -> float:
        """Confidence level of the benchmark intervals."""

    @property
    def small_numerator(self) -> int:
        """Numerators below this are suppressed (0: off)."""

    @property
    def population_indicator(self) -> str:
        """Indicator holding the inhabitants ("": none)."""

    @property
    def min_population(self) -> float:
        """Areas with fewer inhabitants are not rated."""


def policy_text(settings: RatingSettings, lang: str) -> str:
    """Return the rating settings of this installation in one line (Methodik page)."""
    level = settings.confidence
    shown = number(level * 100, lang, decimals=1 if level == 0.998 else 0)
    population = (
        t(
            "methods.population",
            lang,
            min=number(settings.min_population, lang, decimals=0),
            indicator=settings.population_indicator,
        )
        if settings.population_indicator
        else t("methods.population_none", lang)
    )
    return t(
        "methods.settings_text",
        lang,
        level=t("present.format.confidence_level", lang, level=shown),
        limit=settings.small_numerator,
        off="" if settings.small_numerator else t("methods.no_limit", lang),
        population=population,
    )


def multiple_testing_note(rows: pd.DataFrame, lang: str) -> str | None:
    """Return the note on chance findings for the comparisons shown, or None for fewer than 2.

    Every benchmark comparison is a test at its confidence level; with no
    real difference anywhere, ``tests × (1 − level)`` of them would still be
    "significant" (:func:`indicators.stats.expected_chance_findings`).
    """
    tested = rows[(rows["method"] == "benchmark") & rows["direction"].notna()]
    if len(tested) < 2:
        return None
    level = float(tested["confidence"].max())
    expected = stats.expected_chance_findings(len(tested), level)
    return t(
        "note.multiple",
        lang,
        tests=len(tested),
        hits=int((tested["direction"] != 0).sum()),
        level=t(
            "present.format.confidence_level",
            lang,
            level=number(level * 100, lang, decimals=1 if level == 0.998 else 0),
        ),
        expected=number(expected, lang, decimals=1),
    )


def ratings_table(
    rows: pd.DataFrame,
    catalog: Catalog,
    lang: str,
    *,
    first: str = "area",
    with_year: bool = False,
) -> pd.DataFrame:
    """Return rated rows as a translated display table with formatted numbers.

    Parameters
    ----------
    rows : pandas.DataFrame
        Pipeline output rows.
    catalog : Catalog
    lang : {"de", "en"}
    first : {"area", "indicator"}
        Which column leads: the area name (one indicator, many areas) or the
        indicator label (one area, many indicators).
    """
    inds = [catalog[i] for i in rows["indicator"]]
    records = rows.to_dict("records")
    table = pd.DataFrame(
        {
            t("col.area", lang): rows["area_name"].astype(str).to_numpy(),
            t("col.indicator", lang): [i.label(lang) for i in inds],
            t("col.value", lang): [
                value_text(r, i, lang) for r, i in zip(records, inds, strict=True)
            ],
            t("col.city", lang): [
                number(v, lang, decimals=decimals(i), unit=i.unit)
                for v, i in zip(rows["city_value"], inds, strict=True)
            ],
            t("col.interval", lang): [
                f"{interval_level(r, lang)} {ci}" if (ci := interval_text(r, i, lang)) else ""
                for r, i in zip(records, inds, strict=True)
            ],
            t("col.limits", lang): [
                limits_text(r, i, lang) for r, i in zip(records, inds, strict=True)
            ],
            t("col.rating", lang): [
                class_rating_label(r, i, lang) for r, i in zip(records, inds, strict=True)
            ],
            t("col.trend", lang): [
                trend_label(r["trend"], lang, r.get("trend_direction")) for r in records
            ],
            t("col.reason", lang): rows["reason"].astype(str).to_numpy(),
        }
    )
    for optional in ("col.interval", "col.limits"):
        if not table[t(optional, lang)].astype(bool).any():
            table = table.drop(columns=t(optional, lang))
    drop = t("col.indicator", lang) if first == "area" else t("col.area", lang)
    table = table.drop(columns=drop)
    if with_year:
        table.insert(1, t("col.year", lang), rows["year"].astype(str).to_numpy())
    return table


def counts_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return :func:`indicators.profile.domain_counts` with translated labels."""
    out = counts.rename(
        index=lambda d: domain_label(str(d), lang),
        columns=lambda r: (
            rating_label(str(r), "similar", lang)
            if r != "neutral"
            else f"{SYMBOLS['neutral']} {t('rating.neutral', lang)}"
        ),
    )
    out.index.name = t("col.domain", lang)
    return out.reset_index()


def catalog_table(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return the indicator catalogue as a translated table."""
    return pd.DataFrame(
        [
            {
                t("col.indicator", lang): ind.label(lang),
                t("col.domain", lang): domain_label(ind.domain, lang),
                t("col.unit", lang): ind.unit,
                t("col.polarity", lang): t(f"polarity.{ind.polarity.value}", lang),
                t("method", lang): t(f"method.{ind.rule.method}", lang)
                if ind.rule.method
                else t("method.catalog", lang),
                t("col.source", lang): ind.source,
                t("col.description", lang): ind.description,
            }
            for ind in catalog.values()
        ]
    )


def comparison_table(
    rows: pd.DataFrame, catalog: Catalog, names: Mapping[str, str], lang: str
) -> pd.DataFrame:
    """Return indicators × areas: "value symbol (± difference to city)", plus the city value."""
    records = []
    for ind_id in catalog:
        part = rows[rows["indicator"] == ind_id]
        if part.empty:
            continue
        ind = catalog[ind_id]
        places = decimals(ind)
        record = {
            t("col.indicator", lang): ind.label(lang),
            t("col.year", lang): str(part["year"].iloc[0]),
        }
        # a difference of two shares is in percentage points, not per cent
        diff_unit = t("present.unit.percentage_points", lang) if ind.unit == "%" else ind.unit
        for row in part.to_dict("records"):
            symbol = rating_label(row["rating"], row["grade"], lang).split(" ")[0]
            cell = f"{symbol} {value_text(row, ind, lang)}"
            if _finite(row["diff"]):
                # from the rounded numbers shown, so that the difference adds up on screen
                shown = round(float(row["value"]), places) - round(float(row["city_value"]), places)
                sign = "+" if shown > 0 else ""
                cell += f" ({sign}{number(shown, lang, decimals=places, unit=diff_unit)})"
            record[names.get(row["area_id"], row["area_id"])] = cell
        record[t("col.city", lang)] = number(
            part["city_value"].iloc[0], lang, decimals=places, unit=ind.unit
        )
        records.append(record)
    return pd.DataFrame.from_records(records)


def year_list(obs: pd.DataFrame, indicator: str | None = None) -> list[str]:
    """Return the years of the observations (of one indicator), newest first.

    A school year counts as the year it ends in ("2022/23" → "2023"), as the
    year picker selects both with "2023".
    """
    part = obs if indicator is None else obs[obs["indicator"] == indicator]
    years = {period_end_year(str(p)) for p in pd.unique(part["period"])}
    return [str(y) for y in sorted(years, reverse=True)]


def year_span(years: list[str]) -> str:
    """Return "2016–2023" for years newest first ("2023" for one, "–" for none)."""
    if not years:
        return "–"
    return years[0] if len(years) == 1 else f"{years[-1]}–{years[0]}"


def year_choice_label(choice: str, lang: str, *, latest: str | None = None) -> str:
    """Return the label of a year picker option.

    ``"latest"`` reads "neueste je Indikator" (every indicator in its own
    latest period) or, for one indicator whose latest period ends in
    ``latest``, "neuestes (2024)"; a year is shown as it is.
    """
    if choice != "latest":
        return choice
    if latest is None:
        return t("w.year.latest", lang)
    return t("w.year.latest_one", lang, year=latest)


def stand_text(
    results: pd.DataFrame, catalog: Catalog, lang: str, *, year: str | None = None
) -> str:
    """Say which periods a table of ratings shows (plain text, escape for Markdown).

    Parameters
    ----------
    results : pandas.DataFrame
        Pipeline output (``indicator``, ``year``) of one level.
    catalog : Catalog
    lang : {"de", "en"}
    year : str, optional
        The year chosen (None: each indicator's latest period).

    Returns
    -------
    str
        E.g. "Stand: jeweils neuestes Jahr je Indikator (2023; Übergang aufs
        Gymnasium: 2023/24)" or "Stand: 2022", followed by the indicators
        without a value in this choice.
    """
    usual, others = profile.period_summary(results)
    if year is not None:
        text = t("stand.year", lang, year=year)
    elif usual is None:
        text = t("stand.none", lang)
    else:
        shown = [f"{catalog[i].label(lang)}: {p}" for i, p in others.items()][:_LISTED]
        if len(others) > _LISTED:
            shown.append(t("stand.more", lang, n=len(others) - _LISTED))
        detail = "; ".join([str(usual), *shown])
        text = t("stand.latest", lang, detail=detail)
    missing = profile.unrated_indicators(results, catalog)
    if missing and usual is not None:
        names = [catalog[i].label(lang) for i in missing][:_LISTED]
        if len(missing) > _LISTED:
            names.append(t("stand.more", lang, n=len(missing) - _LISTED))
        text += " · " + t("stand.missing", lang, names=", ".join(names))
    return text


#: How many indicators a "Stand" note names before it says "and n more".
_LISTED = 3


def megabytes(n_bytes: float, lang: str) -> str:
    """Return a file size in MB of 2**20 bytes: whole MB without decimals, else one.

    The one way sizes and upload limits are written (README, ``upload_limit_mb``).

    Examples
    --------
    >>> megabytes(50 * 2**20, "de"), megabytes(1.25 * 2**20, "de"), megabytes(1.25 * 2**20, "en")
    ('50', '1,2', '1.2')
    """
    value = n_bytes / BYTES_PER_MB
    return number(value, lang, decimals=0 if float(value).is_integer() else 1)


def new_indicator_entries(forms: Mapping[str, Mapping[str, object]]) -> list[dict[str, object]]:
    """Return catalogue entries from the analyst's forms (incomplete forms are skipped)."""
    required = ("label_de", "domain", "polarity", "kind", "source")
    out = []
    for ind_id, values in forms.items():
        if all(values.get(k) for k in required):
            entry: dict[str, object] = {"id": ind_id, **{k: v for k, v in values.items() if v}}
            entry.setdefault("label_en", entry["label_de"])
            out.append(entry)
    return out


#: The columns of the version list, in order (``Store.versions``).
VERSION_COLUMNS = (
    "id",
    "kind",
    "created_at",
    "author",
    "source_name",
    "n_areas",
    "n_indicators",
    "n_observations",
    "current",
    "deleted",
    "note",
)


def versions_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the version list with translated headers and kinds, local times (Europe/Berlin)."""
    out = frame[list(VERSION_COLUMNS)].copy()
    out["kind"] = [
        t(f"ver.kind.{k}", lang) if has_key(f"ver.kind.{k}") else str(k) for k in out["kind"]
    ]
    out["created_at"] = [versions.local_time(stamp, lang) for stamp in out["created_at"]]
    return out.rename(columns={c: t(f"ver.col.{c}", lang) for c in VERSION_COLUMNS})


def composite_table(breakdown: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """Return a composite's breakdown (:func:`indicators.profile.composite_breakdown`) to show.

    One row per component: its label, value (in its unit), orientation,
    standardised value, weight and contribution, numbers formatted for ``lang``.
    """
    comps = [catalog[c] for c in breakdown["component"]]
    records = breakdown.to_dict("records")
    return pd.DataFrame(
        {
            t("col.component", lang): [c.label(lang) for c in comps],
            t("col.value", lang): [
                number(r["value"], lang, decimals=decimals(c), unit=c.unit)
                for r, c in zip(records, comps, strict=True)
            ],
            t("col.orientation", lang): [
                t("composite.kept" if r["sign"] > 0 else "composite.turned", lang) for r in records
            ],
            t("col.standardised", lang): [
                number(r["standardised"], lang, decimals=2) for r in records
            ],
            t("col.weight", lang): [number(r["weight"], lang, decimals=2) for r in records],
            t("col.contribution", lang): [
                number(r["contribution"], lang, decimals=2) for r in records
            ],
        }
    )


def composites_of(rows: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Return the ids of the composite indices among rated ``rows`` (catalogue order)."""
    shown = set(rows.loc[rows["direction"].notna(), "indicator"].astype(str))
    return [i for i, ind in catalog.items() if ind.kind is Kind.COMPOSITE and i in shown]


def composite_caption(breakdown: pd.DataFrame, row: Mapping[Any, Any], lang: str) -> str:
    """Return what the breakdown table means, with the sum of contributions and the index."""
    total = number(float(breakdown["contribution"].sum()), lang, decimals=2)
    return t(
        "profile.composite_help", lang, total=total, value=number(row["value"], lang, decimals=2)
    )
