"""Downloads of the dashboard: the format registry, the tables and their metadata.

Pure (no Streamlit): pages hand a function making the bytes to
:func:`bildungsampel.app.widgets.downloads`; every download format (suffix,
MIME type, button label, writer) lives in :data:`FORMATS`. How a CSV or XLSX
is laid out (metadata block, separators, rounding, formula neutralisation):
:mod:`bildungsampel.present.sheets`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd

from bildungsampel.present.i18n import has_key, level_label, t
from bildungsampel.present.sheets import (
    ExportMeta,
    Table,
    csv_bytes,
    is_missing,
    join_texts,
    xlsx_bytes,
)
from bildungsampel.present.views import decimals, rating_label
from indicators.catalog import Catalog, Indicator
from indicators.errors import BildungsampelError
from indicators.messages import Message


class Published(Protocol):
    """What an export reads of the dataset shown (``service.dataset.Dataset`` is one)."""

    @property
    def catalog(self) -> Catalog:
        """The catalogue of the indicators shown."""

    @property
    def city_name(self) -> str:
        """The municipality's name."""

    @property
    def files(self) -> tuple[str, ...]:
        """The files the dataset was read from (read-only installations)."""

    @property
    def version(self) -> dict[str, Any] | None:
        """The published version's record (None for files named in the settings)."""


def file_args(fmt: str, stem: str) -> dict[str, str]:
    """Return ``file_name`` and ``mime`` of a download (keyword arguments of a button).

    Examples
    --------
    >>> file_args("csv", "profil_41_2023")
    {'file_name': 'profil_41_2023.csv', 'mime': 'text/csv'}
    """
    kind = file_format(fmt)
    return {"file_name": stem + kind.suffix, "mime": kind.mime}


class UnknownFormatError(BildungsampelError, KeyError):
    """A download format that is not in :data:`FORMATS` (a ``KeyError`` too: a failed lookup)."""

    def __str__(self) -> str:
        return self.text("en")


