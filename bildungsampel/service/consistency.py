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

from bildungsampel.service.storefile import StoreError
from indicators.aggregate import CITY_ID

__all__ = ["ConsistencyError", "check_version"]

#: How many ids a message names before it gives the count.
SHOWN = 10


class ConsistencyError(StoreError):
    """A publish refused because the new version would hold values without an area or entry."""


def _ids(values: Iterable[str]) -> str:
    ids = sorted(values)
    shown = ", ".join(ids[:SHOWN])
    return shown if len(ids) <= SHOWN else f"{shown} … ({len(ids)})"


def _stale(based_on: int | None, base: int | None) -> tuple[str, str]:
    if based_on is None or based_on == base:
        return "", ""
    return (
        f"the published state changed since your check (version {based_on} → {base}): ",
        f"der veröffentlichte Stand hat sich seit Ihrer Prüfung geändert (Version {based_on} "
        f"→ {base}): ",
    )


_NOTHING = ("Nothing was changed.", "Es wurde nichts geändert.")


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
    stale_en, stale_de = _stale(based_on, base)
    pairs = list(new_rows)
    orphaned = (kept_area_ids or set()) - areas - {CITY_ID}
    if orphaned:
        raise ConsistencyError(
            f"not published: {stale_en}areas {_ids(orphaned)} have published values but are "
            "missing from the new boundaries; keep their ids or remove their values first, "
            f"then check the file again. {_NOTHING[0]}",
            message_de=f"nicht veröffentlicht: {stale_de}Gebiete {_ids(orphaned)} haben "
            "veröffentlichte Werte, fehlen aber in den neuen Grenzen; bitte ihre IDs beibehalten "
            f"oder zuerst ihre Werte entfernen und die Datei erneut prüfen. {_NOTHING[1]}",
        )
    unknown = {a for a, _ in pairs} - areas - {CITY_ID}
    if unknown:
        raise ConsistencyError(
            f"not published: {stale_en}area ids {_ids(unknown)} of the upload are not in the "
            "published boundaries; check the file again "
            f"against the current boundaries. {_NOTHING[0]}",
            message_de=f"nicht veröffentlicht: {stale_de}Gebiets-IDs {_ids(unknown)} der "
            "Indikatortabelle fehlen in den veröffentlichten Grenzen; bitte die Datei gegen die "
            f"aktuellen Grenzen erneut prüfen. {_NOTHING[1]}",
        )
    no_entry = {i for _, i in pairs} - catalog_ids
    if no_entry:
        raise ConsistencyError(
            f"not published: {stale_en}indicators {_ids(no_entry)} have values but no catalogue "
            f"entry; add their entries (catalogue file) and check again. {_NOTHING[0]}",
            message_de=f"nicht veröffentlicht: {stale_de}Indikatoren {_ids(no_entry)} haben "
            "Werte, aber keinen Katalogeintrag; bitte ihre Einträge (Katalogdatei) ergänzen und "
            f"erneut prüfen. {_NOTHING[1]}",
        )
    if changed_entries:
        raise ConsistencyError(
            f"not published: {stale_en}the catalogue entries of indicators "
            f"{_ids(changed_entries)} were changed meanwhile and the values were checked against "
            f"the old ones; check the file again. {_NOTHING[0]}",
            message_de=f"nicht veröffentlicht: {stale_de}die Katalogeinträge der Indikatoren "
            f"{_ids(changed_entries)} wurden inzwischen geändert, die Werte aber gegen die alten "
            f"geprüft; bitte die Datei erneut prüfen. {_NOTHING[1]}",
        )
