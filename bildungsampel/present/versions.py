"""Versions for people: local times and a comparison written as sentences (pure, no Streamlit).

The store keeps UTC ISO timestamps and developer keys
(:func:`bildungsampel.service.store.reading.compare`); this module turns them
into what an education office reads: "03.12.2026 06:39" in the city's time
zone, and "2 Indikatoren neu: Gymnasialquote, …".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bildungsampel.present import version_messages as _version_messages  # noqa: F401
from bildungsampel.present.i18n import level_label, t

#: The time zone versions are shown in (German municipalities).
TIME_ZONE = ZoneInfo("Europe/Berlin")
#: How many names one comparison line lists before "…".
LISTED = 8


def local_time(stamp: str | None, lang: str) -> str:
    """Return a stored UTC timestamp as local time (Europe/Berlin) in the language's format.

    Examples
    --------
    >>> local_time("2026-12-03T05:39:12+00:00", "de"), local_time("2026-07-01T10:00:00", "en")
    ('03.12.2026 06:39', '2026-07-01 12:00')
    """
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(TIME_ZONE).strftime(t("ver.time_format", lang))


def _listed(items: Sequence[str]) -> str:
    items = list(items)
    return ", ".join(items[:LISTED]) + (" …" if len(items) > LISTED else "")


def _label(entries: Mapping[str, Mapping[str, Any]], ind: str, lang: str) -> str:
    entry = entries.get(ind, {})
    return str(entry.get(f"label_{lang}") or entry.get("label_de") or ind)


def comparison(diff: Mapping[str, Any], old: int, new: int, lang: str) -> list[str]:
    """Return what changed from version ``old`` to ``new`` as sentences, one per kind of change.

    Parameters
    ----------
    diff : mapping
        The result of :meth:`bildungsampel.service.store.Store.compare`.
    old, new : int
        The version numbers compared.
    lang : str
        Language of the sentences.

    Returns
    -------
    list of str
        A headline, then one line each for indicators, periods, areas and
        values (per indicator); "no differences" when nothing changed.
        Plain text: escape before rendering as Markdown.
    """
    entries = diff.get("entries", {})
    names = diff.get("names", {})

    def label(ind: str) -> str:
        return _label(entries, ind, lang)

    def area(area_id: str) -> str:
        name = names.get(area_id)
        return f"{name} ({area_id})" if name and name != area_id else str(area_id)

    lines = [t("ver.diff.head", lang, old=old, new=new)]

    def say(key: str, items: list[str]) -> None:
        if items:
            lines.append(t(f"ver.diff.{key}", lang, n=len(items), items=_listed(items)))

    for what in ("added", "removed"):
        inds = diff.get(f"indicators_{what}", [])
        say(f"indicators_{what}", [label(i) for i in inds])
        pairs = diff.get(f"periods_{what}", [])
        say(f"periods_{what}", [f"{label(i)} {p}" for i, p in pairs if i not in inds])
        say(f"areas_{what}", [area(a) for a in diff.get(f"areas_{what}", [])])
    say("areas_renamed", [area(a) for a in diff.get("areas_renamed", [])])
    levels = diff.get("levels") or {}
    if levels:

        def chain(found: list[tuple[str, str, int]]) -> str:
            return " → ".join(f"{w or level_label(i, lang)} ({n})" for i, w, n in found)

        lines.append(
            t("ver.diff.levels", lang, before=chain(levels["before"]), after=chain(levels["after"]))
        )
    counts = {w: int(diff.get(f"observations_{w}", 0)) for w in ("added", "changed", "removed")}
    if any(counts.values()):
        per = [
            t("ver.diff.per_indicator", lang, indicator=label(ind), **c)
            for ind, c in diff.get("values_by_indicator", {}).items()
            if any(c.values())
        ]
        lines.append(t("ver.diff.values", lang, **counts, details=_listed(per)))
    if len(lines) == 1:
        lines.append(t("ver.diff.none", lang))
    return lines
