"""Count tables: empty count cells, and counts of rates derived from another indicator.

A count table (facility lists, inhabitants) often leaves a cell empty where it
means 0. Such cells are reported once per column with their number and stay
missing, or are read as 0 when the analyst says so
(:attr:`indicators.importer.ImportOptions.empty_as_zero`).

An indicator whose catalogue entry names a ``denominator`` (Kitas per 1,000
inhabitants) is delivered as its count: the cell becomes the row's
``numerator``, and the value is completed from the denominator indicator's
value for the same area and period where values are completed
(:func:`indicators.observations.complete_values`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from indicators.catalog import Catalog, Indicator, Kind
from indicators.importer.report import Problem, grouped
from indicators.observations import map_distinct


def _is_count_table(indicator: Indicator) -> bool:
    return indicator.kind is Kind.COUNT or bool(indicator.denominator)


def _mask(body: pd.DataFrame, catalog: Catalog, test: Callable[[Indicator], bool]) -> pd.Series:
    """Rows of ``body`` whose catalogue indicator passes ``test`` (unknown ones do not)."""
    values = map_distinct(body["indicator"], lambda i: i in catalog and test(catalog[i]))
    return pd.Series(values.astype(bool), index=body.index)


def empty_count_cells(
    body: pd.DataFrame, catalog: Catalog, *, as_zero: bool = False
) -> tuple[pd.DataFrame, list[Problem]]:
    """Report the empty value cells of count columns once per column; read them as 0 if asked.

    A count column is the value column of an indicator of ``kind: count`` or
    with a ``denominator``. A cell is empty when it holds nothing (not ``.``,
    ``x`` or a declared code, which keep their reason) and the row delivers
    no counts of its own.

    Parameters
    ----------
    body : pandas.DataFrame
        The matched long rows (``value``, ``missing_reason``, ``source_row``,
        ``value_column`` …).
    catalog : Catalog
        Says which indicators are counts.
    as_zero : bool
        Read the empty cells as 0 (reported as read so) instead of missing.

    Returns
    -------
    tuple of (pandas.DataFrame, list of Problem)
        ``body`` (empty cells set to 0 when ``as_zero``) and one warning per column.
    """
    empty = (
        _mask(body, catalog, _is_count_table)
        & body["value"].isna()
        & (body["missing_reason"] == "missing")
        & body["numerator"].isna()
        & body["denominator"].isna()
    )
    if not empty.any():
        return body, []
    found = pd.DataFrame({"column": body["value_column"], "text": "", "row": body["source_row"]})[
        empty
    ]
    key = "importer.cell.empty_count.zero" if as_zero else "importer.cell.empty_count"
    problems = grouped(found, problem=key, fix=f"{key}.fix", severity="warning")
    if as_zero:
        body = body.copy()
        body.loc[empty, "value"] = 0.0
        body.loc[empty, "missing_reason"] = None
    return body, problems


def counts_of_derived_rates(body: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Return ``body`` with the delivered cell of a derived rate as its ``numerator``.

    Rows of an indicator with a catalogue ``denominator`` that deliver no
    numerator of their own get their value as the numerator and no value;
    rows delivering counts keep them as they are.
    """
    derived = _mask(body, catalog, lambda i: bool(i.denominator)) & body["numerator"].isna()
    if not derived.any():
        return body
    body = body.copy()
    body.loc[derived, "numerator"] = body.loc[derived, "value"]
    body.loc[derived, "value"] = np.nan
    return body
