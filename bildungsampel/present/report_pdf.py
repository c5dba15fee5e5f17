"""Render a :class:`~bildungsampel.present.report.Report` as an A4 PDF with matplotlib.

Why matplotlib's ``PdfPages``: no PDF library (fpdf2, reportlab, WeasyPrint)
is installed, and matplotlib already draws every static figure of the product
(its PDF backend embeds a TrueType font subset and writes A4 pages). The
layout is small: a cursor runs down the page placing wrapped text lines,
table rows (the header repeats on every page) and figures (rasterised at
:data:`FIGURE_DPI`, scaled to the text width); every page gets a running head
and "Seite 3 von 12". Font: DejaVu Sans, shipped with matplotlib (umlauts,
„quotes“, ▲●▼◆, thin spaces), embedded as Type 42.

Layout first, drawing second: :func:`layout` returns the pages as lists of
placed items (tested without a PDF), :func:`pdf_bytes` draws them.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from bildungsampel.present.i18n import t
from bildungsampel.present.report_parts import Block, FigureBlock, Paragraph, Report, TableBlock

#: A4 in inches (210 mm × 297 mm).
A4 = (210 / 25.4, 297 / 25.4)
#: Margins in inches: left, top, right, bottom.
MARGINS = (0.75, 0.85, 0.75, 0.8)
#: Resolution of the figures placed on the pages (print quality).
FIGURE_DPI = 170
FONT = "DejaVu Sans"
#: Font sizes in points.
SIZES = {"title": 17.0, "subtitle": 10.0, "heading": 13.0, "body": 9.0, "note": 7.5, "cell": 6.5}
_LEADING = 1.3
_GREY = "#555555"


@dataclass(frozen=True)
class Text:
    """A line of text at ``(x, y)`` inches from the page's top left corner (baseline)."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    colour: str = "#111111"


@dataclass(frozen=True)
class Box:
    """A filled rectangle (table header, rating mark) or a rule (height 0)."""

    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True)
class Image:
    """A rendered figure: an RGBA array placed at ``(x, y)`` with its size in inches."""

    x: float
    y: float
    width: float
    height: float
    pixels: np.ndarray = field(repr=False)


Item = Text | Box | Image


# ---------------------------------------------------------------- measuring and wrapping

_PATHS = TextToPath()


@lru_cache(maxsize=20_000)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Return the width of ``text`` in inches at ``size`` points in :data:`FONT`."""
    prop = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    width, _, _ = _PATHS.get_text_width_height_descent(text, prop, ismath=False)
    return float(width) / 72


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width`` inches.

    Words stay whole unless one alone is too wide; line breaks in ``text`` are kept.
    """
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, bold=bold) > width and len(word) > 1:
                cut = _longest_prefix(word, width, size, bold)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _longest_prefix(word: str, width: float, size: float, bold: bool) -> int:
    n = len(word) - 1
    while n > 1 and text_width(word[:n], size, bold=bold) > width:
        n -= 1
    return n


def _line(size: float) -> float:
    return size * _LEADING / 72


# ---------------------------------------------------------------- layout


class _Pages:
    """The cursor running down the pages."""

    def __init__(self) -> None:
        self.pages: list[list[Item]] = [[]]
        self.left, self.top, right, bottom = MARGINS
        self.width = A4[0] - self.left - right
        self.bottom = A4[1] - bottom
        self.y = self.top
        #: Only the report's title is on this page: a section asking for a new page starts here.
        self.fresh = False

    @property
    def room(self) -> float:
        return self.bottom - self.y

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def new_page(self) -> None:
        if self.pages[-1] and not self.fresh:
            self.pages.append([])
            self.y = self.top
        self.fresh = False

    def need(self, height: float) -> None:
        if height > self.room:
            self.new_page()

    def add(self, item: Item) -> None:
        self.pages[-1].append(item)

    def lines(self, lines: Sequence[str], size: float, **style: object) -> None:
        for line in lines:
            self.need(_line(size))
            self.y += _line(size)
            self.add(Text(self.left, self.y - 0.25 * _line(size), line, size, **style))  # type: ignore[arg-type]


