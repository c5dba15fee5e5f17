"""The objects of a committee report: a :class:`Report` of :class:`Section` objects of blocks.

Built by :mod:`bildungsampel.present.report`, drawn by :mod:`bildungsampel.present.report_pdf`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import pandas as pd
from matplotlib.figure import Figure


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``style`` "note" is smaller and grey (help lines, captions)."""

    text: str
    style: Literal["body", "note"] = "body"


@dataclass(frozen=True)
class TableBlock:
    """A table: the frame's headers and cells as text, relative column widths.

    ``marks`` holds one colour per row drawn as a small box before the cells of
    column ``marked`` (the rating's colour beside its symbol and word); the
    column ``detail`` (a long text: the reason) is printed as a full-width
    line under each row instead of as a column.
    """

    frame: pd.DataFrame
    widths: tuple[float, ...]
    marks: tuple[str, ...] = ()
    marked: str = ""
    detail: str = ""


@dataclass(frozen=True)
class FigureBlock:
    """A matplotlib figure, drawn when the report is rendered, with its caption."""

    draw: Callable[[], Figure]
    caption: str = ""
    #: Largest share of the page's text height the figure may take.
    max_height: float = 0.9


Block = Paragraph | TableBlock | FigureBlock


@dataclass(frozen=True)
class Section:
    """A titled part of the report; ``new_page`` starts it on a fresh page."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    new_page: bool = False


@dataclass(frozen=True)
class Report:
    """A whole report: title, subtitle, footer line and sections in order."""

    title: str
    subtitle: str
    footer: str
    lang: str
    sections: tuple[Section, ...]
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def text(self) -> str:
        """Return every text of the report (titles, paragraphs, table cells), one per line."""
        lines = [self.title, self.subtitle]
        for section in self.sections:
            lines.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                elif isinstance(block, TableBlock):
                    lines.append(" | ".join(map(str, block.frame.columns)))
                    lines += [" | ".join(map(str, r)) for r in block.frame.itertuples(index=False)]
                else:
                    lines.append(block.caption)
        return "\n".join(lines)
