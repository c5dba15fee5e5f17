"""The consistency rules every published version keeps, checked inside the write.

The checks an analyst sees before publishing (values that would lose their
area, upload rows matched to areas, catalogue entries) are run against the
version that was current *then*. Another analyst may publish in between, so
:meth:`bildungsampel.service.store.Store.publish` repeats them inside its write
transaction against the version it really replaces, with the functions here:
they take plain sets (read in that transaction) and raise
:class:`ConsistencyError` before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bildungsampel.service import messages as _messages  # noqa: F401 - registers the messages
from bildungsampel.service.storefile import StoreError
from indicators.aggregate import CITY_ID
from indicators.messages import Message

__all__ = ["ConsistencyError", "check_version"]

#: How many ids a message names before it gives the count.
SHOWN = 10


class ConsistencyError(StoreError):
    """A publish refused because the new version would hold values without an area or entry."""


def _ids(values: Iterable[str]) -> str:
    ids = sorted(values)
    shown = ", ".join(ids[:SHOWN])
    return shown if len(ids) <= SHOWN else f"{shown} … ({len(ids)})"


def _stale(based_on: int | None, base: int | None) -> Message:
    """Return the opening that says the published state changed since the check (or nothing)."""
    if based_on is None or based_on == base:
        return Message("consistency.current")
    return Message("consistency.stale", {"based_on": based_on, "base": base})


def check_version(
    *,
    base: int | None,
    based_on: int | None,
    areas: set[str],
    kept_area_ids: set[str] | None,
    new_rows: Iterable[tuple[str, str]],
    catalog_ids: set[str],
    changed_entries: Mapping[str, Any] | None = None,
) -> None:
    """Raise :class:`ConsistencyError` when the version about to be written is inconsistent.

    Parameters
    ----------
    base, based_on : int or None
        The version being replaced, and the one the analyst's check was made
        against (named in the message when they differ).
    areas : set of str
        Area ids of the new version.
    kept_area_ids : set of str or None
        Area ids of the observations carried over from ``base`` (None: the
        areas did not change, so they still fit).
    new_rows : iterable of (area id, indicator)
        The observations of the upload.
    catalog_ids : set of str
        Indicator ids of the new version's catalogue (after the merge).
    changed_entries : mapping, optional
        Indicators of the upload whose catalogue entry changed between
        ``based_on`` and ``base`` (their values were checked against another
        entry): refused, the file must be checked again.
    """
    stale = _stale(based_on, base)
    pairs = list(new_rows)
    orphaned = (kept_area_ids or set()) - areas - {CITY_ID}
    if orphaned:
        raise ConsistencyError("consistency.orphaned", stale=stale, ids=_ids(orphaned))
    unknown = {a for a, _ in pairs} - areas - {CITY_ID}
    if unknown:
        raise ConsistencyError("consistency.unknown_areas", stale=stale, ids=_ids(unknown))
    no_entry = {i for _, i in pairs} - catalog_ids
    if no_entry:
        raise ConsistencyError("consistency.no_entry", stale=stale, ids=_ids(no_entry))
    if changed_entries:
        raise ConsistencyError(
            "consistency.changed_entries", stale=stale, ids=_ids(changed_entries)
        )


def check_levels(
    *, base: int | None, based_on: int | None, areas: set[str], level_areas: set[str]
) -> None:
    """Refuse new levels whose lowest areas are not the areas of the version they would join.

    ``import hierarchy`` checks the key table against the published areas; when
    another version with other areas was published in between, the levels no
    longer fit and the table must be checked again.
    """
    differ = areas ^ level_areas
    if differ:
        stale = _stale(based_on, base)
        raise ConsistencyError("consistency.levels_areas", stale=stale, ids=_ids(differ))