def layout(report: Report) -> list[list[Item]]:
    """Return the report's pages, each a list of placed items (without head and foot)."""
    pages = _Pages()
    pages.lines(
        wrap(report.title, pages.width, SIZES["title"], bold=True), SIZES["title"], bold=True
    )
    pages.lines(
        wrap(report.subtitle, pages.width, SIZES["subtitle"]), SIZES["subtitle"], colour=_GREY
    )
    pages.y += 0.1
    pages.fresh = True
    for section in report.sections:
        if section.new_page:
            pages.new_page()
        pages.fresh = False
        drawn = {id(b): _fit(b, pages) for b in section.blocks if isinstance(b, FigureBlock)}
        heading = wrap(section.title, pages.width, SIZES["heading"], bold=True)
        # a heading stays with its help lines and the first figure or table rows
        pages.need(
            len(heading) * _line(SIZES["heading"]) + 0.2 + _lead(section.blocks, pages, drawn)
        )
        pages.y += 0.12 if pages.y > pages.top else 0.0
        pages.lines(heading, SIZES["heading"], bold=True)
        pages.y += 0.05
        for block in section.blocks:
            if isinstance(block, FigureBlock):
                _figure(pages, block, drawn[id(block)])
            else:
                _place(pages, block)
            pages.y += 0.08
    return pages.pages


Fitted = tuple[np.ndarray, float, float]


def _lead(blocks: Sequence[Block], pages: _Pages, drawn: dict[int, Fitted]) -> float:
    """Return the height of the blocks up to the first figure or table (4 rows of a table)."""
    height = 0.0
    for block in blocks:
        if isinstance(block, Paragraph):
            size = SIZES[block.style]
            height += len(wrap(block.text, pages.width, size)) * _line(size)
            continue
        if isinstance(block, FigureBlock):
            return height + drawn[id(block)][2]
        return height + 4 * 3 * _line(SIZES["cell"])
    return height


def _place(pages: _Pages, block: Block) -> None:
    if isinstance(block, Paragraph):
        size = SIZES[block.style]
        colour = _GREY if block.style == "note" else "#111111"
        pages.lines(wrap(block.text, pages.width, size), size, colour=colour)
    elif isinstance(block, TableBlock):
        _table(pages, block)


def _fit(block: FigureBlock, pages: _Pages) -> Fitted:
    """Return the figure's pixels and its width and height on the page (inches)."""
    fig = block.draw()
    try:
        pixels = _raster(fig)
    finally:
        plt.close(fig)
    aspect = pixels.shape[0] / pixels.shape[1]
    width = pages.width
    height = width * aspect
    limit = block.max_height * pages.height
    if height > limit:
        height, width = limit, limit / aspect
    return pixels, width, height


def _figure(pages: _Pages, block: FigureBlock, fitted: Fitted) -> None:
    pixels, width, height = fitted
    caption = wrap(block.caption, pages.width, SIZES["note"]) if block.caption else []
    pages.need(height + len(caption) * _line(SIZES["note"]))
    pages.add(Image(pages.left + (pages.width - width) / 2, pages.y, width, height, pixels))
    pages.y += height
    pages.lines(caption, SIZES["note"], colour=_GREY)


def _raster(fig: Figure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=FIGURE_DPI, facecolor="white")
    buffer.seek(0)
    return plt.imread(buffer, format="png")


_PAD = 0.04  # inches inside a table cell
_MARK = 0.07  # side of a rating's colour box