def file_format(fmt: str) -> FileFormat:
    """Return the registry entry of ``fmt``, or raise naming the known formats."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise UnknownFormatError(
            "present.export.unknown_format", fmt=fmt, known=", ".join(FORMATS)
        ) from None


def formats_of(kind: str) -> tuple[str, ...]:
    """Return the formats of one kind ("table" or "figure"), in registry order.

    Examples
    --------
    >>> formats_of("figure")
    ('png', 'pdf')
    """
    return tuple(fmt for fmt, spec in FORMATS.items() if spec.kind == kind)


def _either(names: Sequence[str]) -> str | Message:
    """Return ``names`` as alternatives in words ("csv or xlsx"; "csv, xlsx oder png" in German)."""
    if len(names) < 2:
        return ", ".join(names)
    return Message("present.export.either", {"first": ", ".join(names[:-1]), "last": names[-1]})


def _distinct(items: Iterable[object]) -> tuple[str, ...]:
    """Return the distinct non-empty texts of ``items`` in first-seen order."""
    seen = dict.fromkeys(str(i) for i in items if i is not None and not is_missing(i) and str(i))
    return tuple(seen)


def word(prefix: str, code: object, lang: str) -> str:
    """Return the translation of ``prefix.code``, or the code itself if there is none."""
    if is_missing(code):
        return ""
    key = f"{prefix}.{code}"
    return t(key, lang) if has_key(key) else str(code)


def dataset_meta(
    data: Published,
    indicators: Iterable[str],
    lang: str,
    *,
    rows: pd.DataFrame | None = None,
    level: str = "",
    period: str = "",
    generated_at: datetime | None = None,
) -> ExportMeta:
    """Return the metadata of a download from ``data``.

    Parameters
    ----------
    data : Published
        The dataset shown (its ``version`` dict when it comes from the store).
    indicators : iterable of str
        Ids of the indicators in the file.
    lang : {"de", "en"}
    rows : pandas.DataFrame, optional
        Rated rows in the file: their years, rating methods and (when the
        column exists) city value kinds are named; without rows the methods
        set in the catalogue are.
    level : str
        Area level id (named by :func:`~bildungsampel.present.i18n.level_label`).
    period : str
        Year shown, when ``rows`` does not tell.
    generated_at : datetime, optional
        Default: now.
    """
    inds = [data.catalog[i] for i in dict.fromkeys(indicators)]
    version = data.version or {}
    if rows is not None and "method" in rows:
        methods = _distinct(rows["method"].astype(object))
    else:
        methods = _distinct(i.rule.method for i in inds)
    kinds = (
        _distinct(rows["city_value_kind"].astype(object))
        if rows is not None and "city_value_kind" in rows
        else ()
    )
    if rows is not None and "year" in rows and len(rows):
        period = join_texts(_distinct(rows["year"].astype(object)))
    return ExportMeta(
        city=data.city_name,
        level=level_label(level, lang, getattr(data, "levels", None)) if level else "",
        period=period,
        indicators=tuple(i.label(lang) for i in inds),
        units=_distinct(i.unit for i in inds),
        sources=_distinct(i.source for i in inds),
        methods=tuple(word("method", m, lang) for m in methods),
        city_value_kinds=tuple(word("city_kind", k, lang) for k in kinds),
        version_id=str(version["id"])
        if "id" in version
        else t("meta.files", lang, files=", ".join(data.files)),
        published_at=str(version.get("published_at") or version.get("created_at") or ""),
        generated_at=generated_at or datetime.now(UTC),
    )


# ---------------------------------------------------------------- tables


def _column(values: Any) -> np.ndarray:
    """Return a column as an object array with missing values as None."""
    array = pd.Series(values).astype(object).to_numpy()
    return np.array([None if is_missing(v) else v for v in array], dtype=object)


def ratings(rows: pd.DataFrame, catalog: Catalog, lang: str) -> Table:
    """Return rated rows (pipeline output, optionally with ``diff``) as a download table.

    Columns that only some result frames have (``city_value_kind``,
    ``lower_limit``/``upper_limit``, ``trend_direction``, ``diff``, ``method``)
    are written when present.
    """
    inds = [catalog[i] for i in rows["indicator"]]
    places = [decimals(i) for i in inds]
    col = {
        "area": t("col.area", lang),
        "area_id": t("col.area_id", lang),
        "indicator": t("col.indicator", lang),
        "year": t("col.year", lang),
        "value": t("col.value", lang),
        "unit": t("col.unit", lang),
        "city_value": t("col.city", lang),
        "city_value_kind": t("col.city_value_kind", lang),
        "diff": t("col.diff", lang),
        "ci_low": t("col.ci_low", lang),
        "ci_high": t("col.ci_high", lang),
        "lower_limit": t("col.lower_limit", lang),
        "upper_limit": t("col.upper_limit", lang),
        "rating": t("col.rating", lang),
        "trend": t("col.trend", lang),
        "trend_direction": t("col.trend_direction", lang),
        "method": t("method", lang),
        "reason": t("col.reason", lang),
    }
    out: dict[str, Any] = {
        col["area"]: _column(rows["area_name"]),
        col["area_id"]: _column(rows["area_id"].astype(str)),
        col["indicator"]: [i.label(lang) for i in inds],
        col["year"]: _column(rows["year"]),
        col["value"]: rows["value"].to_numpy(dtype=float),
        col["unit"]: [i.unit for i in inds],
        col["city_value"]: rows["city_value"].to_numpy(dtype=float),
    }
    if "city_value_kind" in rows:
        out[col["city_value_kind"]] = [word("city_kind", k, lang) for k in rows["city_value_kind"]]
    numbers = ["value", "city_value"]
    for name in ("diff", "ci_low", "ci_high", "lower_limit", "upper_limit"):
        if name in rows:
            out[col[name]] = rows[name].to_numpy(dtype=float)
            numbers.append(name)
    out[col["rating"]] = [
        rating_label(str(r), str(g), lang)
        for r, g in zip(rows["rating"], rows["grade"], strict=True)
    ]
    out[col["trend"]] = [word("trend", x, lang) for x in rows["trend"]]
    if "trend_direction" in rows:
        out[col["trend_direction"]] = [word("direction", x, lang) for x in rows["trend_direction"]]
    if "method" in rows:
        out[col["method"]] = [word("method", m, lang) for m in rows["method"]]
    out[col["reason"]] = _column(rows["reason"])
    return Table(pd.DataFrame(out), {col[n]: places for n in numbers})


def series(frame: pd.DataFrame, names: Mapping[str, str], indicator: Indicator, lang: str) -> Table:
    """Return a trend series (:func:`indicators.profile.series`) as a download table."""
    ids = [str(a) for a in frame["area_id"]]
    value = t("col.value", lang)
    out = pd.DataFrame(
        {
            t("col.area", lang): [
                t("trends.city", lang) if a == "city" else names.get(a, a) for a in ids
            ],
            t("col.area_id", lang): ids,
            t("col.indicator", lang): indicator.label(lang),
            t("col.year", lang): _column(frame["period"]),
            value: frame["value"].to_numpy(dtype=float),
            t("col.unit", lang): indicator.unit,
        }
    )
    return Table(out, {value: decimals(indicator)})


def heatmap(cells: pd.DataFrame, columns: Sequence[str], catalog: Catalog, lang: str) -> Table:
    """Return the heatmap cells (:func:`bildungsampel.present.charts.heatmap_long`) for download.

    ``columns`` are the indicator ids of the heatmap's columns (``cells["col"]``
    indexes them), which give each value its precision; the 0..1 value gets 2.
    """
    ids = np.asarray(list(columns), dtype=object)[cells["col"].to_numpy(dtype=int)]
    value, scaled = t("col.value", lang), t("hm.scaled", lang)
    frame = pd.DataFrame(
        {
            t("col.area", lang): _column(cells["area"]),
            t("col.area_id", lang): _column(cells["area_id"].astype(str)),
            t("col.indicator", lang): _column(cells["indicator"]),
            t("col.year", lang): _column(cells["period"]),
            value: cells["raw"].to_numpy(dtype=float),
            t("col.unit", lang): [catalog[i].unit for i in ids],
            scaled: cells["scaled"].to_numpy(dtype=float),
            t("col.rating", lang): _column(cells["rating_label"]),
        }
    )
    return Table(frame, {value: [decimals(catalog[i]) for i in ids], scaled: 2})


def report(problems: pd.DataFrame, lang: str) -> Table:
    """Return an import check report (:meth:`indicators.importer.Prepared.report`) for download."""
    return Table(problems.rename(columns=lambda c: t(f"col.{c}", lang)))


# ---------------------------------------------------------------- formats


def write(
    fmt: str,
    table: Table | pd.DataFrame,
    *,
    lang: str,
    meta: ExportMeta | None = None,
    sheet: str = "Bildungsampel",
) -> bytes:
    """Return ``table`` as a download in a table format of :data:`FORMATS`."""
    spec = FORMATS.get(fmt)
    if spec is None or spec.writer is None:
        raise BildungsampelError(
            "present.export.not_a_table_format", formats=_either(formats_of("table")), fmt=fmt
        )
    return spec.writer(table, lang=lang, meta=meta, sheet=sheet)


class TableWriter(Protocol):
    """Writes a download table (the ``writer`` of a table format)."""

    def __call__(
        self, table: Table | pd.DataFrame, *, lang: str, meta: ExportMeta | None, sheet: str
    ) -> bytes:
        """Return the file's bytes."""


