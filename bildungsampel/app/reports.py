"""The committee report behind the profile page's button (made on click, never cached)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from bildungsampel.app import cache
from bildungsampel.app.state import settings
from bildungsampel.present import report, report_pdf
from bildungsampel.present.palettes import Palette


def area_report(
    level: str, area: str, year: str | None, lang: str, palette: Palette
) -> Callable[..., bytes]:
    """Return ``f(fmt="pdf")`` making the committee report of one area as A4 PDF bytes.

    For :func:`bildungsampel.app.widgets.downloads`: the report is made when
    the user clicks (it takes seconds, and its "erstellt am" is the moment of
    the click) from the cached dataset and ratings; the PDF itself is not
    cached. Its footer names the data version it was made from.
    """
    return functools.partial(_area_report, level, area, year, lang, palette)


def _area_report(
    level: str, area: str, year: str | None, lang: str, palette: Palette, *, fmt: str
) -> bytes:
    del fmt  # the one format the button offers: a PDF
    rated = cache.ratings(level, year, lang, areas=(area,))
    options = report.ReportOptions(level, lang, palette, settings(), year)
    ctx = report.area_context(
        cache.dataset(), rated, area, options, among=cache.classified(level, year)
    )
    return report_pdf.pdf_bytes(report.area_report(ctx))