def _table(pages: _Pages, block: TableBlock) -> None:
    size = SIZES["cell"]
    details: list[str] = []
    if block.detail in block.frame.columns:
        # the long column as a full-width line under each row (the reasons of the Ampel table)
        keep = [k for k, c in enumerate(block.frame.columns) if c != block.detail]
        details = [f"{block.detail}: {_cell(v)}" for v in block.frame[block.detail]]
        block = replace(
            block,
            frame=block.frame.drop(columns=block.detail),
            widths=tuple(block.widths[k] for k in keep if k < len(block.widths)),
        )
    columns = [str(c) for c in block.frame.columns]
    widths = column_widths(block, pages.width, size)
    marked = columns.index(block.marked) if block.marked in columns else -1
    header = [wrap(c, w - 2 * _PAD, size, bold=True) for c, w in zip(columns, widths, strict=True)]

    def head() -> None:
        height = max(len(h) for h in header) * _line(size) + 2 * _PAD
        pages.add(Box(pages.left, pages.y, pages.width, height, "#e6e6e6"))
        _cells(pages, header, widths, size, bold=True)
        pages.y += height

    pages.need(max(len(h) for h in header) * _line(size) * 2 + 4 * _PAD)
    head()
    for r, row in enumerate(block.frame.itertuples(index=False)):
        cells = [
            wrap(_cell(v), w - 2 * _PAD - (_MARK + _PAD if c == marked else 0), size)
            for c, (v, w) in enumerate(zip(row, widths, strict=True))
        ]
        height = max(len(c) for c in cells) * _line(size) + 2 * _PAD
        detail = wrap(details[r], pages.width - 4 * _PAD, size) if details else []
        height += len(detail) * _line(size)
        if height > pages.room:
            pages.new_page()
            head()
        if marked >= 0 and r < len(block.marks):
            x = pages.left + sum(widths[:marked]) + _PAD
            pages.add(Box(x, pages.y + _PAD + 0.02, _MARK, _MARK, block.marks[r]))
        _cells(pages, cells, widths, size, indent={marked: _MARK + _PAD})
        top = pages.y + max(len(c) for c in cells) * _line(size) + _PAD
        for n, line in enumerate(detail):
            y = top + (n + 1) * _line(size) - 0.25 * _line(size)
            pages.add(Text(pages.left + 3 * _PAD, y, line, size, colour=_GREY))
        pages.y += height
        pages.add(Box(pages.left, pages.y, pages.width, 0.0, "#9a9a9a"))


def column_widths(block: TableBlock, total: float, size: float) -> list[float]:
    """Return the width of each column (inches) filling ``total``.

    Every column gets at least its longest word, and a short cell (up to
    :data:`_WHOLE` characters: a value with its unit, a year, a rating) whole;
    the rest of the width goes to the columns in proportion to their
    ``widths`` weight times what they still lack to show every cell on one line.
    """
    columns = [str(c) for c in block.frame.columns]
    cells = [[_cell(v) for v in block.frame[c]] for c in block.frame.columns]
    extra = 2 * _PAD + 0.02  # a little slack: measured and drawn widths round differently
    least, full = [], []
    for name, texts in zip(columns, cells, strict=True):
        mark = _MARK + _PAD if name == block.marked else 0.0
        heads = [text_width(w, size, bold=True) for w in name.split()]
        # a long word of a cell ("SGB-II-Bedarfsgemeinschaften") may break rather than
        # squeeze every other column
        words = [min(text_width(w, size), _LONG_WORD) for x in texts for w in x.split()]
        whole = [text_width(x, size) for x in texts if len(x) <= _WHOLE]
        low = max([*heads, *words, *whole, 0.2])
        high = max([text_width(x, size) for x in texts] + [low])
        least.append(low + extra + mark)
        full.append(high + extra + mark)
    spare = total - sum(least)
    if spare <= 0:
        return [total * w / sum(least) for w in least]
    needed = sum(f - lo for f, lo in zip(full, least, strict=True))
    if needed <= spare:
        return [f + (spare - needed) / len(full) for f in full]
    weights = block.widths if len(block.widths) == len(columns) else (1.0,) * len(columns)
    wants = [(f - lo) * w for f, lo, w in zip(full, least, weights, strict=True)]
    return [lo + spare * want / sum(wants) for lo, want in zip(least, wants, strict=True)]