def _csv_writer(
    table: Table | pd.DataFrame, *, lang: str, meta: ExportMeta | None, sheet: str
) -> bytes:
    del sheet  # a CSV has no sheets
    return csv_bytes(table, lang=lang, meta=meta)


@dataclass(frozen=True)
class FileFormat:
    """One download format.

    Attributes
    ----------
    suffix : str
        File name suffix with the dot (".csv").
    mime : str
        MIME type of the download.
    label : str
        i18n key of the button label ("download.csv").
    kind : {"table", "figure"}
        What it holds: a table (written by ``writer``) or a drawing
        (matplotlib writes figures in the format named by the key).
    writer : TableWriter, optional
        Writes a table in this format (table formats only).
    """

    suffix: str
    mime: str
    label: str
    kind: Literal["table", "figure"]
    writer: TableWriter | None = None


#: Every download format of the dashboard: format id → suffix, MIME type, label, writer.
#: A new format is one entry here (and a writer, or a figure format matplotlib knows).
FORMATS: dict[str, FileFormat] = {
    "csv": FileFormat(".csv", "text/csv", "download.csv", "table", _csv_writer),
    "xlsx": FileFormat(
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "download.xlsx",
        "table",
        xlsx_bytes,
    ),
    "png": FileFormat(".png", "image/png", "download.png", "figure"),
    "pdf": FileFormat(".pdf", "application/pdf", "download.pdf", "figure"),
}


# ---------------------------------------------------------------- page downloads


def ratings_file(
    rows: pd.DataFrame,
    data: Published,
    *,
    fmt: str,
    lang: str,
    level: str,
    sheet: str = "Bildungsampel",
) -> bytes:
    """Return the download of rated rows (map, profile, comparison) with their metadata."""
    meta = dataset_meta(data, rows["indicator"].astype(str), lang, rows=rows, level=level)
    return write(fmt, ratings(rows, data.catalog, lang), lang=lang, meta=meta, sheet=sheet)


def series_file(
    frame: pd.DataFrame,
    data: Published,
    indicator: str,
    names: Mapping[str, str],
    *,
    fmt: str,
    lang: str,
    level: str,
) -> bytes:
    """Return the download of a trend series with indicator, unit and source."""
    ind = data.catalog[indicator]
    meta = dataset_meta(
        data, [indicator], lang, level=level, period=join_texts(_distinct(frame["period"]))
    )
    return write(fmt, series(frame, names, ind, lang), lang=lang, meta=meta)


def heatmap_file(
    cells: pd.DataFrame,
    columns: Sequence[str],
    data: Published,
    *,
    fmt: str,
    lang: str,
    level: str,
    rated: pd.DataFrame | None = None,
) -> bytes:
    """Return the download of the heatmap cells with the metadata of its indicators."""
    rows = None if rated is None else rated[rated["indicator"].isin(list(columns))]
    meta = dataset_meta(data, columns, lang, rows=rows, level=level)
    return write(fmt, heatmap(cells, columns, data.catalog, lang), lang=lang, meta=meta)


def catalog_file(frame: pd.DataFrame, data: Published, *, fmt: str, lang: str) -> bytes:
    """Return the download of the catalogue table (:func:`views.catalog_table`)."""
    meta = dataset_meta(data, list(data.catalog), lang)
    return write(fmt, frame, lang=lang, meta=meta)


def report_file(problems: pd.DataFrame, *, fmt: str, lang: str) -> bytes:
    """Return the download of an import check report (no dataset metadata: not published)."""
    return write(fmt, report(problems, lang), lang=lang)