#: Cells up to this many characters are never wrapped (values, years, ratings).
_WHOLE = 14
#: Inches: a word of a cell wider than this may be broken.
_LONG_WORD = 0.9


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _cells(
    pages: _Pages,
    cells: Sequence[Sequence[str]],
    widths: Sequence[float],
    size: float,
    *,
    bold: bool = False,
    indent: dict[int, float] | None = None,
) -> None:
    x = pages.left
    for c, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        shift = (indent or {}).get(c, 0.0)
        for n, line in enumerate(lines):
            y = pages.y + _PAD + (n + 1) * _line(size) - 0.25 * _line(size)
            pages.add(Text(x + _PAD + shift, y, line, size, bold=bold))
        x += width


# ---------------------------------------------------------------- drawing


def pdf_bytes(report: Report) -> bytes:
    """Return the report as an A4 PDF: running head, page numbers, embedded DejaVu Sans."""
    pages = layout(report)
    buffer = io.BytesIO()
    with (
        matplotlib.rc_context({"pdf.fonttype": 42, "font.family": FONT}),
        PdfPages(buffer, metadata=_metadata(report)) as pdf,
    ):
        for number, items in enumerate(pages, start=1):
            fig = _page(items, report, number, len(pages))
            pdf.savefig(fig)
    return buffer.getvalue()


def _metadata(report: Report) -> dict[str, object]:
    return {
        "Title": report.title,
        "Subject": report.subtitle,
        "Creator": "Bildungsampel",
        "CreationDate": report.generated_at,
    }


def _page(items: Sequence[Item], report: Report, number: int, total: int) -> Figure:
    fig = Figure(figsize=A4)
    width, height = A4
    left, top, right, bottom = MARGINS
    page_no = t("report.page", report.lang, page=number, pages=total)
    room = width - left - right - text_width(page_no, SIZES["note"]) - 0.25
    foot: list[Item] = [Box(left, height - bottom + 0.18, width - left - right, 0.0, "#9a9a9a")]
    for n, line in enumerate(wrap(report.footer, room, SIZES["note"])[:3]):
        y = height - bottom + 0.35 + n * _line(SIZES["note"])
        foot.append(Text(left, y, line, SIZES["note"], colour=_GREY))
    head = [Text(left, top - 0.3, report.title, SIZES["note"], colour=_GREY)] if number > 1 else []
    for item in [*head, *foot, *items]:
        _draw(fig, item)
    fig.text(
        (width - right) / width,
        1 - (height - bottom + 0.35) / height,
        page_no,
        fontsize=SIZES["note"],
        ha="right",
        va="baseline",
        color="#111111",
    )
    return fig


def _draw(fig: Figure, item: Item) -> None:
    width, height = A4
    if isinstance(item, Text):
        fig.text(
            item.x / width,
            1 - item.y / height,
            item.text,
            fontsize=item.size,
            fontweight="bold" if item.bold else "normal",
            color=item.colour,
            va="baseline",
            ha="left",
            parse_math=False,
        )
    elif isinstance(item, Box):
        rect = (item.x / width, 1 - (item.y + item.height) / height, item.width / width)
        if item.height == 0:
            fig.add_artist(
                Line2D([rect[0], rect[0] + rect[2]], [rect[1], rect[1]], lw=0.4, color=item.colour)
            )
        else:
            fig.add_artist(
                Rectangle(rect[:2], rect[2], item.height / height, color=item.colour, lw=0)
            )
    else:
        ax = fig.add_axes(
            (
                item.x / width,
                1 - (item.y + item.height) / height,
                item.width / width,
                item.height / height,
            )
        )
        ax.imshow(item.pixels, interpolation="none")  # embedded as is, no resampling
        ax.set_axis_off()


def texts(pages: Sequence[Sequence[Item]]) -> Iterator[str]:
    """Yield every text placed on ``pages`` in order (for tests and a plain-text view)."""
    for items in pages:
        for item in items:
            if isinstance(item, Text):
                yield item.text
